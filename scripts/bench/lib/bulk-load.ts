// Bulk path for benchmark data: plain multi-row Drizzle inserts plus the matching outbox rows, in
// large batches. This deliberately skips the import service (validation, per-record upserts, audit
// rows): it only has to put 100k rows in place quickly, and the outbox is what the indexer reads.
// Production imports go through createImportService.
import type { Db } from '../../../server/db/database.ts';
import { organisations } from '../../../server/modules/organisations/organisations.table.ts';
import { instituteProfiles } from '../../../server/modules/institutes/institutes.table.ts';
import { tasks, type NewTaskRow } from '../../../server/modules/tasks/tasks.table.ts';
import { createOutboxRepo } from '../../../server/modules/search/outbox.repo.ts';
import type { Enterprise, InstituteSeed } from './synthetic-data.ts';

// Tasks have ~30 columns; PostgreSQL allows 65 535 bind parameters per statement.
const BATCH = 1000;

export type LoadProgress = (done: number, total: number) => void;

export async function insertEnterprises(db: Db, enterprises: Enterprise[]) {
  for (let i = 0; i < enterprises.length; i += BATCH) {
    await db.insert(organisations).values(enterprises.slice(i, i + BATCH).map((e) => e.row));
  }
}

/** Inserts institutes in batches produced by `make(index)`, each batch with its outbox rows in one transaction. */
export async function insertInstitutes(db: Db, count: number, make: (index: number) => InstituteSeed, onProgress?: LoadProgress) {
  const outbox = createOutboxRepo({ db });
  for (let start = 0; start < count; start += BATCH) {
    const seeds = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => make(start + k));
    await db.transaction(async (tx) => {
      await tx.insert(organisations).values(seeds.map((s) => s.organisation));
      await tx.insert(instituteProfiles).values(seeds.map((s) => s.profile));
      await outbox.enqueue('institute', seeds.map((s) => s.organisation.id), tx);
    });
    onProgress?.(start + seeds.length, count);
  }
}

export async function insertTasks(db: Db, count: number, make: (index: number) => NewTaskRow & { id: string }, onProgress?: LoadProgress) {
  const outbox = createOutboxRepo({ db });
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => make(start + k));
    await db.transaction(async (tx) => {
      await tx.insert(tasks).values(rows);
      await outbox.enqueue('task', rows.map((row) => row.id), tx);
    });
    onProgress?.(start + rows.length, count);
  }
}
