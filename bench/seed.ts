// Bulk seeding with set-based SQL (insert … select from generate_series), in one transaction on one connection.
//
// Shape of the data (P pacticipants, V versions, PP publications):
// - ids 1..C are consumers, C+1..P-1 ordinary providers, P the hub provider (`bench-hub-provider`);
//   consumers 1..min(150, C) all have a pact with the hub, and every consumer has one with an ordinary provider.
// - version g (1..V) has id = order = g and belongs to a pacticipant picked by a deterministic hash with a quadratic
//   skew, so consumer 1 has ~7% of all versions and the providers few.
// - every pacticipant has a `main` branch; each consumer version with g % 10 = 0 is on one of 5 feature branches
//   instead; branch heads are the highest order on each branch.
// - tags `prod` (g % 50 = 2) and `test` (g % 10 = 4).
// - pact_versions: VPI content variants per integration (~pactContents in all), built with the app's own SHA code;
//   a publication uses the variant matching its version's age, so content changes a few times over the history.
// - pact_publications: ~PP (consumer version, provider) pairs chosen by hash, the newest first; one revision each;
//   latest_pact_publications and integrations derived from them.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../src/db/client.js';
import { queryRows } from '../src/db/query.js';
import { contentSha, interactionCount, withInteractionIds } from '../src/pacts/pact-content.js';
import { benchPactDocument } from './pacts.js';

export interface SeedSizes {
  pacticipants: number;
  versions: number;
  publications: number;
  pactContents: number;
}

const FEATURE_BRANCHES = 5;
const HUB_CONSUMERS = 150;

