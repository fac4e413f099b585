import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { count } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import { completeBin } from '../../../shared/bin.ts';
import { createImportService, type ImportSummary } from './import.service.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createNdaRepo } from '../nda/nda.repo.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { CONFIDENTIAL_DETAILS_SUBJECT } from '../nda/nda.gate.ts';
import type { DbOrTx } from '../../db/database.ts';
import { seedDemoProposals, type DemoProposal } from './seed-proposals.ts';
import { seedDemoNegotiations } from './seed-negotiations.ts';
import { seedDemoConfidentialFile } from './seed-attachments.ts';
import type { FileStorage } from '../../storage/storage.port.ts';
import { seedDemoPartnerships } from './seed-partnerships.ts';
import { seedDemoProgram } from './seed-program.ts';
import { seedDemoCall } from './seed-calls.ts';

export const DEMO_DATA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo-data.json');
/** Published in the README: demo data is for trying Kopir out, never for production. */
export const DEMO_PASSWORD = 'kopir-demo-2026';

export const DEMO_ACCOUNTS = {
  admin: 'admin@kopir.local',
  enterprise: 'enterprise@kopir.local',
  institute: 'institute@kopir.local',
  programOffice: 'program@kopir.local',
} as const;

// No region: a national office. A program office with a region is a regional administration (see seed-program.ts).
const PROGRAM_OFFICE = { name: 'Программный офис «Единое окно» НИОКР', bin: completeBin('22034000101')! };

export interface SeedSummary extends ImportSummary {
  accounts: string[];
}

/** Imports the demo organisations and tasks (idempotently) and creates one account per role. */
export async function seedDemoData(db: Db, options: { onProgress?: (done: number, total: number) => void; storage?: FileStorage } = {}): Promise<SeedSummary> {
  const data = JSON.parse(await fs.readFile(DEMO_DATA_FILE, 'utf8')) as { institutes: { externalId: string }[]; tasks: { enterprise: string }[]; proposals: DemoProposal[] };
  const summary = await createImportService({ db }).importFile({ institutes: data.institutes, tasks: data.tasks }, { actor: { userId: null, tokenId: null, label: 'seed' }, onProgress: options.onProgress });

  const organisationsRepo = createOrganisationsRepo({ db });
  const usersRepo = createUsersRepo({ db });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts: string[] = [];

  await db.transaction(async (tx) => {
    const ensureAccount = async (email: string, fullName: string, organisationId: string | null, isPlatformAdmin = false) => {
      if (await usersRepo.findByEmail(email, tx)) return;
      const user = await usersRepo.insert({ email, fullName, passwordHash, isPlatformAdmin }, tx);
      if (organisationId) await organisationsRepo.addMember({ userId: user.id, organisationId, role: 'owner' }, tx);
      accounts.push(email);
    };
    const enterprise = await organisationsRepo.findByKindAndName('enterprise', data.tasks[0].enterprise, tx);
    const institute = await organisationsRepo.findByExternalId(data.institutes[0].externalId, tx);
    const programOffice =
      (await organisationsRepo.findByBin(PROGRAM_OFFICE.bin, tx)) ??
      (await organisationsRepo.insert({ kind: 'program_office', ...PROGRAM_OFFICE }, tx));
    await ensureAccount(DEMO_ACCOUNTS.admin, 'Администратор Kopir', null, true);
    await ensureAccount(DEMO_ACCOUNTS.enterprise, 'Айгерим Сапарова', enterprise?.id ?? null);
    await ensureAccount(DEMO_ACCOUNTS.institute, 'Ерлан Мукашев', institute?.id ?? null);
    await ensureAccount(DEMO_ACCOUNTS.programOffice, 'Динара Ахметова', programOffice.id);
    await seedDemoNda(db, tx);
    await seedDemoProposals(tx, data.proposals ?? []);
    await seedDemoNegotiations(db, tx, DEMO_ACCOUNTS);
    // Files need the installation's storage; without one the demo simply has no files.
    if (options.storage) await seedDemoConfidentialFile(tx, options.storage, DEMO_NDA_TASK);
    await seedDemoPartnerships(db, tx);
    accounts.push(...(await seedDemoProgram(tx, passwordHash)));
    await seedDemoCall(tx, passwordHash);
  });
  return { ...summary, accounts };
}

/** The demo task with a confidential part (text and a PDF) the demo institute may read: its NDA accepted, and a few logged views. */
export const DEMO_NDA_TASK = 'demo-task-001';

async function seedDemoNda(db: Db, tx: DbOrTx) {
  const task = await createTasksRepo({ db }).findByExternalId(DEMO_NDA_TASK, tx);
  const person = await createUsersRepo({ db }).findByEmail(DEMO_ACCOUNTS.institute, tx);
  const institute = person ? await createOrganisationsRepo({ db }).findMembershipOfUser(person.id, tx) : null;
  if (!task || !person || !institute) return;
  const ndaRepo = createNdaRepo({ db });
  const current = await ndaRepo.findCurrent(task.id, tx);
  if (await ndaRepo.findAcceptance(task.id, institute.organisationId, current.version, tx)) return;
  const daysAgo = (days: number, hours = 0) => new Date(Date.now() - (days * 24 + hours) * 3_600_000);
  const who = { taskId: task.id, organisationId: institute.organisationId, userId: person.id, tokenId: null };
  await ndaRepo.insertAcceptance({ taskId: task.id, version: current.version, organisationId: institute.organisationId, userId: person.id, locale: 'ru', acceptedAt: daysAgo(6) }, tx);
  await ndaRepo.recordAccess({ ...who, action: 'nda.accept', subject: 'nda', ndaVersion: current.version, at: daysAgo(6) }, tx);
  for (const at of [daysAgo(6), daysAgo(3, 5), daysAgo(1, 2)]) {
    await ndaRepo.recordAccess({ ...who, action: 'confidential.view', subject: CONFIDENTIAL_DETAILS_SUBJECT, ndaVersion: current.version, at }, tx);
  }
  await createAuditRepo({ db }).record({ actor: { userId: null, tokenId: null, label: 'seed' }, organisationId: institute.organisationId, action: 'nda.accept', entityType: 'task', entityId: task.id, changes: { version: current.version, locale: 'ru', standard: current.customText === null } }, tx);
}

/** First start of an empty database: seed, so a newcomer sees a living marketplace. */
export async function seedDemoDataIfEmpty(db: Db, log: FastifyBaseLogger, storage?: FileStorage): Promise<SeedSummary | null> {
  const [{ total }] = await db.select({ total: count() }).from(organisations);
  if (total > 0) return null;
  log.warn(`seeding demo data with demo accounts (password "${DEMO_PASSWORD}"): do not use KOPIR_DEMO_DATA in production`);
  return seedDemoData(db, { storage });
}
