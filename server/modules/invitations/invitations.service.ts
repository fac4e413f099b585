import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '../../db/database.ts';
import { forbidden } from '../../errors.ts';
import type { AcceptInvitationBody, CreateInvitationBody, Invitation, InvitationPreview } from '../../../shared/schemas/invitations.ts';
import type { Mailer } from '../alerts/digest.mailer.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { auditActorOf, requireOwnerOf, type AuthContext } from '../auth/auth-context.ts';
import { generateSessionToken, hashToken, SESSION_TTL_MS } from '../auth/auth.tokens.ts';
import { hashPassword } from '../auth/passwords.ts';
import { requireStrongPassword } from '../auth/password-rule.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createOrganisationsService } from '../organisations/organisations.service.ts';
import { createUsersRepo, normalizeEmail } from '../users/users.repo.ts';
import type { InvitationRow } from './invitations.table.ts';
import { createInvitationsRepo } from './invitations.repo.ts';
import { renderInvitationMail } from './invitations.template.ts';
import {
  accountDetailsRequired, adminCannotJoin, alreadyMember, invitationEmailMismatch, invitationExpired, invitationNotFound,
  invitationRevoked, invitationUsed, signInFirst,
} from './invitations.errors.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface InvitationsDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  log: FastifyBaseLogger;
}

const toInvitation = (row: InvitationRow, invitedBy: string | null): Invitation => ({
  id: row.id, email: row.email, role: row.role, invitedBy, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString(),
});

/** Why a link no longer works, most final reason first. */
function requireUsable(invitation: InvitationRow) {
  if (invitation.acceptedAt) throw invitationUsed();
  if (invitation.revokedAt) throw invitationRevoked();
  if (invitation.expiresAt.getTime() <= Date.now()) throw invitationExpired();
}