function intFromEnv(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got '${raw}'`);
  return value;
}

/** Full size on PostgreSQL, a tenth on PGlite; each overridable (BENCH_PACTICIPANTS, BENCH_VERSIONS, …). */
export function seedSizes(kind: 'postgres' | 'pglite', env: Record<string, string | undefined>): SeedSizes {
  const full = kind === 'postgres';
  return {
    pacticipants: intFromEnv(env, 'BENCH_PACTICIPANTS', 200, 3),
    versions: intFromEnv(env, 'BENCH_VERSIONS', full ? 1_000_000 : 100_000, 10),
    publications: intFromEnv(env, 'BENCH_PUBLICATIONS', full ? 500_000 : 50_000, 1),
    pactContents: intFromEnv(env, 'BENCH_PACT_CONTENTS', full ? 3_000 : 1_000, 1),
  };
}

export interface SeedLayout {
  consumers: number;
  providers: number;
  hubId: number;
  hubConsumers: number;
  /** Content variants per integration; the newest publications use variant variantsPerIntegration - 1. */
  variantsPerIntegration: number;
  name(id: number): string;
  /** The ordinary (non-hub) provider of a consumer. */
  otherProviderOf(consumerId: number): number;
}

export function seedLayout(sizes: SeedSizes): SeedLayout {
  const P = sizes.pacticipants;
  const providers = Math.max(2, Math.round(P / 10));
  const consumers = P - providers;
  const hubConsumers = Math.min(HUB_CONSUMERS, consumers);
  const integrations = hubConsumers + consumers;
  const width = String(P).length;
  return {
    consumers,
    providers,
    hubId: P,
    hubConsumers,
    variantsPerIntegration: Math.max(1, Math.round(sizes.pactContents / integrations)),
    name: (id) =>
      id === P
        ? 'bench-hub-provider'
        : id > consumers
          ? `bench-provider-${String(id - consumers).padStart(width, '0')}`
          : `bench-consumer-${String(id).padStart(width, '0')}`,
    otherProviderOf: (c) => consumers + 1 + (c % (providers - 1)),
  };
}

export interface SeedResult {
  layout: SeedLayout;
  seconds: number;
  steps: Array<{ step: string; seconds: number }>;
  foreignKeyChecks: boolean;
}

const TWO_32 = 4294967296;

export async function seed(database: Database, sizes: SeedSizes, options: { foreignKeyChecks?: boolean; log?: (line: string) => void } = {}): Promise<SeedResult> {
  const layout = seedLayout(sizes);
  const log = options.log ?? (() => undefined);
  const P = sizes.pacticipants;
  const V = sizes.versions;
  const C = layout.consumers;
  const NPROV = layout.providers;
  const HUBC = layout.hubConsumers;
  const VPI = layout.variantsPerIntegration;
  const width = String(P).length;
  const steps: SeedResult['steps'] = [];
  const started = performance.now();
  let foreignKeyChecks = options.foreignKeyChecks ?? false;

  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await fn();
    const seconds = (performance.now() - t) / 1000;
    steps.push({ step: name, seconds });
    log(`  ${name.padEnd(26)} ${seconds.toFixed(2).padStart(7)} s`);
    return result;
  };
  const run = (tx: Db, query: string | SQL) => tx.execute(typeof query === 'string' ? sql.raw(query) : query);

  // Version g's pacticipant: 1 + floor(P * u^2), u a multiplicative hash of g in [0, 1).
  const ownerOf = (g: string) => `(1 + floor(${P} * power(((${g} * 2654435761) % ${TWO_32})::float8 / ${TWO_32}, 2))::int)`;
  // Branch of a version: the owner's main branch (id = owner id) or, for every 10th consumer version, a feature branch.
  const branchOf = `(case when v.pacticipant_id <= ${C} and v.id % 10 = 0
                          then ${P} + (v.pacticipant_id - 1) * ${FEATURE_BRANCHES} + (v.id / 10) % ${FEATURE_BRANCHES} + 1
                          else v.pacticipant_id end)`;

  await database.db.transaction(async (tx) => {
    if (!foreignKeyChecks) {
      // Every row below is consistent by construction; skipping the per-row FK triggers halves the seeding time.
      // Needs a superuser (PGlite's user is one); otherwise the checks simply stay on.
      const [me] = await queryRows<{ rolsuper: boolean }>(tx, sql`select rolsuper from pg_roles where rolname = current_user`);
      if (me?.rolsuper) await run(tx, 'set local session_replication_role = replica');
      else foreignKeyChecks = true;
    }

    await step('pacticipants', () =>
      run(
        tx,
        `insert into pacticipants (id, name, main_branch, created_at)
         select i,
                case when i = ${P} then 'bench-hub-provider'
                     when i > ${C} then 'bench-provider-' || lpad((i - ${C})::text, ${width}, '0')
                     else 'bench-consumer-' || lpad(i::text, ${width}, '0') end,
                'main', now() - interval '3 years'
         from generate_series(1, ${P}) i`,
      ),
    );

    await step('versions', () =>
      run(
        tx,
        `insert into versions (id, pacticipant_id, number, "order", created_at)
         select g, ${ownerOf('g')}, md5(g::text), g, now() - (${V} - g + 1) * interval '1 minute'
         from generate_series(1::bigint, ${V}::bigint) g`,
      ),
    );

    await step('branches', () =>
      run(
        tx,
        `insert into branches (id, pacticipant_id, name, created_at, updated_at)
         select b.id, b.pacticipant_id,
                case when b.id <= ${P} then 'main' else 'feature/bench-' || ((b.id - ${P} - 1) % ${FEATURE_BRANCHES} + 1) end,
                min(b.created_at), max(b.created_at)
         from (select ${branchOf} as id, v.pacticipant_id, v.created_at from versions v) b
         group by b.id, b.pacticipant_id`,
      ),
    );

    await step('branch_versions', () =>
      run(
        tx,
        `insert into branch_versions (id, branch_id, version_id, version_order, created_at)
         select v.id, ${branchOf}, v.id, v."order", v.created_at from versions v`,
      ),
    );

    await step('branch_heads', () =>
      run(
        tx,
        // branch_versions.id = version_id = version_order here, so the max of each is the same row.
        `insert into branch_heads (branch_id, branch_version_id, version_id)
         select branch_id, max(id), max(version_id) from branch_versions group by branch_id`,
      ),
    );

    await step('tags', () =>
      run(
        tx,
        `insert into tags (version_id, name, pacticipant_id, version_order, created_at)
         select v.id, 'prod', v.pacticipant_id, v."order", v.created_at from versions v where v.id % 50 = 2
         union all
         select v.id, 'test', v.pacticipant_id, v."order", v.created_at from versions v where v.id % 10 = 4`,
      ),
    );

    // The integrations to create, numbered: (consumer, hub) for the hub's consumers, (consumer, other provider) for all.
    await run(tx, 'create table bench_pairs (idx int primary key, consumer_id int not null, provider_id int not null, slot int not null)');
    await run(
      tx,
      `insert into bench_pairs
       select (row_number() over (order by c, slot) - 1)::int, c, provider_id, slot
       from (select c, 0 as slot, ${P} as provider_id from generate_series(1, ${HUBC}) c
             union all
             select c, 1, ${C} + 1 + (c % ${NPROV - 1}) from generate_series(1, ${C}) c) x`,
    );

    await step('pact_versions', async () => {
      const pairs = await queryRows<{ idx: number; consumer_id: number; provider_id: number }>(
        tx,
        sql.raw('select idx, consumer_id, provider_id from bench_pairs order by idx'),
      );
      const rows = [];
      for (const pair of pairs) {
        for (let variant = 0; variant < VPI; variant++) {
          const document = benchPactDocument(layout.name(pair.consumer_id), layout.name(pair.provider_id), variant);
          const stored = withInteractionIds(document);
          rows.push({
            id: pair.idx * VPI + variant + 1,
            consumer_id: pair.consumer_id,
            provider_id: pair.provider_id,
            sha: contentSha(document),
            content: JSON.stringify(stored),
            interaction_count: interactionCount(stored),
            variant,
          });
        }
      }
      // One statement for all rows: the JSON array is a single parameter.
      await run(
        tx,
        sql`insert into pact_versions (id, consumer_id, provider_id, sha, content, interaction_count, created_at)
            select r.id, r.consumer_id, r.provider_id, r.sha, r.content, r.interaction_count,
                   now() - (${sql.raw(String(V))} - r.variant * ${sql.raw(String(V))} / ${sql.raw(String(VPI))} + 1) * interval '1 minute'
            from json_to_recordset(${JSON.stringify(rows)}::json)
                 as r(id bigint, consumer_id int, provider_id int, sha text, content text, interaction_count int, variant int)`,
      );
    });

    await step('pact_publications', async () => {
      const [candidates] = await queryRows<{ n: number }>(
        tx,
        sql.raw('select count(*)::bigint as n from versions v join bench_pairs bp on bp.consumer_id = v.pacticipant_id'),
      );
      const total = Number(candidates?.n ?? 0);
      // Pick a little more than needed by hash (spread over the whole history), keep the newest `publications`.
      const threshold = Math.min(TWO_32, Math.ceil((total === 0 ? 0 : (sizes.publications * 1.02) / total) * TWO_32));
      await run(
        tx,
        `insert into pact_publications (id, consumer_version_id, provider_id, consumer_id, revision_number, pact_version_id, created_at)
         select row_number() over (order by s.vid, s.slot), s.vid, s.provider_id, s.consumer_id, 1,
                s.idx * ${VPI} + least(${VPI - 1}, ((s.vid - 1) * ${VPI}) / ${V}) + 1,
                s.created_at + interval '30 seconds'
         from (select v.id as vid, bp.slot, bp.provider_id, bp.consumer_id, bp.idx, v.created_at
               from versions v join bench_pairs bp on bp.consumer_id = v.pacticipant_id
               where ((v.id * 2 + bp.slot) * 2246822519) % ${TWO_32} < ${threshold}
               order by v.id desc, bp.slot
               limit ${sizes.publications}) s`,
      );
    });

    await step('latest_pact_publications', () =>
      run(
        tx,
        `insert into latest_pact_publications
           (consumer_version_id, provider_id, consumer_id, consumer_version_order, pact_publication_id, pact_version_id, created_at)
         select pp.consumer_version_id, pp.provider_id, pp.consumer_id, v."order", pp.id, pp.pact_version_id, pp.created_at
         from pact_publications pp join versions v on v.id = pp.consumer_version_id`,
      ),
    );

    await step('integrations', () =>
      run(
        tx,
        `insert into integrations (consumer_id, provider_id, created_at, contract_data_updated_at)
         select consumer_id, provider_id, min(created_at), max(created_at) from pact_publications group by consumer_id, provider_id`,
      ),
    );

    await run(tx, 'drop table bench_pairs');
    // Past every explicit id and order, so rows the app creates next do not collide.
    for (const table of ['pacticipants', 'versions', 'branches', 'branch_versions', 'pact_versions', 'pact_publications']) {
      await run(tx, `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
    await run(tx, `select setval('version_order_seq', (select max("order") from versions))`);
  });

  await step('vacuum analyze', () => database.db.execute(sql.raw('vacuum analyze')));
  return { layout, seconds: (performance.now() - started) / 1000, steps, foreignKeyChecks };
}

export const COUNTED_TABLES = [
  'pacticipants',
  'versions',
  'branches',
  'branch_versions',
  'branch_heads',
  'tags',
  'pact_versions',
  'pact_publications',
  'latest_pact_publications',
  'integrations',
] as const;

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::bigint as n from ${table}`));
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}
