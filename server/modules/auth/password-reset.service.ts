import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { Locale } from '../../../shared/constants.ts';
import type { PasswordResetConfirmBody, PasswordResetRequestBody } from '../../../shared/schemas/auth.ts';
import type { Mailer } from '../alerts/digest.mailer.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createAuthRepo } from './auth.repo.ts';
import { createPasswordResetsRepo } from './password-resets.repo.ts';
import { hashPassword } from './passwords.ts';
import { requireStrongPassword } from './password-rule.ts';
import { generateSessionToken, hashToken } from './auth.tokens.ts';
import { passwordResetMail } from './password-reset.mail.ts';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
const KEEP_USED_LINKS_MS = 24 * 3600 * 1000;

export interface PasswordResetDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  log: FastifyBaseLogger;
}

export function createPasswordResetService({ db, mailer, publicUrl, log }: PasswordResetDeps) {
  const usersRepo = createUsersRepo({ db });
  const authRepo = createAuthRepo({ db });
  const resetsRepo = createPasswordResetsRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const sending = new Set<Promise<void>>();

  return {
    /**
     * Mails a reset link when the address has an account, and does nothing visible otherwise: the
     * caller learns nothing either way. The mail goes out after the answer, so SMTP's latency does not
     * tell a known address from an unknown one.
     */
    async request(body: PasswordResetRequestBody): Promise<void> {
      const user = await usersRepo.findByEmail(body.email);
      if (!user) return;
      const token = generateSessionToken();
      const issuedAt = new Date();
      await db.transaction(async (tx) => {
        await resetsRepo.deleteStale(new Date(issuedAt.getTime() - KEEP_USED_LINKS_MS), tx);
        await resetsRepo.replaceForUser({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(issuedAt.getTime() + PASSWORD_RESET_TTL_MS) }, tx);
        await auditRepo.record({ actor: { userId: null, tokenId: null, label: 'password-reset' }, action: 'user.password_reset_requested', entityType: 'user', entityId: user.id }, tx);
      });
      const link = `${publicUrl}/reset-password?token=${token}`;
      const mail = passwordResetMail(user.locale as Locale, { name: user.fullName, link, validMinutes: PASSWORD_RESET_TTL_MS / 60_000 });
      const delivery = mailer
        .send({ to: user.email, ...mail }, { userId: user.id, kind: 'password_reset' })
        .catch((error: unknown) => log.error({ err: error, userId: user.id }, 'password reset e-mail could not be sent'))
        .finally(() => sending.delete(delivery));
      sending.add(delivery);
    },

    /** Sets the new password from a live link, uses the link up and ends every session of the person. */
    async confirm(body: PasswordResetConfirmBody): Promise<void> {
      // One transaction: a refused password rolls the use of the link back, so the person can try again.
      await db.transaction(async (tx) => {
        const consumed = await resetsRepo.consume(hashToken(body.token), tx);
        if (!consumed) throw invalidResetLink();
        const user = await usersRepo.findById(consumed.userId, tx);
        if (!user) throw invalidResetLink();
        requireStrongPassword(body.password, [user.email, user.fullName]);
        await usersRepo.setPasswordHash(user.id, await hashPassword(body.password), tx);
        const endedSessions = await authRepo.deleteSessionsOfUser(user.id, null, tx);
        await auditRepo.record({ actor: { userId: user.id, tokenId: null, label: 'password-reset' }, action: 'user.password_reset', entityType: 'user', entityId: user.id, changes: { endedSessions } }, tx);
      });
    },

    /** Waits for mails still being sent (on shutdown and in tests). */
    async whenSent() {
      await Promise.all([...sending]);
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;

const invalidResetLink = () =>
  new AppError(400, 'auth.reset_token_invalid', 'This password reset link is invalid, has already been used or has expired. Ask for a new one.');
