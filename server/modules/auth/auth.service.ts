import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { ChangeEmailBody, ChangePasswordBody, Session, SignInBody, SignUpBody, UpdateMeBody } from '../../../shared/schemas/auth.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { createAuthRepo } from './auth.repo.ts';
import { createUsersRepo, normalizeEmail } from '../users/users.repo.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createOrganisationsService } from '../organisations/organisations.service.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { requireStrongPassword } from './password-rule.ts';
import { generateSessionToken, hashToken, SESSION_TTL_MS } from './auth.tokens.ts';
import { auditActorOf, requirePerson, requireSignedIn, type AuthContext } from './auth-context.ts';

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  auth: AuthContext;
}

export const emailTaken = () => new AppError(409, 'users.email_taken', 'An account with this e-mail already exists. Sign in instead.');

export function toSession(auth: AuthContext, csrfToken: string | null): Session {
  return { user: auth.user, organisation: auth.organisation, csrfToken };
}

export function createAuthService({ db }: { db: Db }) {
  const authRepo = createAuthRepo({ db });
  const usersRepo = createUsersRepo({ db });
  const organisationsRepo = createOrganisationsRepo({ db });
  const organisationsService = createOrganisationsService({ db });
  const auditRepo = createAuditRepo({ db });

  async function requireCurrentPassword(userId: string, password: string) {
    const user = await usersRepo.findById(userId);
    if (!(await verifyPassword(user?.passwordHash ?? null, password))) {
      throw new AppError(403, 'auth.wrong_password', 'The current password is wrong.');
    }
  }

  async function issueSession(userId: string): Promise<IssuedSession> {
    const token = generateSessionToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await authRepo.createSession({ tokenHash: hashToken(token), userId, expiresAt });
    const auth = await authRepo.findSessionContext(hashToken(token));
    return { token, expiresAt, auth: auth! };
  }

  return {
    /** Creates the person and their organisation (they become its owner) in one transaction. */
    async signUp(body: SignUpBody): Promise<IssuedSession> {
      requireStrongPassword(body.password, [body.email, body.fullName, body.organisation.name]);
      const passwordHash = await hashPassword(body.password);
      const userId = await db.transaction(async (tx) => {
        if (await usersRepo.findByEmail(body.email, tx)) throw emailTaken();
        const user = await usersRepo.insert({ email: body.email, fullName: body.fullName.trim(), passwordHash, locale: body.locale ?? 'ru' }, tx);
        const actor = { userId: user.id, tokenId: null, label: null };
        const organisation = await organisationsService.insertOrganisation(tx, body.organisation, actor);
        await organisationsRepo.addMember({ userId: user.id, organisationId: organisation.id, role: 'owner' }, tx);
        await auditRepo.record({ actor, organisationId: organisation.id, action: 'user.sign_up', entityType: 'user', entityId: user.id, changes: { email: user.email } }, tx);
        return user.id;
      }).catch((error: unknown) => {
        // Two sign-ups with one address at the same moment: the unique index decides, the loser gets a 409.
        throw isUniqueViolation(error, 'users_email_unique') ? emailTaken() : error;
      });
      return issueSession(userId);
    },

    async signIn(body: SignInBody): Promise<IssuedSession> {
      const user = await usersRepo.findByEmail(body.email);
      const valid = await verifyPassword(user?.passwordHash ?? null, body.password);
      if (!user || !valid) throw new AppError(401, 'auth.invalid_credentials', 'The e-mail or password is wrong.');
      // Told only to whoever knows the password, so it reveals nothing to someone guessing.
      if (user.disabledAt) throw new AppError(403, 'auth.account_disabled', 'This account has been disabled by a platform administrator. Contact them to restore access.');
      return issueSession(user.id);
    },

    async signOut(sessionToken: string | undefined) {
      if (sessionToken) await authRepo.deleteSession(hashToken(sessionToken));
    },

    async updateMe(auth: AuthContext, body: UpdateMeBody): Promise<AuthContext> {
      requireSignedIn(auth);
      if (!auth.user) throw new AppError(403, 'auth.forbidden', 'API tokens have no personal profile.');
      const person = auth.user;
      const row = await db.transaction(async (tx) => {
        const updated = await usersRepo.updateProfile(person.id, { fullName: body.fullName?.trim(), locale: body.locale }, tx);
        await auditRepo.record({
          actor: auditActorOf(auth), organisationId: auth.organisation?.id ?? null, action: 'user.profile_updated', entityType: 'user', entityId: person.id,
          changes: { before: { fullName: person.fullName, locale: person.locale }, after: { fullName: updated.fullName, locale: updated.locale } },
        }, tx);
        return updated;
      });
      return { ...auth, user: { ...auth.user, fullName: row.fullName, locale: row.locale } };
    },

    /** A new address needs the current password; it is stored trimmed and lower-cased. */
    async changeEmail(auth: AuthContext, body: ChangeEmailBody): Promise<AuthContext> {
      const person = requirePerson(auth);
      await requireCurrentPassword(person.id, body.currentPassword);
      const email = normalizeEmail(body.email);
      if (email === person.email) return auth;
      const row = await db
        .transaction(async (tx) => {
          const holder = await usersRepo.findByEmail(email, tx);
          if (holder && holder.id !== person.id) throw emailTaken();
          const updated = await usersRepo.setEmail(person.id, email, tx);
          await auditRepo.record(
            { actor: auditActorOf(auth), organisationId: auth.organisation?.id ?? null, action: 'user.email_changed', entityType: 'user', entityId: person.id, changes: { from: person.email, to: updated.email } },
            tx,
          );
          return updated;
        })
        .catch((error: unknown) => {
          throw isUniqueViolation(error, 'users_email_unique') ? emailTaken() : error;
        });
      return { ...auth, user: { ...person, email: row.email } };
    },

    /** Sets a new password and ends the person's other sessions (a thief's among them); this one stays. */
    async changePassword(auth: AuthContext, body: ChangePasswordBody, currentSessionToken: string | undefined): Promise<void> {
      const person = requirePerson(auth);
      // The cheap rule first: a weak new password is refused without spending a hash on the current one.
      requireStrongPassword(body.newPassword, [person.email, person.fullName]);
      await requireCurrentPassword(person.id, body.currentPassword);
      const passwordHash = await hashPassword(body.newPassword);
      await db.transaction(async (tx) => {
        await usersRepo.setPasswordHash(person.id, passwordHash, tx);
        const endedSessions = await authRepo.deleteSessionsOfUser(person.id, currentSessionToken ? hashToken(currentSessionToken) : null, tx);
        await auditRepo.record(
          { actor: auditActorOf(auth), organisationId: auth.organisation?.id ?? null, action: 'user.password_changed', entityType: 'user', entityId: person.id, changes: { endedSessions } },
          tx,
        );
      });
    },
  };
}
