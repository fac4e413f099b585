import type { InstituteSearchQuery, TaskSearchQuery } from '../../../shared/schemas/search.ts';
import { isSignedIn, type AuthContext } from '../auth/auth-context.ts';

// Values come from schema-validated enums, dates and integers; quoting is still applied so a
// future free-text filter cannot break out of the expression.
const quote = (value: string | number) => JSON.stringify(String(value));
const anyOf = (field: string, values: readonly (string | number)[] | undefined) =>
  values?.length ? `${field} IN [${values.map(quote).join(', ')}]` : null;
const toEpoch = (isoDate: string) => Math.floor(new Date(`${isoDate}T00:00:00Z`).getTime() / 1000);

/** Published tasks the caller may see, narrowed by the query's filters. */
export function buildTaskFilter(auth: AuthContext, query: Omit<TaskSearchQuery, 'q' | 'page' | 'pageSize' | 'semanticRatio'>): string[] {
  const visibilities = isSignedIn(auth) ? ['public', 'registered'] : ['public'];
  return [
    'status = "published"',
    anyOf('visibility', visibilities),
    anyOf('priorityArea', query.priorityArea),
    anyOf('region', query.region),
    anyOf('lang', query.lang),
    anyOf('budgetBand', query.budgetBand),
    query.budgetFrom !== undefined ? `budget >= ${Number(query.budgetFrom)}` : null,
    query.budgetTo !== undefined ? `budget <= ${Number(query.budgetTo)}` : null,
    query.trlFrom !== undefined ? `trlTarget >= ${Number(query.trlFrom)}` : null,
    query.trlTo !== undefined ? `trlTarget <= ${Number(query.trlTo)}` : null,
    query.deadlineFrom ? `deadlineTs >= ${toEpoch(query.deadlineFrom)}` : null,
    query.deadlineTo ? `deadlineTs <= ${toEpoch(query.deadlineTo)}` : null,
    query.organisationId ? `organisationId = ${quote(query.organisationId)}` : null,
  ].filter((part): part is string => part !== null);
}

/** Narrows a search to the given documents (alerts ask "would this search find these new tasks?"). */
export function buildIdFilter(ids: readonly string[]): string {
  return anyOf('id', ids) ?? 'id IN []';
}

export function buildInstituteFilter(query: Omit<InstituteSearchQuery, 'q' | 'page' | 'pageSize' | 'semanticRatio'>): string[] {
  return [
    anyOf('priorityAreas', query.priorityArea),
    anyOf('region', query.region),
    anyOf('lang', query.lang),
    query.accreditedOnly ? 'accredited = true' : null,
  ].filter((part): part is string => part !== null);
}
