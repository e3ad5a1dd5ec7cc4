// The only place that reads environment variables. Values are resolved from Treaty's own names first, then the
// Pact Broker image's names (so a team can swap images), validated with ajv, and frozen.
import { isIP } from 'node:net';
import { Ajv } from 'ajv';
import { LIMIT_SETTINGS, type Limits } from './shared/limits.js';
import { parseSecretsKey, SECRETS_KEY_VARIABLE } from './secrets/secret-box.js';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** PostgreSQL connection string; when absent Treaty runs on embedded PGlite under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly databasePoolSize: number;
  readonly migrateOnStart: boolean;
  /** Fixed absolute base for links; when absent links are built from the request. */
  readonly baseUrl: string | undefined;
  /**
   * Which peers may set X-Forwarded-Host/-Proto/-Prefix (and -For), with Fastify's `trustProxy` meanings: false (no
   * one, the default), true (every peer), a hop count, or addresses/CIDRs/`loopback`/`linklocal`/`uniquelocal`.
   */
  readonly trustProxy: TrustProxySetting;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly allowDangerousContractModification: boolean;
  /** Request limits (shared/limits.ts), each from its own variable. */
  readonly limits: Limits;
  /** Job runner (src/jobs/): how often an idle worker looks for due jobs, how long a claim lasts, jobs at once. */
  readonly jobsPollMs: number;
  readonly jobsLeaseMs: number;
  readonly jobsConcurrency: number;
  /** Webhook allow lists (src/webhooks/webhook-policy.ts): URL schemes (lower case), HTTP methods (upper case), hosts. */
  readonly webhookSchemes: readonly string[];
  readonly webhookMethods: readonly string[];
  /** Host names, `*.domain`, IPs, CIDRs and `/regex/`; undefined = no host allow list (private addresses refused). */
  readonly webhookHosts: readonly string[] | undefined;
  /** How long one webhook delivery attempt may take (connect, send, response), in milliseconds. */
  readonly webhookTimeoutMs: number;
  /**
   * TREATY_SECRETS_KEY (32 bytes) sealing webhook secrets; undefined = secrets cannot be stored. Non-enumerable, so
   * logging or serialising the config never shows it.
   */
  readonly secretsKey: Buffer | undefined;
  /** Access control (src/auth/, src/http/authorization.ts). Holds secrets: never log it (toJSON redacts them). */
  readonly auth: AuthSettings;
  /** Audit events older than this many days are pruned (src/audit/). */
  readonly auditRetentionDays: number;
}

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export interface AuthSettings {
  /** The read-write basic user (the Pact Broker's "write" user): role admin. */
  readonly basic: BasicCredentials | undefined;
  /** The read-only basic user: role read. */
  readonly readOnlyBasic: BasicCredentials | undefined;
  /** GETs (and pacts-for-verification) without credentials, as the Pact Broker's allow_public_read. */
  readonly allowPublicRead: boolean;
  readonly publicHeartbeat: boolean;
  readonly publicBadgeAccess: boolean;
  /** Bootstrap admin bearer token, so the first API token can be created. */
  readonly adminToken: string | undefined;
  /** Failed authentication attempts one client address may make per window before it gets 429s. */
  readonly failureLimit: number;
  readonly failureWindowSeconds: number;
}

/** Environment names of the access control settings, Treaty's first (README "Access control"). */
export const AUTH_ENV_NAMES = {
  basicUsername: ['TREATY_BASIC_AUTH_USERNAME', 'PACT_BROKER_BASIC_AUTH_USERNAME'],
  basicPassword: ['TREATY_BASIC_AUTH_PASSWORD', 'PACT_BROKER_BASIC_AUTH_PASSWORD'],
  readOnlyUsername: ['TREATY_BASIC_AUTH_READ_ONLY_USERNAME', 'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME'],
  readOnlyPassword: ['TREATY_BASIC_AUTH_READ_ONLY_PASSWORD', 'PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD'],
  allowPublicRead: ['TREATY_ALLOW_PUBLIC_READ', 'PACT_BROKER_ALLOW_PUBLIC_READ'],
  publicHeartbeat: ['TREATY_PUBLIC_HEARTBEAT', 'PACT_BROKER_PUBLIC_HEARTBEAT'],
  publicBadgeAccess: ['TREATY_ENABLE_PUBLIC_BADGE_ACCESS', 'PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS'],
  adminToken: ['TREATY_ADMIN_TOKEN'],
  failureLimit: ['TREATY_AUTH_FAILURE_LIMIT'],
  failureWindowSeconds: ['TREATY_AUTH_FAILURE_WINDOW_SECONDS'],
} as const;

