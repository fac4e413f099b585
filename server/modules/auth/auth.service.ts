import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { Session, SignInBody, SignUpBody, UpdateMeBody } from '../../../shared/schemas/auth.ts';
import { createAuthRepo } from './auth.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createOrganisationsService } from '../organisations/organisations.service.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { generateSessionToken, hashToken, SESSION_TTL_MS } from './auth.tokens.ts';
import { requireSignedIn, type AuthContext } from './auth-context.ts';

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  auth: AuthContext;
}

export function toSession(auth: AuthContext, csrfToken: string | null): Session {
  return { user: auth.user, organisation: auth.organisation, csrfToken };
}

export function createAuthService({ db }: { db: Db }) {
  const authRepo = createAuthRepo({ db });
  const usersRepo = createUsersRepo({ db });
  const organisationsRepo = createOrganisationsRepo({ db });
  const organisationsService = createOrganisationsService({ db });
  const auditRepo = createAuditRepo({ db });

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
      const passwordHash = await hashPassword(body.password);
      const userId = await db.transaction(async (tx) => {
        if (await usersRepo.findByEmail(body.email, tx)) {
          throw new AppError(409, 'users.email_taken', 'An account with this e-mail already exists. Sign in instead.');
        }
        const user = await usersRepo.insert({ email: body.email, fullName: body.fullName.trim(), passwordHash, locale: body.locale ?? 'ru' }, tx);
        const actor = { userId: user.id, tokenId: null, label: null };
        const organisation = await organisationsService.insertOrganisation(tx, body.organisation, actor);
        await organisationsRepo.addMember({ userId: user.id, organisationId: organisation.id, role: 'owner' }, tx);
        await auditRepo.record({ actor, organisationId: organisation.id, action: 'user.sign_up', entityType: 'user', entityId: user.id, changes: { email: user.email } }, tx);
        return user.id;
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
      const row = await usersRepo.updateProfile(auth.user.id, { fullName: body.fullName?.trim(), locale: body.locale });
      return { ...auth, user: { ...auth.user, fullName: row.fullName, locale: row.locale } };
    },
  };
}
