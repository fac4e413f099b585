import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Locale } from '../../../shared/constants.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createNotificationsRepo } from './notifications.repo.ts';
import { composeDigest } from './digest.template.ts';
import type { Mailer } from './digest.mailer.ts';

// People handled per run; the rest wait for the next run rather than making one run endless.
const USERS_PER_RUN = 500;

export interface DigestDeps {
  db: Db;
  mailer: Mailer;
  log: FastifyBaseLogger;
  publicUrl: string;
  intervalMs: number;
  /** Wraps the timer's runs: null means another process is mailing this run (see Database.runExclusive). */
  exclusive?: <T>(run: () => Promise<T>) => Promise<T | null>;
}

export interface DigestRunResult {
  mailed: number;
  notifications: number;
  failed: number;
}

/**
 * One e-mail per person listing their notifications not yet mailed, instead of a mail per event.
 * Notifications already read in the app are marked but not listed: the person has seen them.
 */
export function createDigestJob({ db, mailer, log, publicUrl, intervalMs, exclusive = (run) => run() }: DigestDeps) {
  const notificationsRepo = createNotificationsRepo({ db });
  const usersRepo = createUsersRepo({ db });
  let running: Promise<DigestRunResult> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function mailOne(userId: string, result: DigestRunResult) {
    const claimed = await notificationsRepo.claimForDigest(userId);
    const unread = claimed.filter((row) => row.readAt === null);
    const user = unread.length ? await usersRepo.findById(userId) : null;
    if (!user) return;
    const items = unread.map((row) => row.payload as unknown as TaskMatchPayload);
    const mail = composeDigest(user.locale as Locale, user.fullName, items, publicUrl);
    try {
      await mailer.send({ to: user.email, ...mail }, { userId, notifications: unread.map((row) => row.id) });
      result.mailed += 1;
      result.notifications += unread.length;
    } catch (error) {
      // Unclaim, so the next run tries again; the other recipients still get theirs.
      await notificationsRepo.releaseDigestClaim(claimed.map((row) => row.id));
      result.failed += 1;
      log.warn({ err: (error as Error).message, userId }, 'e-mail digest could not be sent; will retry');
    }
  }

  async function runDigest(): Promise<DigestRunResult> {
    const result: DigestRunResult = { mailed: 0, notifications: 0, failed: 0 };
    for (const userId of await notificationsRepo.listUsersAwaitingDigest(USERS_PER_RUN)) {
      await mailOne(userId, result);
    }
    if (result.mailed || result.failed) log.info({ ...result, delivered: mailer.delivers }, 'e-mail digests done');
    return result;
  }

  function schedule() {
    timer = setTimeout(async () => {
      await exclusive(runOnce).catch((error) => log.error({ err: error }, 'e-mail digest run failed'));
      if (timer) schedule();
    }, intervalMs);
    // The digest never keeps the process alive on its own.
    timer.unref();
  }

  /** One run now; concurrent callers share it (the timer and a test, say). */
  function runOnce(): Promise<DigestRunResult> {
    running ??= runDigest().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    runOnce,
    start() {
      if (!timer) schedule();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
export type DigestJob = ReturnType<typeof createDigestJob>;