/** The shortest bootstrap admin token accepted: anything shorter is guessable. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** Each setting: Treaty's variable name first, then accepted aliases. Documented in the README table. */
export const ENV_NAMES = {
  host: ['HOST', 'TREATY_HOST'],
  port: ['PORT', 'TREATY_PORT', 'PACT_BROKER_PORT'],
  databaseUrl: ['DATABASE_URL', 'TREATY_DATABASE_URL', 'PACT_BROKER_DATABASE_URL'],
  dataDir: ['TREATY_DATA_DIR'],
  databasePoolSize: ['TREATY_DATABASE_POOL_SIZE', 'PACT_BROKER_DATABASE_MAX_CONNECTIONS'],
  migrateOnStart: ['TREATY_MIGRATE_ON_START', 'PACT_BROKER_DATABASE_AUTO_MIGRATE'],
  baseUrl: ['TREATY_BASE_URL', 'PACT_BROKER_BASE_URL'],
  trustProxy: ['TREATY_TRUST_PROXY'],
  logLevel: ['TREATY_LOG_LEVEL', 'LOG_LEVEL', 'PACT_BROKER_LOG_LEVEL'],
  allowDangerousContractModification: [
    'TREATY_ALLOW_DANGEROUS_CONTRACT_MODIFICATION',
    'PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION',
  ],
  jobsPollMs: ['TREATY_JOBS_POLL_MS'],
  jobsLeaseMs: ['TREATY_JOBS_LEASE_MS'],
  jobsConcurrency: ['TREATY_JOBS_CONCURRENCY'],
  webhookSchemes: ['TREATY_WEBHOOK_SCHEME_ALLOWLIST', 'PACT_BROKER_WEBHOOK_SCHEME_WHITELIST'],
  webhookMethods: ['TREATY_WEBHOOK_METHOD_ALLOWLIST', 'PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST'],
  webhookHosts: ['TREATY_WEBHOOK_HOST_ALLOWLIST', 'PACT_BROKER_WEBHOOK_HOST_WHITELIST'],
  webhookTimeoutMs: ['TREATY_WEBHOOK_TIMEOUT_MS'],
  auditRetentionDays: ['TREATY_AUDIT_RETENTION_DAYS'],
} as const satisfies Record<Exclude<keyof Config, 'limits' | 'auth' | 'secretsKey'>, readonly string[]>;

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', minLength: 1, default: '0.0.0.0' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 9292 },
    databaseUrl: { type: 'string', pattern: '^postgres(ql)?://' },
    dataDir: { type: 'string', minLength: 1, default: './data' },
    databasePoolSize: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
    migrateOnStart: { type: 'boolean', default: true },
    baseUrl: { type: 'string', pattern: '^https?://[^\\s]+$' },
    trustProxy: {
      anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0 }, { type: 'array', minItems: 1, items: { type: 'string' } }],
      default: false,
    },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    allowDangerousContractModification: { type: 'boolean', default: false },
    jobsPollMs: { type: 'integer', minimum: 10, maximum: 3_600_000, default: 1000 },
    // The runner aborts a handler after half the lease, so a lease of at least 2 s leaves a handler 1 s.
    jobsLeaseMs: { type: 'integer', minimum: 2000, maximum: 86_400_000, default: 60_000 },
    jobsConcurrency: { type: 'integer', minimum: 1, maximum: 100, default: 4 },
    webhookSchemes: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*$' }, default: ['https'] },
    webhookMethods: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z]+$' }, default: ['POST'] },
    webhookHosts: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    webhookTimeoutMs: { type: 'integer', minimum: 100, maximum: 300_000, default: 10_000 },
    auth: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        basicUsername: { type: 'string' },
        basicPassword: { type: 'string' },
        readOnlyUsername: { type: 'string' },
        readOnlyPassword: { type: 'string' },
        allowPublicRead: { type: 'boolean', default: false },
        publicHeartbeat: { type: 'boolean', default: false },
        publicBadgeAccess: { type: 'boolean', default: false },
        adminToken: { type: 'string' },
        failureLimit: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 20 },
        failureWindowSeconds: { type: 'integer', minimum: 1, maximum: 86_400, default: 60 },
      },
    },
    auditRetentionDays: { type: 'integer', minimum: 1, maximum: 36_500, default: 90 },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: Object.fromEntries(
        Object.entries(LIMIT_SETTINGS).map(([key, s]) => [key, { type: 'integer', minimum: s.minimum, maximum: 2 ** 31 - 1, default: s.default }]),
      ),
    },
  },
} as const;

