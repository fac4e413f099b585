import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import os from 'node:os';
import path from 'node:path';

// Every setting Kopir reads, parsed once at boot. `.env.example` documents the variables.
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  dataDir: Type.String({ minLength: 1 }),
  /** PostgreSQL connection string; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  demoData: Type.Boolean(),
  /** Meilisearch to use; when absent Kopir starts a local one with data under dataDir/meili. */
  meiliUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
  meiliMasterKey: Type.Union([Type.String(), Type.Null()]),
  /** Prefix for index names, so several installations (or test runs) can share one Meilisearch. */
  meiliIndexPrefix: Type.String(),
  /** Indexing threads of the Meilisearch that Kopir starts itself (not used with MEILI_URL). */
  meiliIndexingThreads: Type.Integer({ minimum: 1, maximum: 64 }),
  cookieSecure: Type.Boolean(),
  /** Signs cookies; generated and kept in dataDir when not set. */
  secret: Type.Union([Type.String({ minLength: 32 }), Type.Null()]),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  signInRateLimit: Type.Integer({ minimum: 1 }),
  /**
   * Fastify's `trustProxy`: which proxies may set X-Forwarded-For. Off by default, otherwise anyone
   * could pick their own address and escape per-address rate limits by rotating the header.
   */
  trustProxy: Type.Union([Type.Boolean(), Type.Integer({ minimum: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
  webDir: Type.String(),
  embeddings: Type.Object({
    provider: Type.Enum(['builtin', 'openai']),
    openaiApiKey: Type.Union([Type.String(), Type.Null()]),
    openaiBaseUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()]),
    openaiModel: Type.String({ minLength: 1 }),
    dimensions: Type.Union([Type.Integer({ minimum: 8, maximum: 8192 }), Type.Null()]),
  }),
  /** Default balance of meaning vs keywords in search (0 keyword only … 1 meaning only). */
  semanticRatio: Type.Number({ minimum: 0, maximum: 1 }),
  /** How much sharing the task's region counts in matching (0 ignores region). */
  matchRegionWeight: Type.Number({ minimum: 0, maximum: 1 }),
  /** How often the indexer looks for missed outbox rows (it is also woken by every write). */
  indexerIntervalMs: Type.Integer({ minimum: 50 }),
  smtp: Type.Object({
    url: Type.Union([Type.String({ pattern: '^smtps?://' }), Type.Null()]),
    from: Type.String(),
  }),
  digestIntervalMinutes: Type.Integer({ minimum: 1 }),
  publicUrl: Type.String(),
  /** Largest upload (proposal attachments), in megabytes. */
  maxUploadMb: Type.Integer({ minimum: 1, maximum: 1024 }),
  /** Days a submitted proposal may wait for the enterprise's decision before it is flagged overdue. */
  proposalResponseDays: Type.Integer({ minimum: 1, maximum: 365 }),
  /** Whole days a partnership milestone may be past due (not accepted) before the partnership is at risk. */
  atRiskDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  /** Requests per minute per address to each public transparency route (/api/public/*). */
  publicRateLimit: Type.Integer({ minimum: 1 }),
});
export type AppConfig = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function parseBoolean(name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}

function parseNumber(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) problems.push(`${name} must be a number (got "${value}")`);
  return parsed;
}

/** `false`/`true`, a hop count, or a comma-separated list of addresses and CIDR ranges. */
function parseTrustProxy(value: string | undefined, problems: string[]): AppConfig['trustProxy'] {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || /^(0|false|no|off|none)$/i.test(trimmed)) return false;
  if (/^(true|yes|on)$/i.test(trimmed)) return true;
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
  const address = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*)(?:\/[0-9]{1,3})?$/i;
  const bad = entries.filter((entry) => !address.test(entry));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(`KOPIR_TRUST_PROXY must be false, true, a hop count or a comma-separated list of addresses/CIDRs (got "${value}")`);
    return false;
  }
  return entries;
}

function parseInteger(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) problems.push(`${name} must be a whole number (got "${value}")`);
  return parsed;
}

