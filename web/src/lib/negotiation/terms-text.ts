// Terms in words: a diff's JSON-pointer field as a person reads it ("Milestone 2 · amount"), its
// values formatted (money with the locale's separators, dates, IP model names). Pure: the page passes
// its translator and locale, tests pass the catalogs'.
import type { Locale } from '../../../../shared/constants.ts';
import type { MessageKey, MessageParams } from '../../../../shared/i18n/index.ts';
import { formatDate, formatKzt } from '../../../../shared/money.ts';
import { COFINANCING_SOURCES, type Milestone } from '../../../../shared/schemas/proposals.ts';
import { IP_MODELS, type IpModel, type TermsChange } from '../../../../shared/schemas/terms.ts';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface DescribedChange {
  field: string;
  before: string;
  after: string;
}

const MILESTONE_FIELDS = ['title', 'deliverable', 'dueDate', 'amountKzt'] as const;
const isSource = (value: string): value is (typeof COFINANCING_SOURCES)[number] => (COFINANCING_SOURCES as readonly string[]).includes(value);
const isIpModel = (value: unknown): value is IpModel => typeof value === 'string' && (IP_MODELS as readonly string[]).includes(value);

export function fieldLabel(field: string, t: Translate): string {
  const parts = field.split('/').slice(1);
  const [head, second, third] = parts;
  if (head === 'cofinancing' && second && isSource(second)) return t('negotiations.fields.cofinancingLine', { source: t(`proposals.source.${second}`) });
  if (head === 'milestones' && second !== undefined) {
    const number = Number(second) + 1;
    if (third && (MILESTONE_FIELDS as readonly string[]).includes(third)) {
      return t('negotiations.fields.milestonePart', { number, part: t(`negotiations.fields.milestone.${third as (typeof MILESTONE_FIELDS)[number]}`) });
    }
    return t('negotiations.fields.milestoneWhole', { number });
  }
  switch (head) {
    case 'totalBudgetKzt':
    case 'ipModel':
    case 'publicationDelayDays':
    case 'confidentialityYears':
    case 'startDate':
    case 'publicDisclosure':
      return t(`negotiations.fields.${head}`);
    default:
      return field;
  }
}

export function formatTermsValue(field: string, value: unknown, t: Translate, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  const last = field.split('/').pop() ?? '';
  if (typeof value === 'boolean' && last === 'publicDisclosure') return t(value ? 'negotiations.disclosure.public' : 'negotiations.disclosure.private');
  if (typeof value === 'number') {
    if (last.endsWith('Kzt') || field.startsWith('/cofinancing/')) return formatKzt(value, locale);
    if (last === 'publicationDelayDays') return t('negotiations.units.days', { count: value });
    if (last === 'confidentialityYears') return t('negotiations.units.years', { count: value });
    return String(value);
  }
  if (typeof value === 'string') {
    if ((last === 'dueDate' || last === 'startDate') && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
    if (last === 'ipModel' && isIpModel(value)) return t(`negotiations.ip.${value}.name`);
    return value;
  }
  if (typeof value === 'object' && 'title' in value) {
    const milestone = value as Milestone;
    return `${milestone.title} · ${formatDate(milestone.dueDate, locale)} · ${formatKzt(milestone.amountKzt, locale)}`;
  }
  return JSON.stringify(value);
}

export function describeChange(change: TermsChange, t: Translate, locale: Locale): DescribedChange {
  return {
    field: fieldLabel(change.field, t),
    before: formatTermsValue(change.field, change.before, t, locale),
    after: formatTermsValue(change.field, change.after, t, locale),
  };
}
