// `npx tsx bench/explain-suspects.ts`: EXPLAIN (ANALYZE, BUFFERS) of the statements behind the "suspected" slow paths
// of issue 9 on a large store, as the repositories issue them (captured at the driver during one in-process HTTP
// request, see bench/capture.ts), plus the cascading deletes (run inside a rolled-back transaction).
//
// PostgreSQL only (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): a throwaway database is created,
// seeded by bench/seed.ts (BENCH_VERSIONS etc. as for `npm run bench`) and dropped afterwards. EXPLAIN_DATABASE=<name>
// reuses an already seeded database on that server instead (migrated to the current schema first, never dropped), so
// the same data can be explained before and after a migration. EXPLAIN_PLANS=1 prints the full plans.
//
// On top of the seed it adds the history these paths grow with: one pact content republished unchanged by
// EXPLAIN_REPUBLISHES (20,000) newest consumer versions of one consumer, re-verified EXPLAIN_REVERIFICATIONS (20,000)
// times, and EXPLAIN_DEPLOYMENTS (200,000) ended deployments and releases (history rows) across the pacticipants.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query.js';
import { captureQueries, explainable, type CapturedQuery } from './capture.js';
import { seed, seedSizes } from './seed.js';

const env = process.env;
const serverUrl = env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
const showPlans = env.EXPLAIN_PLANS === '1';
const out = (line = '') => process.stdout.write(`${line}\n`);
const int = (name: string, fallback: number) => Number((env[name] ?? String(fallback)).replace(/_/g, ''));

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onServer(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** The history the suspects grow with, added to the seed (idempotent per database: marked by a table comment). */
async function addHistory(database: Database): Promise<void> {
  const db = database.db;
  const [done] = await queryRows<{ c: string | null }>(db, sql`select obj_description('deployed_versions'::regclass) as c`);
  if (done?.c === 'explain-suspects') return;
  const republishes = int('EXPLAIN_REPUBLISHES', 20_000);
  const reverifications = int('EXPLAIN_REVERIFICATIONS', 20_000);
  const deployments = int('EXPLAIN_DEPLOYMENTS', 200_000);
  await db.transaction(async (tx) => {
    // The consumer with the most versions: its newest `republishes` versions all get a pact with its ordinary provider
    // with one content (the newest content of that integration), as a CI republishing unchanged content does.
    await tx.execute(sql`
      create temporary table heavy on commit drop as
      select l.consumer_id, l.provider_id, l.pact_version_id
      from latest_pact_publications l
      where l.consumer_id = (select pacticipant_id from versions group by pacticipant_id order by count(*) desc limit 1)
        and l.provider_id <> (select max(id) from pacticipants)
      order by l.consumer_version_order desc limit 1`);
    await tx.execute(sql`
      create temporary table heavy_versions on commit drop as
      select v.id, v."order" from versions v, heavy h
      where v.pacticipant_id = h.consumer_id
        and not exists (select 1 from latest_pact_publications l where l.consumer_version_id = v.id and l.provider_id = h.provider_id)
      order by v."order" desc limit ${republishes}`);
    await tx.execute(sql`
      insert into pact_publications (consumer_version_id, provider_id, consumer_id, revision_number, pact_version_id)
      select hv.id, h.provider_id, h.consumer_id, 1, h.pact_version_id from heavy_versions hv, heavy h`);
    await tx.execute(sql`
      insert into latest_pact_publications (consumer_version_id, provider_id, consumer_id, consumer_version_order, pact_publication_id, pact_version_id, created_at)
      select p.consumer_version_id, p.provider_id, p.consumer_id, hv."order", p.id, p.pact_version_id, p.created_at
      from pact_publications p join heavy_versions hv on hv.id = p.consumer_version_id, heavy h
      where p.provider_id = h.provider_id`);
    // Re-verifications of that content by the provider's newest version.
    await tx.execute(sql`
      insert into verifications (pact_version_id, consumer_id, provider_id, provider_version_id, success)
      select h.pact_version_id, h.consumer_id, h.provider_id,
             (select id from versions where pacticipant_id = h.provider_id order by "order" desc limit 1), g % 7 <> 0
      from heavy h, generate_series(1, ${reverifications}) g`);
    // Deployment history: ended deployments and releases spread over versions and environments.
    await tx.execute(sql`
      insert into deployed_versions (version_id, pacticipant_id, environment_id, created_at, undeployed_at)
      select v.id, v.pacticipant_id, e.id, now(), now()
      from (select id, pacticipant_id, row_number() over (order by id) as n from versions where id % 5 = 0 limit ${deployments}) v
      join (select id, row_number() over (order by id) - 1 as k, count(*) over () as m from environments) e on e.k = v.n % e.m`);
    await tx.execute(sql`
      insert into released_versions (version_id, pacticipant_id, environment_id, created_at, support_ended_at)
      select v.id, v.pacticipant_id, e.id, now(), now()
      from (select id, pacticipant_id, row_number() over (order by id) as n from versions where id % 5 = 1 limit ${deployments}) v
      join (select id, row_number() over (order by id) - 1 as k, count(*) over () as m from environments) e on e.k = v.n % e.m
      on conflict do nothing`);
    await tx.execute(sql`comment on table deployed_versions is 'explain-suspects'`);
  });
  await db.execute(sql`vacuum analyze`);
}

interface Targets {
  heavyProvider: string;
  heavyConsumer: string;
  heavySha: string;
  heavyVersion: string;
  hub: string;
}

async function targets(database: Database): Promise<Targets> {
  const db = database.db;
  const [heavy] = await queryRows<{ consumer: string; provider: string; sha: string; version: string; n: number }>(
    db,
    sql`select c.name as consumer, p.name as provider, pv.sha, v.number as version, x.n
        from (select pact_version_id, count(*) as n from latest_pact_publications group by 1 order by 2 desc limit 1) x
        join pact_versions pv on pv.id = x.pact_version_id
        join pacticipants c on c.id = pv.consumer_id join pacticipants p on p.id = pv.provider_id
        join lateral (select consumer_version_id from latest_pact_publications l where l.pact_version_id = pv.id
                      order by consumer_version_order desc limit 1) l on true
        join versions v on v.id = l.consumer_version_id`,
  );
  const [hub] = await queryRows<{ name: string; n: number }>(
    db,
    sql`select p.name, x.n from (select provider_id, count(*) as n from latest_pact_publications group by 1 order by 2 desc limit 1) x
        join pacticipants p on p.id = x.provider_id`,
  );
  const [verified] = await queryRows<{ n: number }>(
    db,
    sql`select count(*) as n from verifications v join pact_versions pv on pv.id = v.pact_version_id
        join pacticipants c on c.id = pv.consumer_id join pacticipants p on p.id = pv.provider_id
        where pv.sha = ${heavy!.sha} and c.name = ${heavy!.consumer} and p.name = ${heavy!.provider}`,
  );
  out(
    `heaviest content: ${heavy!.consumer} → ${heavy!.provider} sha ${heavy!.sha.slice(0, 12)}… latest for ${Number(heavy!.n)} consumer versions, ` +
      `${Number(verified!.n)} verifications; heaviest provider ${hub!.name}: ${Number(hub!.n)} latest publications`,
  );
  return {
    heavyProvider: heavy!.provider,
    heavyConsumer: heavy!.consumer,
    heavySha: heavy!.sha,
    heavyVersion: heavy!.version,
    hub: hub!.name,
  };
}

const TIMEOUT_MS = int('EXPLAIN_TIMEOUT_MS', 60_000);

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a recorded statement: the better of two runs (the first pays for a fresh connection's
 * caches), one run only when it took over a second; cancelled after EXPLAIN_TIMEOUT_MS (60 s).
 */
async function explainStatement(database: Database, query: CapturedQuery): Promise<{ plan: string[]; executionMs?: number; timedOut: boolean }> {
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const conn = await pool.connect();
  try {
    await conn.query(`set statement_timeout = ${TIMEOUT_MS}`);
    let best: { plan: string[]; executionMs?: number } | undefined;
    for (let i = 0; i < 2; i++) {
      let rows: Array<Record<string, unknown>>;
      try {
        rows = (await conn.query(`explain (analyze, buffers) ${query.text}`, query.values)).rows;
      } catch (error) {
        if ((error as { code?: string }).code === '57014') return { plan: [], timedOut: true };
        throw error;
      }
      const plan = rows.map((r) => String(Object.values(r)[0]));
      const line = plan.find((l) => l.trim().startsWith('Execution Time'));
      const executionMs = line ? Number(/([\d.]+) ms/.exec(line)?.[1]) : undefined;
      if (!best || (executionMs ?? Infinity) < (best.executionMs ?? Infinity)) best = { plan, executionMs };
      if ((executionMs ?? 0) > 1000) break;
    }
    return { ...best!, timedOut: false };
  } finally {
    await conn.query('reset statement_timeout').catch(() => undefined);
    conn.release();
  }
}

/** Rows the plan's scan nodes produced (actual rows × loops), a rough "rows read". */
function rowsRead(plan: string[]): number {
  let total = 0;
  for (const line of plan) {
    if (!/Scan/.test(line)) continue;
    const m = /actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/.exec(line);
    if (m) total += Number(m[1]) * Number(m[2]);
  }
  return total;
}

function buffers(plan: string[]): string {
  const line = plan.find((l) => l.includes('Buffers:'));
  return line ? line.trim().replace(/^Buffers:\s*/, '') : '';
}

async function explainRequest(app: Awaited<ReturnType<typeof buildApp>>, database: Database, label: string, url: string): Promise<void> {
  const { result, queries } = await captureQueries(database, () => app.inject({ method: 'GET', url }));
  const body = result.body;
  let rows = '';
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const embedded = (parsed._embedded ?? {}) as Record<string, unknown[]>;
    const links = (parsed._links ?? {}) as Record<string, unknown>;
    const list = Object.values(embedded).find(Array.isArray) ?? (Array.isArray(links['pb:pacts']) ? (links['pb:pacts'] as unknown[]) : undefined);
    if (list) rows = `, ${list.length} items`;
    if (links.next) rows += ', has next';
  } catch {
    /* not JSON */
  }
  out();
  out(`== ${label}: GET ${url} → ${result.statusCode} (${body.length} bytes${rows})`);
  for (const query of queries.filter((q) => explainable(q.text))) {
    const explained = await explainStatement(database, query);
    const text = query.text.replace(/\s+/g, ' ').trim();
    const shown = `${text.slice(0, 110)}${text.length > 110 ? '…' : ''}`;
    if (explained.timedOut) {
      out(`  > ${TIMEOUT_MS} ms (cancelled): ${shown}`);
      continue;
    }
    out(`  ${explained.executionMs?.toFixed(3).padStart(9)} ms, ${rowsRead(explained.plan)} rows scanned, buffers ${buffers(explained.plan)}: ${shown}`);
    if (showPlans) for (const line of explained.plan) out(`      ${line}`);
  }
}

