import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'kopir_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const API_TOKEN_PREFIX = 'kpr_';

export const generateSessionToken = () => randomBytes(32).toString('base64url');
export const generateApiToken = () => API_TOKEN_PREFIX + randomBytes(30).toString('base64url');

/** Tokens are high-entropy, so a fast hash is enough (unlike passwords). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
