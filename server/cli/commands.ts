import fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config.ts';
import { openMigratedDatabase, type OpenedDatabase } from '../runtime.ts';
import { createImportService } from '../modules/importer/import.service.ts';
import { seedDemoData, DEMO_PASSWORD } from '../modules/importer/seed.ts';
import { createUploadsStorage } from '../storage/local-disk.storage.ts';
import { createTokensService } from '../modules/tokens/tokens.service.ts';
import { createOrganisationsRepo } from '../modules/organisations/organisations.repo.ts';
import { createUsersRepo } from '../modules/users/users.repo.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { createAuditRepo } from '../modules/audit/audit.repo.ts';
import { organisations } from '../modules/organisations/organisations.table.ts';
import { count, eq } from 'drizzle-orm';
import { createProgressReporter } from './progress.ts';
import { CliError } from './cli-error.ts';

const CLI_ACTOR = { userId: null, tokenId: null, label: 'cli' };


async function withDatabase<T>(config: AppConfig, work: (opened: OpenedDatabase) => Promise<T>): Promise<T> {
  const opened = await openMigratedDatabase(config);
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

export async function runMigrate(config: AppConfig) {
  await withDatabase(config, async ({ database }) => console.log(`Migrations applied (${database.driver}).`));
}

export async function runSeed(config: AppConfig) {
  await withDatabase(config, async ({ database }) => {
    const progress = createProgressReporter('Seeding');
    const summary = await seedDemoData(database.db, { onProgress: progress.update, storage: createUploadsStorage(config.dataDir) });
    progress.stop();
    console.log(
      `Demo data: institutes ${summary.institutes.created} created / ${summary.institutes.updated} updated, ` +
        `tasks ${summary.tasks.created} created / ${summary.tasks.updated} updated.`,
    );
    if (summary.accounts.length) console.log(`Demo accounts (password "${DEMO_PASSWORD}"): ${summary.accounts.join(', ')}`);
  });
}

export async function runImport(config: AppConfig, file: string) {
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  await withDatabase(config, async ({ database }) => {
    const progress = createProgressReporter('Importing');
    try {
      const summary = await createImportService({ db: database.db }).importFile(data, { onProgress: progress.update });
      progress.stop();
      console.log(
        `Imported ${file}: institutes ${summary.institutes.created} created / ${summary.institutes.updated} updated; ` +
          `tasks ${summary.tasks.created} created / ${summary.tasks.updated} updated; ${summary.enterprisesCreated} new enterprises.`,
      );
    } finally {
      progress.stop();
    }
  });
}

async function findOrganisationByName(opened: OpenedDatabase, name: string) {
  const matches = await opened.database.db.select().from(organisations).where(eq(organisations.name, name));
  if (matches.length === 0) throw new CliError(`No organisation is named "${name}".`);
  if (matches.length > 1) throw new CliError(`Several organisations are named "${name}" (${matches.map((m) => m.kind).join(', ')}).`);
  return matches[0];
}

export async function runTokenCreate(config: AppConfig, options: { name: string; org?: string; role?: string }) {
  if (Boolean(options.org) === (options.role === 'admin')) throw new CliError('Give either --org <organisation name> or --role admin.');
  if (options.role && options.role !== 'admin') throw new CliError('--role accepts only "admin"; use --org for an organisation token.');
  await withDatabase(config, async (opened) => {
    const organisationId = options.org ? (await findOrganisationByName(opened, options.org)).id : null;
    const { token, apiToken } = await createTokensService({ db: opened.database.db }).issueToken(
      { name: options.name, role: options.org ? 'member' : 'admin', organisationId },
      CLI_ACTOR,
      null,
    );
    console.log(`Created token "${apiToken.name}" (${apiToken.role}${options.org ? ` of ${options.org}` : ''}). It is shown only once:`);
    console.log(token);
  });
}

export async function runUserCreate(
  config: AppConfig,
  options: { email: string; name: string; password?: string; org?: string; role?: string; admin?: boolean },
) {
  // Loaded here only: the estimator's dictionaries would slow every other command's start.
  const { checkPasswordStrength, PASSWORD_MIN_LENGTH } = await import('../../shared/password-strength.ts');
  if (options.password && !checkPasswordStrength(options.password, [options.email, options.name]).ok) {
    throw new CliError(`The password is too short or too easy to guess: at least ${PASSWORD_MIN_LENGTH} characters, several unrelated words rather than a common password, a name or a date.`);
  }
  const role = options.role ?? 'member';
  if (role !== 'owner' && role !== 'member') throw new CliError('--role must be owner or member.');
  await withDatabase(config, async (opened) => {
    const db = opened.database.db;
    const usersRepo = createUsersRepo({ db });
    if (await usersRepo.findByEmail(options.email)) throw new CliError(`An account with e-mail ${options.email} already exists.`);
    const organisation = options.org ? await findOrganisationByName(opened, options.org) : null;
    const password = options.password ?? randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    await db.transaction(async (tx) => {
      const user = await usersRepo.insert({ email: options.email, fullName: options.name, passwordHash, isPlatformAdmin: Boolean(options.admin) }, tx);
      if (organisation) await createOrganisationsRepo({ db }).addMember({ userId: user.id, organisationId: organisation.id, role }, tx);
      await createAuditRepo({ db }).record({ actor: CLI_ACTOR, organisationId: organisation?.id ?? null, action: 'user.create', entityType: 'user', entityId: user.id, changes: { email: user.email, admin: Boolean(options.admin) } }, tx);
    });
    console.log(`Created ${options.admin ? 'platform admin' : 'user'} ${options.email}${organisation ? ` (${role} of ${organisation.name})` : ''}.`);
    if (!options.password) console.log(`Password (shown once): ${password}`);
  });
}

/** Rebuilds both search indexes from the database: drops them, re-applies settings, re-indexes all. */
export async function runReindex(config: AppConfig) {
  const { buildApp } = await import('../app.ts');
  const { searchOutbox, searchState } = await import('../modules/search/search.table.ts');
  const { tasks } = await import('../modules/tasks/tasks.table.ts');
  await withDatabase(config, async ({ database }) => {
    const db = database.db;
    const app = await buildApp(config, { database, indexInBackground: false, logger: { level: 'warn' } });
    try {
      await app.ready();
      for (const uid of [app.indexNames.tasks, app.indexNames.institutes]) await app.meili.client.deleteIndexIfExists(uid);
      // Forgetting the applied settings makes the indexer re-create the indexes and enqueue everything.
      await db.transaction(async (tx) => {
        await tx.delete(searchState);
        await tx.delete(searchOutbox);
      });
      const [{ total: taskCount }] = await db.select({ total: count() }).from(tasks);
      const [{ total: instituteCount }] = await db.select({ total: count() }).from(organisations).where(eq(organisations.kind, 'institute'));
      const progress = createProgressReporter('Reindexing');
      const started = performance.now();
      await app.indexer.drain((done) => progress.update(done, taskCount + instituteCount));
      progress.stop();
      const lag = await app.indexer.lag();
      console.log(`Reindexed ${taskCount} tasks and ${instituteCount} institutes in ${((performance.now() - started) / 1000).toFixed(1)} s${lag.pending ? ` (${lag.pending} changes still pending)` : ''}.`);
    } finally {
      await app.close();
    }
  });
}