export function createInvitationsService({ db, mailer, publicUrl, log }: InvitationsDeps) {
  const invitationsRepo = createInvitationsRepo({ db });
  const organisationsRepo = createOrganisationsRepo({ db });
  const organisationsService = createOrganisationsService({ db });
  const usersRepo = createUsersRepo({ db });
  const authRepo = createAuthRepo({ db });
  const auditRepo = createAuditRepo({ db });

  async function findUsable(token: string) {
    const found = await invitationsRepo.findByTokenHash(hashToken(token));
    if (!found) throw invitationNotFound();
    requireUsable(found.invitation);
    return found;
  }

  async function issueSession(userId: string) {
    const token = generateSessionToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await authRepo.createSession({ tokenHash: hashToken(token), userId, expiresAt });
    return { token, expiresAt, auth: (await authRepo.findSessionContext(hashToken(token)))! };
  }

  return {
    /**
     * Stores the invitation and mails the link. The answer is the same whether or not the address has
     * an account, or belongs to an administrator or another organisation: acceptance decides.
     */
    async invite(auth: AuthContext, organisationId: string, body: CreateInvitationBody): Promise<Invitation> {
      const organisation = await organisationsService.requireOrganisation(organisationId);
      requireOwnerOf(auth, organisationId);
      const token = randomBytes(32).toString('base64url');
      const role = body.role ?? 'member';
      const row = await db.transaction(async (tx) => {
        const replaced = await invitationsRepo.revokePendingFor(organisationId, body.email, tx);
        const invitation = await invitationsRepo.insert(
          { organisationId, email: body.email, role, tokenHash: hashToken(token), invitedByUserId: auth.user?.id ?? null, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
          tx,
        );
        await auditRepo.record(
          { actor: auditActorOf(auth), organisationId, action: 'invitation.create', entityType: 'invitation', entityId: invitation.id, changes: { email: invitation.email, role, replaced } },
          tx,
        );
        return invitation;
      });
      const inviter = auth.user?.fullName ?? organisation.name;
      const mail = renderInvitationMail({
        locale: auth.user?.locale ?? 'ru', inviter, organisation: organisation.name, role, link: `${publicUrl}/invitations/${token}`, expiresAt: row.expiresAt,
      });
      try {
        await mailer.send({ to: row.email, ...mail }, { invitationId: row.id, organisationId });
      } catch (error) {
        // The invitation stands: the owner sees it pending and can send a new one, which replaces it.
        log.error({ err: error, invitationId: row.id }, 'invitation e-mail could not be sent');
      }
      return toInvitation(row, auth.user?.fullName ?? null);
    },

    async listPending(auth: AuthContext, organisationId: string): Promise<Invitation[]> {
      await organisationsService.requireOrganisation(organisationId);
      requireOwnerOf(auth, organisationId);
      const rows = await invitationsRepo.listPending(organisationId);
      return rows.map((row) => toInvitation(row.invitation, row.invitedBy));
    },

    async revoke(auth: AuthContext, organisationId: string, invitationId: string) {
      await organisationsService.requireOrganisation(organisationId);
      requireOwnerOf(auth, organisationId);
      await db.transaction(async (tx) => {
        const invitation = await invitationsRepo.findPendingById(organisationId, invitationId, tx);
        if (!invitation || !(await invitationsRepo.revoke(invitation.id, tx))) throw invitationNotFound();
        await auditRepo.record(
          { actor: auditActorOf(auth), organisationId, action: 'invitation.revoke', entityType: 'invitation', entityId: invitation.id, changes: { email: invitation.email } },
          tx,
        );
      });
    },

    async preview(token: string): Promise<InvitationPreview> {
      const { invitation, organisation } = await findUsable(token);
      return {
        organisation,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt.toISOString(),
        accountExists: (await usersRepo.findByEmail(invitation.email)) !== null,
      };
    },

    /**
     * A signed-in person with the invited address joins; a person without an account creates one with
     * that address (the link proves they read its mailbox) and is signed in. Returns who the caller is
     * now, and the new session when one was created.
     */
    async accept(auth: AuthContext, token: string, body: AcceptInvitationBody) {
      const { invitation, organisation } = await findUsable(token);
      if (auth.via === 'token') throw forbidden('Invitations are accepted by a person: sign in rather than using an API token.');

      if (auth.user) {
        const user = auth.user;
        if (normalizeEmail(user.email) !== invitation.email) throw invitationEmailMismatch();
        if (user.isPlatformAdmin) throw adminCannotJoin();
        if (auth.organisation) throw alreadyMember();
        await db.transaction(async (tx) => {
          await join(tx, invitation, user.id, auditActorOf(auth));
        });
        const joined: AuthContext = { ...auth, organisation: { ...organisation, role: invitation.role } };
        return { auth: joined, session: null };
      }

      const existing = await usersRepo.findByEmail(invitation.email);
      if (existing) throw existing.isPlatformAdmin ? adminCannotJoin() : signInFirst();
      if (!body.fullName || !body.password) throw accountDetailsRequired();
      // The same rule as signing up: an invited account is no weaker than any other.
      requireStrongPassword(body.password, [invitation.email, body.fullName]);
      const passwordHash = await hashPassword(body.password);
      const fullName = body.fullName.trim();
      const userId = await db.transaction(async (tx) => {
        if (await usersRepo.findByEmail(invitation.email, tx)) throw signInFirst();
        const user = await usersRepo.insert({ email: invitation.email, fullName, passwordHash, locale: body.locale ?? 'ru' }, tx);
        const actor = { userId: user.id, tokenId: null, label: null };
        await auditRepo.record(
          { actor, organisationId: invitation.organisationId, action: 'user.sign_up', entityType: 'user', entityId: user.id, changes: { email: user.email, invitationId: invitation.id } },
          tx,
        );
        await join(tx, invitation, user.id, actor);
        return user.id;
      });
      const session = await issueSession(userId);
      return { auth: session.auth, session };
    },
  };

  async function join(tx: Tx, invitation: InvitationRow, userId: string, actor: ReturnType<typeof auditActorOf>) {
    if (!(await invitationsRepo.markAccepted(invitation.id, userId, tx))) throw invitationUsed();
    if (await organisationsRepo.findMembershipOfUser(userId, tx)) throw alreadyMember();
    await organisationsRepo.addMember({ userId, organisationId: invitation.organisationId, role: invitation.role }, tx);
    await auditRepo.record(
      { actor, organisationId: invitation.organisationId, action: 'invitation.accept', entityType: 'invitation', entityId: invitation.id, changes: { userId, role: invitation.role } },
      tx,
    );
    await auditRepo.record(
      { actor, organisationId: invitation.organisationId, action: 'organisation.member_add', entityType: 'organisation', entityId: invitation.organisationId, changes: { userId, role: invitation.role, invitationId: invitation.id } },
      tx,
    );
  }
}
export type InvitationsService = ReturnType<typeof createInvitationsService>;