/** Reads the environment; throws a ConfigError that lists every bad variable at once. */
export function loadConfig(env: Env = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL || null;
  const candidate: AppConfig = {
    port: parseInteger('PORT', env.PORT, 3000, problems),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.KOPIR_DATA_DIR || './data'),
    databaseUrl,
    // Demo data suits the embedded try-it-out database, not somebody's production PostgreSQL.
    demoData: parseBoolean('KOPIR_DEMO_DATA', env.KOPIR_DEMO_DATA, databaseUrl === null, problems),
    meiliUrl: env.MEILI_URL || null,
    meiliMasterKey: env.MEILI_MASTER_KEY || null,
    meiliIndexPrefix: env.MEILI_INDEX_PREFIX || 'kopir_',
    // Both cores of a small box: bulk indexing ran 25 % faster with 2 threads than with 1, and
    // searches do not use indexing threads (npm run bench:search).
    meiliIndexingThreads: parseInteger('KOPIR_MEILI_INDEXING_THREADS', env.KOPIR_MEILI_INDEXING_THREADS, Math.min(2, os.availableParallelism()), problems),
    cookieSecure: parseBoolean('KOPIR_COOKIE_SECURE', env.KOPIR_COOKIE_SECURE, env.NODE_ENV === 'production', problems),
    secret: env.KOPIR_SECRET || null,
    logLevel: (env.LOG_LEVEL || 'info') as AppConfig['logLevel'],
    signInRateLimit: parseInteger('KOPIR_SIGN_IN_RATE_LIMIT', env.KOPIR_SIGN_IN_RATE_LIMIT, 10, problems),
    trustProxy: parseTrustProxy(env.KOPIR_TRUST_PROXY, problems),
    webDir: path.resolve(env.KOPIR_WEB_DIR || 'web/build'),
    embeddings: {
      provider: (env.EMBEDDINGS_PROVIDER || (env.OPENAI_API_KEY || env.OPENAI_BASE_URL ? 'openai' : 'builtin')) as 'builtin' | 'openai',
      openaiApiKey: env.OPENAI_API_KEY || null,
      openaiBaseUrl: env.OPENAI_BASE_URL || null,
      openaiModel: env.OPENAI_EMBEDDING_MODEL || 'text-embedding-3-small',
      dimensions: env.EMBEDDINGS_DIMENSIONS ? parseInteger('EMBEDDINGS_DIMENSIONS', env.EMBEDDINGS_DIMENSIONS, 0, problems) : null,
    },
    semanticRatio: parseNumber('KOPIR_SEMANTIC_RATIO', env.KOPIR_SEMANTIC_RATIO, 0.6, problems),
    matchRegionWeight: parseNumber('KOPIR_MATCH_REGION_WEIGHT', env.KOPIR_MATCH_REGION_WEIGHT, 0.05, problems),
    indexerIntervalMs: parseInteger('KOPIR_INDEXER_INTERVAL_MS', env.KOPIR_INDEXER_INTERVAL_MS, 2000, problems),
    smtp: { url: env.SMTP_URL || null, from: env.SMTP_FROM || 'Kopir <no-reply@kopir.local>' },
    digestIntervalMinutes: parseInteger('KOPIR_DIGEST_INTERVAL_MINUTES', env.KOPIR_DIGEST_INTERVAL_MINUTES, 24 * 60, problems),
    publicUrl: (env.KOPIR_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, ''),
    maxUploadMb: parseInteger('KOPIR_MAX_UPLOAD_MB', env.KOPIR_MAX_UPLOAD_MB, 20, problems),
    proposalResponseDays: parseInteger('KOPIR_PROPOSAL_RESPONSE_DAYS', env.KOPIR_PROPOSAL_RESPONSE_DAYS, 14, problems),
    atRiskDays: parseInteger('KOPIR_AT_RISK_DAYS', env.KOPIR_AT_RISK_DAYS, 30, problems),
    publicRateLimit: parseInteger('KOPIR_PUBLIC_RATE_LIMIT', env.KOPIR_PUBLIC_RATE_LIMIT, 120, problems),
    ...overrides,
  };
  for (const error of Value.Errors(ConfigSchema, candidate)) {
    problems.push(`${configVariableName(error.instancePath)}: ${error.message}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return candidate;
}

const VARIABLE_NAMES: Record<string, string> = {
  port: 'PORT', host: 'HOST', dataDir: 'KOPIR_DATA_DIR', databaseUrl: 'DATABASE_URL', demoData: 'KOPIR_DEMO_DATA',
  meiliUrl: 'MEILI_URL', meiliMasterKey: 'MEILI_MASTER_KEY', meiliIndexPrefix: 'MEILI_INDEX_PREFIX', meiliIndexingThreads: 'KOPIR_MEILI_INDEXING_THREADS',
  cookieSecure: 'KOPIR_COOKIE_SECURE', secret: 'KOPIR_SECRET', logLevel: 'LOG_LEVEL',
  signInRateLimit: 'KOPIR_SIGN_IN_RATE_LIMIT', trustProxy: 'KOPIR_TRUST_PROXY', webDir: 'KOPIR_WEB_DIR', embeddings: 'EMBEDDINGS_*/OPENAI_*',
  semanticRatio: 'KOPIR_SEMANTIC_RATIO', matchRegionWeight: 'KOPIR_MATCH_REGION_WEIGHT', indexerIntervalMs: 'KOPIR_INDEXER_INTERVAL_MS',
  smtp: 'SMTP_URL/SMTP_FROM', digestIntervalMinutes: 'KOPIR_DIGEST_INTERVAL_MINUTES', publicUrl: 'KOPIR_PUBLIC_URL',
  maxUploadMb: 'KOPIR_MAX_UPLOAD_MB', proposalResponseDays: 'KOPIR_PROPOSAL_RESPONSE_DAYS',
  atRiskDays: 'KOPIR_AT_RISK_DAYS',
  publicRateLimit: 'KOPIR_PUBLIC_RATE_LIMIT',
};

function configVariableName(instancePath: string): string {
  const key = instancePath.replace(/^\//, '').split('/')[0];
  return VARIABLE_NAMES[key] ?? key;
}