// Compiled once per process, at start: checking the schema against Ajv's meta-schema (compiling that first) and
// optimising the generated code cost more CPU at start than this single validation saves. The schema is a constant
// that test/unit/config.test.ts exercises.
const validate = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, validateSchema: false, code: { optimize: false } }).compile(schema);

export class ConfigError extends Error {}

export type TrustProxySetting = boolean | number | readonly string[];

/** proxy-addr's named ranges, which Fastify's trustProxy accepts beside addresses and CIDRs. */
export const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'] as const;

function isAddressOrCidr(value: string): boolean {
  if ((NAMED_RANGES as readonly string[]).includes(value)) return true;
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** TREATY_TRUST_PROXY: `true`; `false`/`none` (off); a hop count; or comma separated addresses, CIDRs and named ranges. */
export function parseTrustProxy(value: string): TrustProxySetting | undefined {
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false' || lower === 'none') return false;
  if (/^\d+$/.test(lower)) return Number(lower);
  const entries = lower.split(',').map((entry) => entry.trim());
  return entries.every(isAddressOrCidr) ? entries : undefined;
}

// The Pact Broker image uses Ruby logger names (DEBUG, WARN, ...).
function normaliseLogLevel(value: string): string {
  const lower = value.trim().toLowerCase();
  return lower === 'warning' ? 'warn' : lower;
}

/** A space separated setting (the Pact Broker's list format) as its entries; undefined stays undefined. */
function splitList(value: unknown): string[] | undefined {
  return typeof value === 'string' ? value.split(/\s+/).filter((entry) => entry !== '') : undefined;
}

/** Host allow list entries written `/…/` must compile as regular expressions. */
function isValidHostPattern(entry: string): boolean {
  if (!(entry.length > 2 && entry.startsWith('/') && entry.endsWith('/'))) return true;
  try {
    new RegExp(entry.slice(1, -1), 'i');
    return true;
  } catch {
    return false;
  }
}

/** A basic user exists only when both halves are set (the Pact Broker ignores a half-configured user); say so. */
function basicUser(username: unknown, password: unknown, names: readonly string[]): BasicCredentials | undefined {
  if (typeof username === 'string' && typeof password === 'string') return Object.freeze({ username, password });
  if (username !== undefined || password !== undefined) {
    throw new ConfigError(`Invalid configuration:\n  ${names.join(' and ')} must be set together`);
  }
  return undefined;
}

function authSettings(raw: Record<string, unknown>, sourceName: Record<string, string>): AuthSettings {
  const adminToken = raw.adminToken as string | undefined;
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `Invalid configuration:\n  ${sourceName['auth/adminToken'] ?? 'TREATY_ADMIN_TOKEN'}: must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (use e.g. \`openssl rand -base64 32\`)`,
    );
  }
  const settings: AuthSettings & { toJSON(): unknown } = {
    basic: basicUser(raw.basicUsername, raw.basicPassword, ['TREATY_BASIC_AUTH_USERNAME', 'TREATY_BASIC_AUTH_PASSWORD']),
    readOnlyBasic: basicUser(raw.readOnlyUsername, raw.readOnlyPassword, ['TREATY_BASIC_AUTH_READ_ONLY_USERNAME', 'TREATY_BASIC_AUTH_READ_ONLY_PASSWORD']),
    allowPublicRead: raw.allowPublicRead as boolean,
    publicHeartbeat: raw.publicHeartbeat as boolean,
    publicBadgeAccess: raw.publicBadgeAccess as boolean,
    adminToken,
    failureLimit: raw.failureLimit as number,
    failureWindowSeconds: raw.failureWindowSeconds as number,
    // Whatever serialises the configuration (a log line, a debug dump) sees that secrets are set, never their values.
    toJSON() {
      return { ...this, basic: this.basic && { username: this.basic.username, password: '[redacted]' }, readOnlyBasic: this.readOnlyBasic && { username: this.readOnlyBasic.username, password: '[redacted]' }, adminToken: this.adminToken && '[redacted]', toJSON: undefined };
    },
  };
  return Object.freeze(settings);
}

