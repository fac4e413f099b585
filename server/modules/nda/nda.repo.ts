import { and, count, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { confidentialAccessLog, ndaAcceptances, taskNdas, type NdaAcceptanceRow, type TaskNdaRow } from './nda.table.ts';
import type { AccessLogAction } from '../../../shared/schemas/nda.ts';
import type { Locale } from '../../../shared/constants.ts';

/** A task without a row is on version 1 of the standard text. */
export interface CurrentNda {
  version: number;
  customText: string | null;
  updatedAt: Date | null;
}

export interface NewAcceptance {
  taskId: string;
  version: number;
  organisationId: string;
  userId: string;
  locale: Locale;
  /** Only the demo seed backdates; the app records the moment of the click. */
  acceptedAt?: Date;
}

export interface NewAccessEntry {
  taskId: string;
  organisationId: string | null;
  userId: string | null;
  tokenId: string | null;
  action: AccessLogAction;
  subject: string;
  ndaVersion: number | null;
  at?: Date;
}

const toCurrent = (row: TaskNdaRow | undefined): CurrentNda =>
  row ? { version: row.version, customText: row.customText, updatedAt: row.updatedAt } : { version: 1, customText: null, updatedAt: null };

export function createNdaRepo({ db }: { db: Db }) {
  return {
    async findCurrent(taskId: string, tx: DbOrTx = db): Promise<CurrentNda> {
      const [row] = await tx.select().from(taskNdas).where(eq(taskNdas.taskId, taskId)).limit(1);
      return toCurrent(row);
    },

    /** Locks the row (creating it first) so two concurrent edits cannot both become version N + 1. */
    async lockCurrent(taskId: string, tx: DbOrTx): Promise<CurrentNda> {
      await tx.insert(taskNdas).values({ taskId }).onConflictDoNothing();
      const [row] = await tx.select().from(taskNdas).where(eq(taskNdas.taskId, taskId)).for('update');
      return toCurrent(row);
    },

    async setText(taskId: string, values: { version: number; customText: string | null; updatedByUserId: string | null }, tx: DbOrTx = db): Promise<CurrentNda> {
      const [row] = await tx
        .update(taskNdas)
        .set({ version: values.version, customText: values.customText, updatedByUserId: values.updatedByUserId, updatedAt: new Date() })
        .where(eq(taskNdas.taskId, taskId))
        .returning();
      return toCurrent(row);
    },

    async findAcceptance(taskId: string, organisationId: string, version: number, tx: DbOrTx = db): Promise<NdaAcceptanceRow | null> {
      const [row] = await tx
        .select()
        .from(ndaAcceptances)
        .where(and(eq(ndaAcceptances.taskId, taskId), eq(ndaAcceptances.organisationId, organisationId), eq(ndaAcceptances.version, version)))
        .limit(1);
      return row ?? null;
    },

    /** The first acceptance of a version by an organisation stands; a second click returns null. */
    async insertAcceptance(values: NewAcceptance, tx: DbOrTx = db): Promise<NdaAcceptanceRow | null> {
      const [row] = await tx
        .insert(ndaAcceptances)
        .values({ taskId: values.taskId, version: values.version, organisationId: values.organisationId, userId: values.userId, locale: values.locale, acceptedAt: values.acceptedAt })
        .onConflictDoNothing()
        .returning();
      return row ?? null;
    },

    async recordAccess(entry: NewAccessEntry, tx: DbOrTx = db): Promise<void> {
      await tx.insert(confidentialAccessLog).values({
        taskId: entry.taskId,
        organisationId: entry.organisationId,
        userId: entry.userId,
        tokenId: entry.tokenId,
        action: entry.action,
        subject: entry.subject,
        ndaVersion: entry.ndaVersion,
        at: entry.at,
      });
    },

    async listAccess(taskId: string, page: number, pageSize: number, tx: DbOrTx = db) {
      const where = eq(confidentialAccessLog.taskId, taskId);
      const [items, [{ total }]] = await Promise.all([
        tx
          .select({
            entry: confidentialAccessLog,
            organisationName: organisations.name,
            userFullName: users.fullName,
          })
          .from(confidentialAccessLog)
          .leftJoin(organisations, eq(organisations.id, confidentialAccessLog.organisationId))
          .leftJoin(users, eq(users.id, confidentialAccessLog.userId))
          .where(where)
          .orderBy(desc(confidentialAccessLog.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(confidentialAccessLog).where(where),
      ]);
      return { items, total };
    },
  };
}
export type NdaRepo = ReturnType<typeof createNdaRepo>;
