import { describe, expect, it } from 'vitest';
import { uniqueViolationMessage, uniqueViolationOf } from '../../../src/http/unique-violations.js';

// What pg and PGlite raise (a DatabaseError with SQLSTATE fields), and how drizzle wraps it (DrizzleQueryError,
// whose message lists the query and every parameter, with the database error in `cause`).
const dbError = (constraint: string | undefined, detail: string | undefined) =>
  Object.assign(new Error(`duplicate key value violates unique constraint "${constraint}"`), { code: '23505', constraint, detail, table: 'environments' });
const drizzleError = (cause: Error) =>
  Object.assign(new Error('Failed query: insert into "environments" ("name") values ($1)\nparams: secret-param'), { query: 'insert …', params: ['secret-param'], cause });

describe('uniqueViolationOf', () => {
  it('finds SQLSTATE 23505 on the error itself or in its cause chain', () => {
    const raw = dbError('environments_name_idx', 'Key (name)=(prod) already exists.');
    expect(uniqueViolationOf(raw)).toEqual({ constraint: 'environments_name_idx', detail: 'Key (name)=(prod) already exists.' });
    expect(uniqueViolationOf(drizzleError(raw))).toEqual({ constraint: 'environments_name_idx', detail: 'Key (name)=(prod) already exists.' });
    expect(uniqueViolationOf(new Error('x', { cause: drizzleError(raw) }))).toBeDefined();
  });

  it('ignores other errors, other SQLSTATEs and cause cycles', () => {
    expect(uniqueViolationOf(new Error('boom'))).toBeUndefined();
    expect(uniqueViolationOf(Object.assign(new Error('fk'), { code: '23503' }))).toBeUndefined();
    expect(uniqueViolationOf('23505')).toBeUndefined();
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(uniqueViolationOf(cyclic)).toBeUndefined();
  });
});

describe('uniqueViolationMessage', () => {
  it('uses the table of constraints, naming the field and the value', () => {
    const uuid = '3f1c2a9e-0000-4000-8000-000000000001';
    expect(uniqueViolationMessage({ constraint: 'environments_uuid_idx', detail: `Key (uuid)=(${uuid}) already exists.` })).toEqual({
      detail: `uuid '${uuid}' is already used by an existing environment.`,
      errors: { uuid: [`uuid '${uuid}' is already used by an existing environment.`] },
    });
    expect(uniqueViolationMessage({ constraint: 'webhooks_uuid_idx', detail: 'Key (uuid)=(my-webhook-uuid-0001) already exists.' })).toEqual({
      detail: "webhook 'my-webhook-uuid-0001' was created by a concurrent request; retry",
      errors: { uuid: ["webhook 'my-webhook-uuid-0001' was created by a concurrent request; retry"] },
    });
  });

  it('falls back to the constraint detail (clipped), and never to the query or its parameters', () => {
    const long = 'v'.repeat(5000);
    const message = uniqueViolationMessage({ constraint: 'some_new_idx', detail: `Key (a, b)=(1, ${long}) already exists.` });
    expect(message.detail.length).toBeLessThan(500);
    expect(message.errors).toHaveProperty(['a, b']);
    expect(JSON.stringify(uniqueViolationMessage({ constraint: undefined, detail: undefined }))).not.toMatch(/param|insert/i);
  });
});
