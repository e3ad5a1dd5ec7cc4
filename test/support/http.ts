// Small helpers for the HTTP tier: requests through app.inject, HAL/error assertions and row counts.
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { publishBody } from './pacts.js';
import type { TestApp } from './test-app.js';

export const HAL = 'application/hal+json;charset=utf-8';

type Body = InjectOptions['payload'];

export function client(t: TestApp) {
  const send = (method: InjectOptions['method'], url: string, payload?: Body, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  return {
    get: (url: string, headers?: Record<string, string>) => send('GET', url, undefined, headers),
    post: (url: string, payload?: Body, headers?: Record<string, string>) => send('POST', url, payload ?? {}, headers),
    /** PUT with a JSON body (`{}` when none is given: the Pact clients always send one). */
    put: (url: string, payload?: Body, headers?: Record<string, string>) => send('PUT', url, payload ?? {}, headers),
    patch: (url: string, payload?: Body, headers?: Record<string, string>) => send('PATCH', url, payload ?? {}, headers),
    delete: (url: string, headers?: Record<string, string>) => send('DELETE', url, undefined, headers),
    publish: (options: Parameters<typeof publishBody>[0]) => send('POST', '/contracts/publish', publishBody(options)),
  };
}

/** Asserts status and the HAL content type, and returns the parsed body. */
export function hal(res: LightMyRequestResponse, status: number): any {
  expect({ status: res.statusCode, body: res.body.slice(0, 2000) }).toMatchObject({ status });
  expect(res.headers['content-type']).toBe(HAL);
  return res.json();
}

/**
 * Asserts a 4xx error in the one JSON shape the Pact clients print: hal+json, a title and detail, and (when fields
 * are given) an `errors` object naming each field with at least one message.
 */
export function errorBody(res: LightMyRequestResponse, status: number, fields: string[] = []): any {
  const body = hal(res, status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.detail.length).toBeGreaterThan(0);
  for (const field of fields) {
    expect(body.errors, `errors.${field} in ${res.body}`).toHaveProperty([field]);
    expect(Array.isArray(body.errors[field])).toBe(true);
    expect(body.errors[field].length).toBeGreaterThan(0);
    for (const message of body.errors[field]) expect(typeof message).toBe('string');
  }
  return body;
}

const TABLES = [
  'pacticipants',
  'labels',
  'versions',
  'branches',
  'branch_versions',
  'branch_heads',
  'tags',
  'pact_versions',
  'pact_publications',
  'latest_pact_publications',
  'integrations',
  'environments',
  'deployed_versions',
  'released_versions',
  'verifications',
  'latest_verifications',
  'webhooks',
] as const;
export type Table = (typeof TABLES)[number];

/** Row counts of every table, to assert that a rejected request stored nothing (or a race stored exactly enough). */
export async function rowCounts(t: TestApp): Promise<Record<Table, number>> {
  const out = {} as Record<Table, number>;
  for (const table of TABLES) {
    const [row] = await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from "${table}"`));
    out[table] = Number(row!.n);
  }
  return out;
}

/** Path of an absolute href (hrefs are absolute; the Rust clients only use the path). */
export const pathOf = (href: string) => new URL(href).pathname;
