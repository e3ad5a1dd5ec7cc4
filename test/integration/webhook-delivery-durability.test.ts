// Webhook delivery across real Treaty processes (issue 10, "Delivery"): two processes on one PostgreSQL database
// deliver each triggered webhook exactly once between them; a process SIGKILLed between the publish and the delivery
// leaves the delivery to the next process; a process SIGKILLed mid-delivery has it redone, with the same
// X-Treaty-Delivery id, once its lease expires.
//
// The store is the one the run uses: PostgreSQL (a fresh database per file) when DATABASE_URL is set, else PGlite on a
// data directory per test (a process restarted on the same directory).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';
import { DELIVERY_HEADER } from '../../src/webhooks/executor.js';
import { publishBody } from '../support/pacts.js';
import { openTestDatabase } from '../support/test-app.js';
import { startTreaty, waitFor, type TreatyProcess } from '../support/treaty-process.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
let pg: { database: Database; url: string; drop: () => Promise<void> } | undefined;
const processes: TreatyProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!onPostgres) return;
  const { database, url, drop } = await openTestDatabase();
  pg = { database, url: url!, drop };
});
afterEach(async () => {
  // A failed test must not leave its processes running: kill only the ones it spawned.
  await Promise.all(processes.splice(0).map((p) => p.kill()));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await pg?.database.db.execute(sql`truncate table pacticipants, webhooks, triggered_webhooks, jobs restart identity cascade`);
});
afterAll(async () => {
  await pg?.database.close();
  await pg?.drop();
});

