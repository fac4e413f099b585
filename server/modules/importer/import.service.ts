import type { Db, Tx } from '../../db/database.ts';
import type { ImportInstitute, ImportTask } from '../../../shared/schemas/import.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createInstitutesRepo } from '../institutes/institutes.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createAuditRepo, type AuditActor } from '../audit/audit.repo.ts';
import { createOutboxRepo } from '../search/outbox.repo.ts';
import { validateImportFile } from './import.validation.ts';

export interface ImportSummary {
  institutes: { created: number; updated: number };
  tasks: { created: number; updated: number };
  enterprisesCreated: number;
}

export interface ImportOptions {
  actor?: AuditActor;
  onProgress?: (done: number, total: number) => void;
}

export function createImportService({ db }: { db: Db }) {
  const organisationsRepo = createOrganisationsRepo({ db });
  const institutesRepo = createInstitutesRepo({ db });
  const tasksRepo = createTasksRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const outbox = createOutboxRepo({ db });

  async function upsertInstitute(tx: Tx, record: ImportInstitute, actor: AuditActor): Promise<'created' | 'updated'> {
    const details = { name: record.name, region: record.region ?? null, city: record.city ?? null, website: record.website ?? null };
    const existing = await organisationsRepo.findByExternalId(record.externalId, tx);
    const organisation = existing
      ? await organisationsRepo.updateDetails(existing.id, details, tx)
      : await organisationsRepo.insert({ ...details, bin: record.bin ?? null, kind: 'institute', externalId: record.externalId }, tx);
    if (existing && record.bin) await organisationsRepo.setBin(existing.id, record.bin, tx);
    if (!existing) await institutesRepo.insertEmptyProfile(organisation.id, tx);
    await institutesRepo.updateProfile(
      organisation.id,
      {
        lang: record.lang, description: record.description, keywords: record.keywords ?? [], priorityAreas: record.priorityAreas ?? [],
        laboratories: record.laboratories ?? [], pastProjects: record.pastProjects ?? [], publications: record.publications ?? [],
      },
      tx,
    );
    await outbox.enqueue('institute', [organisation.id], tx);
    const action = existing ? 'updated' : 'created';
    await auditRepo.record({ actor, organisationId: organisation.id, action: `institute.import_${action === 'created' ? 'create' : 'update'}`, entityType: 'institute', entityId: organisation.id, changes: { externalId: record.externalId } }, tx);
    return action;
  }

  async function findOrCreateEnterprise(tx: Tx, name: string, actor: AuditActor) {
    const existing = await organisationsRepo.findByKindAndName('enterprise', name, tx);
    if (existing) return { organisation: existing, created: false };
    const organisation = await organisationsRepo.insert({ kind: 'enterprise', name }, tx);
    await auditRepo.record({ actor, organisationId: organisation.id, action: 'organisation.import_create', entityType: 'organisation', entityId: organisation.id, changes: { name } }, tx);
    return { organisation, created: true };
  }

  async function upsertTask(tx: Tx, record: ImportTask, organisationId: string, actor: AuditActor): Promise<'created' | 'updated'> {
    const status = record.status ?? 'published';
    const content = {
      lang: record.lang, title: record.title, problem: record.description,
      priorityArea: record.priorityArea, region: record.region,
      budgetMinKzt: record.budgetMinKzt ?? null, budgetMaxKzt: record.budgetKzt ?? null,
      trlTarget: record.trlTarget, trlCurrent: record.trlCurrent ?? null,
      currentProcess: record.currentProcess ?? null, processParameters: record.processParameters ?? null, kpis: record.kpis ?? [],
      constraints: record.constraints ?? null, triedBefore: record.triedBefore ?? null, samplesOffered: record.samplesOffered ?? null,
      desiredOutcome: record.desiredOutcome ?? null, cofinancingPercent: record.cofinancingPercent ?? null, deadline: record.deadline ?? null,
      visibility: record.visibility ?? 'public', confidentialDetails: record.confidentialDetails ?? null,
    };
    const existing = await tasksRepo.findByExternalId(record.externalId, tx);
    const now = new Date();
    const lifecycle = {
      status,
      publishedAt: existing?.publishedAt ?? (status === 'published' ? now : null),
      closedAt: status === 'closed' ? (existing?.closedAt ?? now) : null,
    };
    const task = existing
      ? (await tasksRepo.updateContent(existing.id, content, tx), await tasksRepo.setLifecycle(existing.id, lifecycle, tx))
      : await tasksRepo.insert({ content, organisationId, createdByUserId: null, externalId: record.externalId, ...lifecycle }, tx);
    await outbox.enqueue('task', [task.id], tx);
    await auditRepo.record({ actor, organisationId, action: existing ? 'task.import_update' : 'task.import_create', entityType: 'task', entityId: task.id, changes: { externalId: record.externalId } }, tx);
    return existing ? 'updated' : 'created';
  }

  return {
    /** Validates the whole file, then writes it in one transaction: all of it or none of it. */
    async importFile(data: unknown, options: ImportOptions = {}): Promise<ImportSummary> {
      const file = validateImportFile(data);
      const actor = options.actor ?? { userId: null, tokenId: null, label: 'import' };
      const institutes = file.institutes ?? [];
      const tasks = file.tasks ?? [];
      const total = institutes.length + tasks.length;
      const summary: ImportSummary = { institutes: { created: 0, updated: 0 }, tasks: { created: 0, updated: 0 }, enterprisesCreated: 0 };
      let done = 0;
      await db.transaction(async (tx) => {
        for (const record of institutes) {
          summary.institutes[await upsertInstitute(tx, record, actor)] += 1;
          options.onProgress?.(++done, total);
        }
        for (const record of tasks) {
          const { organisation, created } = await findOrCreateEnterprise(tx, record.enterprise, actor);
          if (created) summary.enterprisesCreated += 1;
          summary.tasks[await upsertTask(tx, record, organisation.id, actor)] += 1;
          options.onProgress?.(++done, total);
        }
      });
      return summary;
    },
  };
}
