import type { Db } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import type { Institute, InstituteQuery, InstituteSummary, UpdateInstituteBody } from '../../../shared/schemas/institutes.ts';
import type { Locale, PriorityArea, Region } from '../../../shared/constants.ts';
import type { OrganisationRow } from '../organisations/organisations.table.ts';
import type { InstituteProfileRow } from './institutes.table.ts';
import { createInstitutesRepo } from './institutes.repo.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createOutboxRepo } from '../search/outbox.repo.ts';
import { auditActorOf, requireMemberOf, requireOwnerOf, type AuthContext } from '../auth/auth-context.ts';

const SUMMARY_LENGTH = 280;

export function summarize(text: string, length = SUMMARY_LENGTH): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length - 40)).trimEnd()}…`;
}

/** What a full profile and a list entry both say about an institute. */
function instituteBasics(organisation: OrganisationRow, profile: InstituteProfileRow) {
  return {
    id: organisation.id,
    externalId: organisation.externalId,
    name: organisation.name,
    region: organisation.region as Region | null,
    city: organisation.city,
    lang: profile.lang as Locale,
    keywords: profile.keywords,
    priorityAreas: profile.priorityAreas as PriorityArea[],
  };
}

export function toInstitute(organisation: OrganisationRow, profile: InstituteProfileRow): Institute {
  return {
    ...instituteBasics(organisation, profile),
    website: organisation.website,
    description: profile.description,
    laboratories: profile.laboratories,
    pastProjects: profile.pastProjects,
    publications: profile.publications,
    updatedAt: profile.updatedAt.toISOString(),
  };
}

export function toInstituteSummary(organisation: OrganisationRow, profile: InstituteProfileRow): InstituteSummary {
  return {
    ...instituteBasics(organisation, profile),
    summary: summarize(profile.description),
    laboratoryCount: profile.laboratories.length,
    accreditedLaboratoryCount: profile.laboratories.filter((lab) => lab.accredited).length,
  };
}

export function createInstitutesService({ db }: { db: Db }) {
  const institutesRepo = createInstitutesRepo({ db });
  const organisationsRepo = createOrganisationsRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const outbox = createOutboxRepo({ db });

  return {
    /** Institute profiles are public: they are how enterprises find a partner. */
    async getInstitute(id: string): Promise<Institute> {
      const row = await institutesRepo.findById(id);
      if (!row) throw notFound('institutes.not_found', 'The institute');
      return toInstitute(row.organisation, row.profile);
    },

    async listInstitutes(query: InstituteQuery) {
      const page = await institutesRepo.list(query);
      return { ...page, items: page.items.map((row) => toInstituteSummary(row.organisation, row.profile)) };
    },

    async updateInstitute(auth: AuthContext, id: string, body: UpdateInstituteBody): Promise<Institute> {
      if (!(await institutesRepo.findById(id))) throw notFound('institutes.not_found', 'The institute');
      requireMemberOf(auth, id);
      const organisationChanges = { region: body.region, city: body.city, website: body.website };
      const changesOrganisation = Object.values(organisationChanges).some((value) => value !== undefined);
      // Region, city and website belong to the organisation: the same rule as its own route (owners).
      if (changesOrganisation) requireOwnerOf(auth, id, 'Only an owner of the institute can change its region, city or website.');
      return db.transaction(async (tx) => {
        if (changesOrganisation) await organisationsRepo.updateDetails(id, organisationChanges, tx);
        await institutesRepo.updateProfile(id, body, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: id, action: 'institute.update', entityType: 'institute', entityId: id, changes: body }, tx);
        await outbox.enqueue('institute', [id], tx);
        const row = await institutesRepo.findById(id, tx);
        return toInstitute(row!.organisation, row!.profile);
      });
    },
  };
}
export type InstitutesService = ReturnType<typeof createInstitutesService>;