/** The environment of a Treaty process on this run's store; a PGlite data directory lives as long as the test. */
async function storeEnv(): Promise<Record<string, string>> {
  if (pg) return { DATABASE_URL: pg.url, TREATY_MIGRATE_ON_START: 'false' };
  const dataDir = await mkdtemp(join(tmpdir(), 'treaty-delivery-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  return { TREATY_DATA_DIR: dataDir };
}

async function treaty(env: Record<string, string>): Promise<TreatyProcess> {
  const started = await startTreaty({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http', ...env });
  processes.push(started);
  return started;
}

interface Receiver {
  url: string;
  /** The X-Treaty-Delivery id of every request, in arrival order. */
  deliveries: string[];
}

/** A local webhook receiver; `handle` answers (or holds) each request after it is recorded. */
async function receiver(handle: (deliveryId: string, res: http.ServerResponse) => void | Promise<void> = (_, res) => void res.end('ok')): Promise<Receiver> {
  const deliveries: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers[DELIVERY_HEADER.toLowerCase()]);
      deliveries.push(id);
      void Promise.resolve(handle(id, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, deliveries };
}

async function post(t: TreatyProcess, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/hal+json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}
const addWebhook = (t: TreatyProcess, r: Receiver) =>
  post(t, '/webhooks', { description: 'durability', events: [{ name: 'contract_published' }], request: { method: 'POST', url: `${r.url}/hook` } });
/** Each version has its own interaction, so each publish has changed content. */
const publish = (t: TreatyProcess, version: number) =>
  post(t, '/contracts/publish', publishBody({ consumer: 'Foo', provider: 'Bar', version: `1.0.${version}`, interactions: [`interaction ${version}`] }));

interface TriggeredView {
  uuid: string;
  status: string;
}
async function triggered(t: TreatyProcess, version: number): Promise<TriggeredView> {
  const res = await fetch(`${t.baseUrl}/pacts/provider/Bar/consumer/Foo/version/1.0.${version}/triggered-webhooks`);
  const [row] = ((await res.json()) as { _embedded: { triggeredWebhooks: TriggeredView[] } })._embedded.triggeredWebhooks;
  if (!row) throw new Error(`version 1.0.${version} triggered no webhook`);
  return row;
}
async function logs(t: TreatyProcess, uuid: string) {
  const res = await fetch(`${t.baseUrl}/triggered-webhooks/${uuid}/logs`, { headers: { accept: 'application/hal+json' } });
  return ((await res.json()) as { attempts: Array<{ attempt: number; outcome: string; error: string | null; log: { request?: { headers: Record<string, string> } } | null }> }).attempts;
}
const succeeded = (t: TreatyProcess, version: number) => async () => ((await triggered(t, version)).status === 'success' ? true : undefined);
const countById = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Each test starts two processes (a few seconds each, more for PGlite's first start and on a busy machine).
describe('webhook delivery across Treaty processes', { timeout: 60_000 }, () => {
  it('two processes on one PostgreSQL database deliver each of 30 triggered webhooks exactly once, both taking some', async (ctx) => {
    if (!pg) return ctx.skip('PostgreSQL only (set DATABASE_URL): two processes cannot share one PGlite data directory');
    const db = pg.database.db;
    const N = 30;
    // While the receiver has a request, its job is running and locked by the delivering worker (host:pid:random). A
    // slow answer lets a backlog build up, so both runners claim from it at the same time.
    const deliveredBy = new Map<string, string>();
    const r = await receiver(async (id, res) => {
      const [job] = await queryRows<{ locked_by: string | null }>(db, sql`select locked_by from jobs where uuid::text = ${id}`);
      deliveredBy.set(id, job?.locked_by ?? 'unknown');
      await pause(50);
      res.end('ok');
    });
    const env = { ...(await storeEnv()), TREATY_JOBS_POLL_MS: '20', TREATY_JOBS_CONCURRENCY: '2' };
    const [a, b] = await Promise.all([treaty(env), treaty(env)]);
    await addWebhook(a, r);
    for (let i = 1; i <= N; i++) await publish(i % 2 ? a : b, i);

    const jobs = () => queryRows<{ uuid: string; status: string }>(db, sql`select uuid::text as uuid, status from jobs where kind = 'webhook'`);
    await waitFor('every delivery to succeed', async () => ((await jobs()).filter((j) => j.status === 'succeeded').length === N ? true : undefined));
    await pause(300); // room for a duplicate to show up

    const all = await jobs();
    expect(all).toHaveLength(N);
    expect(new Set(r.deliveries)).toEqual(new Set(all.map((j) => j.uuid)));
    expect([...countById(r.deliveries)].filter(([, n]) => n > 1), 'ids delivered more than once').toEqual([]);
    const attempts = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from job_attempts`);
    expect(attempts[0]!.n).toBe(N);
    const pids = [...deliveredBy.values()].map((worker) => Number(worker.split(':')[1]));
    expect(new Set(pids)).toEqual(new Set([a.child.pid, b.child.pid]));
  });

  it('a process SIGKILLed between the publish and the delivery: the next process on the store delivers it once', async () => {
    const r = await receiver();
    const store = await storeEnv();
    // Its runner polls once at start, then not for an hour: the publish's job stays queued.
    const first = await treaty({ ...store, TREATY_JOBS_POLL_MS: '3600000' });
    await addWebhook(first, r);
    await publish(first, 1);
    expect(await triggered(first, 1)).toMatchObject({ status: 'not_run' });
    await first.kill();
    expect(r.deliveries).toEqual([]);

    const second = await treaty({ ...store, TREATY_JOBS_POLL_MS: '50' });
    await waitFor('the delivery to succeed', succeeded(second, 1));
    await pause(300);
    expect(r.deliveries).toHaveLength(1);
    const [attempt] = await logs(second, (await triggered(second, 1)).uuid);
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'succeeded' });
    expect(attempt!.log?.request?.headers[DELIVERY_HEADER]).toBe(r.deliveries[0]);
  });

  it('a process SIGKILLed mid-delivery: after its lease expires the next process redelivers with the same X-Treaty-Delivery id', async () => {
    let held: http.ServerResponse | undefined;
    const r = await receiver((_, res) => {
      if (held) return void res.end('ok');
      held = res; // the first delivery never gets an answer
    });
    const store = await storeEnv();
    const leased = { ...store, TREATY_JOBS_POLL_MS: '50', TREATY_JOBS_LEASE_MS: '2000' };
    const first = await treaty(leased);
    await addWebhook(first, r);
    await publish(first, 1);
    await waitFor('the first delivery to arrive', () => (held ? true : undefined));
    expect(await triggered(first, 1)).toMatchObject({ status: 'not_run' }); // its first attempt is running
    await first.kill();

    const second = await treaty(leased);
    await waitFor('the delivery to succeed', succeeded(second, 1));
    await pause(300);
    expect(r.deliveries).toHaveLength(2);
    expect(r.deliveries[1]).toBe(r.deliveries[0]);
    const attempts = await logs(second, (await triggered(second, 1)).uuid);
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'interrupted'],
      [2, 'succeeded'],
    ]);
    expect(attempts[0]!.error).toMatch(/^lease expired/);
  });
});