/** EXPLAIN ANALYZE of a delete in a transaction that is rolled back: the FK cascade triggers show their own times. */
async function explainDelete(database: Database, label: string, setup: string, statement: string, values: unknown[]): Promise<void> {
  const client = (database.db as unknown as { $client: pg.Pool }).$client;
  const conn = await client.connect();
  try {
    await conn.query('begin');
    await conn.query(setup);
    const { rows } = await conn.query(`explain (analyze, buffers) ${statement}`, values);
    await conn.query('rollback');
    const plan = rows.map((r: Record<string, unknown>) => String(Object.values(r)[0]));
    out();
    out(`== ${label}: ${statement} [${values.join(', ')}]`);
    for (const line of plan.filter((l) => /Trigger for constraint|Execution Time|Planning Time/.test(l))) out(`  ${line.trim()}`);
    if (showPlans) for (const line of plan) out(`      ${line}`);
  } finally {
    conn.release();
  }
}

async function main(): Promise<void> {
  const reuse = env.EXPLAIN_DATABASE?.trim() || undefined;
  const name = reuse ?? `treaty_explain_${randomBytes(4).toString('hex')}`;
  if (!reuse) await onServer((c) => c.query(`create database "${name}"`));
  const loader = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), poolSize: 1 });
  let database = loader;
  try {
    await runMigrations(loader);
    if (!reuse) {
      const sizes = seedSizes('postgres', env);
      out(`seeding ${JSON.stringify(sizes)} into ${name}`);
      const seeded = await seed(loader, sizes, { log: out });
      out(`seeded in ${seeded.seconds.toFixed(1)} s`);
    }
    await addHistory(loader);
    await loader.close();
    // From here every connection (the app's too) gives up after EXPLAIN_TIMEOUT_MS: a suspect may run for minutes.
    await onServer((c) => c.query(`alter database "${name}" set statement_timeout = ${TIMEOUT_MS}`));
    database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), poolSize: 4 });
    const [counts] = await queryRows<Record<string, number>>(
      database.db,
      sql`select (select count(*) from versions) as versions, (select count(*) from pact_publications) as publications,
                 (select count(*) from verifications) as verifications, (select count(*) from deployed_versions) as deployed_versions,
                 (select count(*) from released_versions) as released_versions`,
    );
    out(`store ${name}: ${Object.entries(counts!).map(([k, v]) => `${k} ${Number(v).toLocaleString('en-US')}`).join(', ')}`);
    const t = await targets(database);
    const e = encodeURIComponent;
    const app = await buildApp({ container: createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database }), logger: false });
    try {
      const integration = `/pacts/provider/${e(t.heavyProvider)}/consumer/${e(t.heavyConsumer)}`;
      const content = `${integration}/pact-version/${t.heavySha}`;
      await explainRequest(app, database, 'bySha (republished content)', content);
      await explainRequest(app, database, 'verification results of that content', `${content}/verification-results`);
      await explainRequest(app, database, 'latest verification result of that content', `${content}/verification-results/latest`);
      await explainRequest(app, database, 'previous distinct (behind the republishes)', `${integration}/version/${e(t.heavyVersion)}/previous-distinct`);
      await explainRequest(app, database, 'latest untagged', `${integration}/latest-untagged`);
      await explainRequest(app, database, 'pact versions of the integration', `${integration}/versions`);
      await explainRequest(app, database, 'all pacts of the hub provider', `/pacts/provider/${e(t.hub)}`);
      await explainRequest(app, database, 'all pacts of the hub provider, tag prod', `/pacts/provider/${e(t.hub)}/tag/prod`);
      await explainRequest(app, database, 'all pacts of the hub provider, main branches', `/pacts/provider/${e(t.hub)}/branch`);
      await explainRequest(app, database, 'versions of the heaviest consumer (count per page)', `/pacticipants/${e(t.heavyConsumer)}/versions`);
      await explainRequest(app, database, 'versions of the heaviest consumer, page 2', `/pacticipants/${e(t.heavyConsumer)}/versions?pageNumber=2&pageSize=100`);
      await explainRequest(app, database, 'main branch versions of the heaviest consumer', `/pacticipants/${e(t.heavyConsumer)}/branches/main/versions`);
    } finally {
      await app.close();
    }
    // Deleting a row nothing refers to still runs every cascading foreign key's lookup: a table read when that key has
    // no usable index. A fresh pacticipant and environment (inserted in the rolled-back transaction) show just that.
    await explainDelete(database, 'delete an unused pacticipant', `insert into pacticipants (name) values ('explain-unused')`, 'delete from pacticipants where name = $1', ['explain-unused']);
    await explainDelete(database, 'delete an unused environment', `insert into environments (name) values ('explain-unused')`, 'delete from environments where name = $1', ['explain-unused']);
  } finally {
    await database.close();
    await onServer((c) => c.query(`alter database "${name}" reset statement_timeout`));
    if (!reuse) await onServer((c) => c.query(`drop database if exists "${name}" with (force)`));
  }
}

await main();