/** Whether any credential is configured; access control is also on while a usable API token exists. */
export function credentialsConfigured(auth: AuthSettings): boolean {
  return auth.basic !== undefined || auth.readOnlyBasic !== undefined || auth.adminToken !== undefined;
}

function secretsKeyFrom(env: Record<string, string | undefined>): Buffer | undefined {
  const value = env[SECRETS_KEY_VARIABLE];
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return parseSecretsKey(value);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${SECRETS_KEY_VARIABLE}: ${(error as Error).message}`);
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = {};
  const sourceName: Record<string, string> = {};
  for (const [key, names] of Object.entries(ENV_NAMES)) {
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value.trim() !== '') {
        raw[key] = key === 'logLevel' ? normaliseLogLevel(value) : value.trim();
        sourceName[key] = name;
        break;
      }
    }
  }
  const limits: Record<string, string> = {};
  for (const [key, setting] of Object.entries(LIMIT_SETTINGS)) {
    const value = env[setting.variable];
    if (value !== undefined && value.trim() !== '') {
      limits[key] = value.trim();
      sourceName[`limits/${key}`] = setting.variable;
    }
  }
  raw.limits = limits;
  const auth: Record<string, string> = {};
  for (const [key, names] of Object.entries(AUTH_ENV_NAMES)) {
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value.trim() !== '') {
        // Passwords and tokens are taken as given (a leading space may be part of one); flags and numbers trimmed.
        auth[key] = /Password|Username|Token/.test(key) ? value : value.trim();
        sourceName[`auth/${key}`] = name;
        break;
      }
    }
  }
  raw.auth = auth;
  if (typeof raw.baseUrl === 'string') {
    // The Pact Broker accepts a space separated list of base URLs; the first one is the canonical one.
    raw.baseUrl = raw.baseUrl.split(/\s+/)[0]!.replace(/\/+$/, '');
  }
  if (typeof raw.trustProxy === 'string') {
    const parsed = parseTrustProxy(raw.trustProxy);
    if (parsed === undefined) {
      throw new ConfigError(
        `Invalid configuration:\n  ${sourceName.trustProxy}: must be true, false, none, a hop count, or comma separated IP addresses/CIDRs (or loopback, linklocal, uniquelocal)`,
      );
    }
    raw.trustProxy = parsed;
  }
  raw.webhookSchemes = splitList(raw.webhookSchemes)?.map((s) => s.toLowerCase());
  raw.webhookMethods = splitList(raw.webhookMethods)?.map((m) => m.toUpperCase());
  raw.webhookHosts = splitList(raw.webhookHosts);
  const badPattern = (raw.webhookHosts as string[] | undefined)?.find((entry) => !isValidHostPattern(entry));
  if (badPattern !== undefined) {
    throw new ConfigError(`Invalid configuration:\n  ${sourceName.webhookHosts}: ${badPattern} is not a valid regular expression`);
  }
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => {
      const key = e.instancePath.replace(/^\//, '');
      return `${sourceName[key] ?? sourceName[key.split('/')[0]!] ?? key}: ${e.message ?? 'is invalid'}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  raw.auth = authSettings(raw.auth as Record<string, unknown>, sourceName);
  Object.freeze(raw.limits);
  for (const key of ['trustProxy', 'webhookSchemes', 'webhookMethods', 'webhookHosts']) {
    if (Array.isArray(raw[key])) Object.freeze(raw[key]);
  }
  Object.defineProperty(raw, 'secretsKey', { value: secretsKeyFrom(env), enumerable: false });
  return Object.freeze(raw as unknown as Config);
}
