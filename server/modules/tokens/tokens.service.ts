import type { Db } from '../../db/database.ts';
import { AppError, invalidInput, notFound } from '../../errors.ts';
import type { ApiToken, CreateApiTokenBody } from '../../../shared/schemas/tokens.ts';
import { createTokensRepo } from './tokens.repo.ts';
import type { ApiTokenRow } from './tokens.table.ts';
import { createAuditRepo, type AuditActor } from '../audit/audit.repo.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { generateApiToken, hashToken } from '../auth/auth.tokens.ts';
import { auditActorOf, requireOwnerOf, requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id, name: row.name, prefix: row.prefix, role: row.role, organisationId: row.organisationId,
    createdAt: row.createdAt.toISOString(), lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt),
  };
}

export function createTokensService({ db }: { db: Db }) {
  const tokensRepo = createTokensRepo({ db });
  const organisationsRepo = createOrganisationsRepo({ db });
  const auditRepo = createAuditRepo({ db });

  /** Issues a token; used by the API and by `kopir token create`. The secret is returned once. */
  async function issueToken(spec: { name: string; role: 'admin' | 'member'; organisationId: string | null }, actor: AuditActor, createdByUserId: string | null) {
    if (spec.role === 'member' && !spec.organisationId) throw invalidInput('A member token needs an organisation.');
    if (spec.organisationId && !(await organisationsRepo.findById(spec.organisationId))) throw notFound('organisations.not_found', 'The organisation');
    const token = generateApiToken();
    return db.transaction(async (tx) => {
      const row = await tokensRepo.insert(
        { name: spec.name, role: spec.role, organisationId: spec.role === 'admin' ? null : spec.organisationId, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdByUserId },
        tx,
      );
      await auditRepo.record({ actor, organisationId: row.organisationId, action: 'token.create', entityType: 'api_token', entityId: row.id, changes: { name: row.name, role: row.role } }, tx);
      return { token, apiToken: toApiToken(row) };
    });
  }

  return {
    issueToken,

    async listTokens(auth: AuthContext) {
      requireSignedIn(auth);
      if (auth.isAdmin) return (await tokensRepo.list(null)).map(toApiToken);
      if (!auth.organisation) throw forbidden();
      requireOwnerOf(auth, auth.organisation.id);
      return (await tokensRepo.list(auth.organisation.id)).map(toApiToken);
    },

    async createToken(auth: AuthContext, body: CreateApiTokenBody) {
      requireSignedIn(auth);
      if (!auth.isAdmin) {
        // Owners issue member tokens for their own organisation, nothing else.
        if (!auth.organisation || body.role === 'admin' || (body.organisationId && body.organisationId !== auth.organisation.id)) {
          throw forbidden('You can only create tokens for your own organisation.');
        }
        requireOwnerOf(auth, auth.organisation.id);
      }
      const role = body.role ?? 'member';
      const organisationId = body.organisationId ?? auth.organisation?.id ?? null;
      return issueToken({ name: body.name, role, organisationId }, auditActorOf(auth), auth.user?.id ?? null);
    },

    async revokeToken(auth: AuthContext, id: string) {
      requireSignedIn(auth);
      const token = await tokensRepo.findById(id);
      if (!token) throw notFound('tokens.not_found', 'The token');
      if (!auth.isAdmin) {
        if (!token.organisationId) throw forbidden();
        requireOwnerOf(auth, token.organisationId);
      }
      if (token.revokedAt) throw new AppError(409, 'tokens.not_found', 'This token is already revoked.');
      return db.transaction(async (tx) => {
        const row = await tokensRepo.revoke(id, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: token.organisationId, action: 'token.revoke', entityType: 'api_token', entityId: id }, tx);
        return toApiToken(row);
      });
    },
  };
}
