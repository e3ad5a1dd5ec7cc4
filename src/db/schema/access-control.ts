import { sql } from 'drizzle-orm';
import { bigserial, customType, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * API tokens (src/auth/). Only a SHA-256 of the secret is kept: the secret is 256 random bits, so a plain hash is
 * enough and lets a request find its token with one indexed lookup. Revoked tokens stay for the audit trail.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Public identifier shown in lists and the audit log (never the secret). */
    uuid: text('uuid').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['read', 'ci', 'admin'] }).notNull(),
    tokenHash: bytea('token_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_uuid_idx').on(t.uuid), uniqueIndex('api_tokens_token_hash_idx').on(t.tokenHash)],
);

/** Who wrote what, when and from where; pruned by age (TREATY_AUDIT_RETENTION_DAYS). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** 'token', 'basic', 'bootstrap' (TREATY_ADMIN_TOKEN) or 'anonymous'. */
    principalKind: text('principal_kind').notNull(),
    /** Token uuid or basic-auth user name; never a secret. */
    principalId: text('principal_id'),
    role: text('role'),
    method: text('method').notNull(),
    route: text('route').notNull(),
    url: text('url').notNull(),
    status: integer('status').notNull(),
    pacticipant: text('pacticipant'),
    version: text('version'),
    address: text('address'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_principal_idx').on(t.principalId, t.at).where(sql`${t.principalId} is not null`)],
);

/** Webhook secrets, AES-256-GCM under TREATY_SECRETS_KEY with the name as associated data. Write-only via the API. */
export const secrets = pgTable(
  'secrets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    /** iv (12 bytes) ‖ auth tag (16 bytes) ‖ ciphertext. */
    sealed: bytea('sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('secrets_name_idx').on(t.name)],
);
