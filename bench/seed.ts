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
// - then the provider side (seedProviderWorkflow below): the hub's feature-branch versions, deployments and releases
//   of the hub's consumers, WIP branch pacts, and ~1.4M verifications (a tenth on PGlite) with latest_verifications.
// - last the deploy gate (seedDeployGate below): a leaf consumer version with pacts with 3 providers whose production
//   versions verified them, the hub's previous main version in production, and a re-verification between two explicit
//   versions, for the can-i-deploy and matrix scenarios.
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
  /** Providers including the hub (default a tenth of the pacticipants, at least 2). */
  providers?: number;
  /** Consumers integrated with the hub (default 150, or every consumer when fewer). */
  hubConsumers?: number;
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
  const providers = Math.min(P - 1, Math.max(2, sizes.providers ?? Math.round(P / 10)));
  const consumers = P - providers;
  const hubConsumers = Math.min(sizes.hubConsumers ?? HUB_CONSUMERS, consumers);
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

/** What the can-i-deploy and matrix scenarios ask about: pacticipant names and version numbers seeded for them. */
export interface DeployGate {
  /** A consumer outside the hub's, whose newest version has pacts with exactly 3 ordinary providers. */
  leaf: {
    consumer: string;
    version: string;
    /** Each provider's version currently deployed to production; it verified the leaf version's pact successfully. */
    providers: Array<{ name: string; productionVersion: string }>;
  };
  /** The hub's main-branch head (the deploy candidate) and its previous main version (currently in production). */
  hub: { provider: string; version: string; productionVersion: string };
  /** Two explicit versions with a pact and a successful (latest) verification between them. */
  pair: { consumer: string; consumerVersion: string; provider: string; providerVersion: string };
}

export interface SeedResult {
  layout: SeedLayout;
  /** The deploy-gate data, or why this layout cannot have it (too few pacticipants or versions). */
  deployGate: DeployGate | { skipped: string };
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
  let deployGate: SeedResult['deployGate'] = { skipped: 'not seeded' };

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
    await seedProviderWorkflow(tx, { sizes, layout, ownerOf, step, run });
    deployGate = await step('deploy gate', () => seedDeployGate(tx, { sizes, layout, ownerOf, step, run }));
    // Past every explicit id and order, so rows the app creates next do not collide.
    for (const table of [
      'pacticipants',
      'versions',
      'branches',
      'branch_versions',
      'pact_versions',
      'pact_publications',
      'deployed_versions',
      'released_versions',
      'verifications',
    ]) {
      await run(tx, `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
    await run(tx, `select setval('version_order_seq', (select max("order") from versions))`);
  });

  await step('vacuum analyze', () => database.db.execute(sql.raw('vacuum analyze')));
  return { layout, deployGate, seconds: (performance.now() - started) / 1000, steps, foreignKeyChecks };
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
  'deployed_versions',
  'released_versions',
  'verifications',
  'latest_verifications',
] as const;

export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::bigint as n from ${table}`));
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Variant numbers of the WIP branch contents (far from the seeded 0..VPI-1 and from the publish load's 1e6+/2e6+). */
const WIP_VARIANT_BASE = 500_000;

interface WorkflowContext {
  sizes: SeedSizes;
  layout: SeedLayout;
  ownerOf: (g: string) => string;
  step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  run: (tx: Db, query: string | SQL) => Promise<unknown>;
}

/**
 * The provider side, for pacts-for-verification and verification results (runs after the consumer-side steps and
 * leaves their rows as they are):
 * - hub provider versions: the hub's own versions (~V/400, all on its `main`) plus one every 1500 positions on four
 *   `feature/provider-N` branches. A new version takes the order (= position in time) of an id the hub does not own,
 *   so order and creation time stay consistent; its id is past V.
 * - per hub consumer (pacts with the hub only, main-branch versions only): currently deployed to `test` (newest
 *   content), currently deployed to `production` (the previous content), released in `production` and supported (the
 *   one before), plus an undeployed production deployment and a release whose support ended.
 * - per hub consumer c ≡ 2 (mod 3): a `feature/bench-wip` branch whose head has new content, spread over the last
 *   ~570 positions-days (about a third older than a year at full size): WIP candidates. k = (c - 2) / 3: k ≡ 0 never
 *   verified, k ≡ 1 only verified through WIP URLs (stays WIP), k ≡ 2 verified on the provider's main (not WIP).
 * - verifications: every provider version verifies each content in the content's window of positions (from its first
 *   publication to half a period after the next content; for the hub's three newest contents, the ones deployed and
 *   released, until now); ordinary providers with every third version. Re-verifications of one (content, provider
 *   version) pair, the heavy tail: 4 + 60 / c^0.8 (+0..2) for the hub's newest content of consumer c (~17k
 *   verifications for consumer 1's), 1 or 2 for the hub's older contents. ~2.5% fail, 5% were run through WIP URLs;
 *   the hub's newest content of consumers c ≡ 0 (mod 10) only ever fails on the provider's main (pending there).
 * - latest_verifications: the highest id per (content, provider version).
 */
async function seedProviderWorkflow(tx: Db, ctx: WorkflowContext): Promise<void> {
  const { sizes, layout, ownerOf, step, run } = ctx;
  const V = sizes.versions;
  const P = layout.hubId;
  const C = layout.consumers;
  const HUBC = layout.hubConsumers;
  const VPI = layout.variantsPerIntegration;
  const q = V / VPI; // positions per content variant
  const maxOf = async (table: string) =>
    Number((await queryRows<{ n: number | null }>(tx, sql.raw(`select max(id) as n from ${table}`)))[0]?.n ?? 0);
  const seededPactVersions = await maxOf('pact_versions');

  await step('provider versions', async () => {
    const versionBase = await maxOf('versions');
    const branchBase = await maxOf('branches');
    await run(
      tx,
      `create temp table bench_hub_feature on commit drop as
       select (${versionBase} + row_number() over (order by g))::bigint as id, g,
              ${branchBase} + 1 + (g / 1500) % 4 as branch_id,
              now() - (${V} - g + 1) * interval '1 minute' + interval '20 seconds' as created_at
       from generate_series(750::bigint, ${V}::bigint, 1500) g where ${ownerOf('g')} <> ${P}`,
    );
    await run(
      tx,
      `insert into branches (id, pacticipant_id, name, created_at, updated_at)
       select branch_id, ${P}, 'feature/provider-' || (branch_id - ${branchBase}), min(created_at), max(created_at)
       from bench_hub_feature group by branch_id`,
    );
    await run(
      tx,
      `insert into versions (id, pacticipant_id, number, "order", created_at)
       select id, ${P}, md5('provider-feature-' || g), g, created_at from bench_hub_feature`,
    );
    await run(
      tx,
      `insert into branch_versions (id, branch_id, version_id, version_order, created_at)
       select id, branch_id, id, g, created_at from bench_hub_feature`,
    );
    await run(
      tx,
      `insert into branch_heads (branch_id, branch_version_id, version_id)
       select distinct on (branch_id) branch_id, id, id from bench_hub_feature order by branch_id, g desc`,
    );
  });

  await step('deployed/released', async () => {
    // Positions below which each pick takes the consumer's newest main-branch version with a pact with the hub.
    const clamp = (x: number, floor: number) => Math.max(floor, Math.floor(x));
    const test = clamp(V - q / 3, 1);
    const prod = Math.min(test - 1, clamp((VPI - 1) * q - q / 4, V / 2));
    const prodOld = Math.min(prod - 1, clamp(prod - q / 2, V / 3));
    const released = Math.min(prodOld - 1, clamp((VPI - 2) * q - q / 4, V / 4));
    const releasedEnded = Math.min(released - 1, clamp(released - q / 2, V / 8));
    await run(
      tx,
      `create temp table bench_picks on commit drop as
       select c.id as consumer_id, k.kind, l.consumer_version_id as version_id, v.created_at
       from generate_series(1, ${HUBC}) c(id)
       cross join (values ('test', ${test}), ('prod', ${prod}), ('prod-old', ${prodOld}), ('released', ${released}),
                          ('released-ended', ${releasedEnded})) k(kind, max_position)
       cross join lateral (select x.consumer_version_id from latest_pact_publications x
                           where x.consumer_id = c.id and x.provider_id = ${P}
                             and x.consumer_version_order <= k.max_position and x.consumer_version_order % 10 <> 0
                           order by x.consumer_version_order desc limit 1) l
       join versions v on v.id = l.consumer_version_id`,
    );
    await run(
      tx,
      `insert into deployed_versions (version_id, pacticipant_id, environment_id, created_at, undeployed_at)
       select p.version_id, p.consumer_id, e.id, p.created_at + interval '1 hour',
              case when p.kind = 'prod-old' then coalesce((select n.created_at + interval '1 hour' from bench_picks n
                                                           where n.consumer_id = p.consumer_id and n.kind = 'prod'),
                                                          p.created_at + interval '1 day') end
       from bench_picks p join environments e on e.name = case when p.kind = 'test' then 'test' else 'production' end
       where p.kind in ('test', 'prod', 'prod-old')
       order by p.created_at`,
    );
    await run(
      tx,
      `insert into released_versions (version_id, pacticipant_id, environment_id, created_at, support_ended_at)
       select p.version_id, p.consumer_id, e.id, p.created_at + interval '2 hours',
              case when p.kind = 'released-ended' then coalesce((select n.created_at + interval '2 hours' from bench_picks n
                                                                 where n.consumer_id = p.consumer_id and n.kind = 'released'),
                                                                p.created_at + interval '30 days') end
       from bench_picks p join environments e on e.name = 'production'
       where p.kind = 'released'
          or (p.kind = 'released-ended' and not exists (select 1 from bench_picks n where n.consumer_id = p.consumer_id
                                                        and n.kind = 'released' and n.version_id = p.version_id))
       order by p.created_at`,
    );
  });

  await step('wip branch pacts', async () => {
    const versionBase = await maxOf('versions');
    const branchBase = await maxOf('branches');
    const publicationBase = await maxOf('pact_publications');
    await run(
      tx,
      `create temp table bench_wip on commit drop as
       select c, k, g,
              (${versionBase} + row_number() over (order by c))::bigint as version_id,
              ${branchBase} + row_number() over (order by c) as branch_id,
              (${seededPactVersions} + row_number() over (order by c))::bigint as pact_version_id,
              (${publicationBase} + row_number() over (order by c))::bigint as publication_id,
              now() - (${V} - g + 1) * interval '1 minute' + interval '40 seconds' as created_at
       from (select c, (c - 2) / 3 as k, (${V} - 7 - ((c - 2) / 3) * ${V}::bigint / 60) as g
             from generate_series(2, ${HUBC}, 3) c) x
       where g >= 1 and ${ownerOf('g')} <> c`,
    );
    const wips = await queryRows<{ c: number; pact_version_id: number; created_at: Date | string }>(
      tx,
      sql.raw('select c, pact_version_id, created_at from bench_wip order by c'),
    );
    const rows = wips.map((w) => {
      const document = benchPactDocument(layout.name(Number(w.c)), layout.name(P), WIP_VARIANT_BASE + Number(w.c));
      const stored = withInteractionIds(document);
      return {
        id: Number(w.pact_version_id),
        consumer_id: Number(w.c),
        sha: contentSha(document),
        content: JSON.stringify(stored),
        interaction_count: interactionCount(stored),
      };
    });
    await run(
      tx,
      `insert into branches (id, pacticipant_id, name, created_at, updated_at)
       select branch_id, c, 'feature/bench-wip', created_at, created_at from bench_wip`,
    );
    await run(tx, `insert into versions (id, pacticipant_id, number, "order", created_at) select version_id, c, md5('wip-' || c), g, created_at from bench_wip`);
    await run(
      tx,
      `insert into branch_versions (id, branch_id, version_id, version_order, created_at)
       select version_id, branch_id, version_id, g, created_at from bench_wip`,
    );
    await run(tx, 'insert into branch_heads (branch_id, branch_version_id, version_id) select branch_id, version_id, version_id from bench_wip');
    await run(
      tx,
      sql`insert into pact_versions (id, consumer_id, provider_id, sha, content, interaction_count, created_at)
          select r.id, r.consumer_id, ${P}, r.sha, r.content, r.interaction_count, w.created_at + interval '30 seconds'
          from json_to_recordset(${JSON.stringify(rows)}::json)
               as r(id bigint, consumer_id int, sha text, content text, interaction_count int)
          join bench_wip w on w.pact_version_id = r.id`,
    );
    await run(
      tx,
      `insert into pact_publications (id, consumer_version_id, provider_id, consumer_id, revision_number, pact_version_id, created_at)
       select publication_id, version_id, ${P}, c, 1, pact_version_id, created_at + interval '30 seconds' from bench_wip`,
    );
    await run(
      tx,
      `insert into latest_pact_publications
         (consumer_version_id, provider_id, consumer_id, consumer_version_order, pact_publication_id, pact_version_id, created_at)
       select version_id, ${P}, c, g, publication_id, pact_version_id, created_at + interval '30 seconds' from bench_wip`,
    );
    await run(
      tx,
      `update integrations i set contract_data_updated_at = greatest(i.contract_data_updated_at, w.created_at + interval '30 seconds')
       from bench_wip w where i.consumer_id = w.c and i.provider_id = ${P}`,
    );
  });

  await step('verifications', async () => {
    await run(
      tx,
      `create temp table bench_provider_versions on commit drop as
       select v.id as version_id, v.pacticipant_id as provider_id, v."order" as position, v.created_at,
              bv.branch_id = v.pacticipant_id as on_main
       from versions v join branch_versions bv on bv.version_id = v.id
       where v.pacticipant_id > ${C}`,
    );
    await run(tx, 'create index on bench_provider_versions (provider_id, position)');
    // (content, provider version) pairs: every provider version in the content's window (seeded contents only).
    const variant = `((pv.id - 1) % ${VPI})`;
    await run(
      tx,
      `create temp table bench_verified_pairs on commit drop as
       select pv.id as pact_version_id, pv.consumer_id, pv.provider_id, p.version_id as provider_version_id,
              p.created_at as provider_created_at, p.on_main, ${variant} as variant,
              ((pv.id * 7919 + p.version_id) * 2654435761) % ${TWO_32} as h
       from pact_versions pv
       join bench_provider_versions p on p.provider_id = pv.provider_id
        and p.position > ${variant} * ${V} / ${VPI}
        and p.position <= case when ${variant} = ${VPI - 1} or (pv.provider_id = ${P} and ${variant} >= ${VPI - 3}) then ${V}
                               else (${variant} + 1) * ${V} / ${VPI} + ${Math.floor(q / 2)} end
       where pv.id <= ${seededPactVersions} and (pv.provider_id = ${P} or p.version_id % 3 = 0)`,
    );
    const reruns = `case when vp.provider_id = ${P} and vp.on_main and vp.variant = ${VPI - 1}
                           then 4 + floor(60 / power(vp.consumer_id, 0.8))::int + ((vp.h >> 16) % 3)::int
                         when vp.provider_id = ${P} and vp.on_main then 1 + ((vp.h >> 16) % 8 = 0)::int
                         else 1 end`;
    const broken = `(vp.provider_id = ${P} and vp.on_main and vp.variant = ${VPI - 1} and vp.consumer_id % 10 = 0)`;
    await run(
      tx,
      `insert into verifications (id, pact_version_id, consumer_id, provider_id, provider_version_id, success, verified_by, wip, created_at)
       select row_number() over (order by t.created_at, t.pact_version_id, t.provider_version_id, t.r),
              t.pact_version_id, t.consumer_id, t.provider_id, t.provider_version_id, t.success,
              '{"implementation":"bench"}'::jsonb, t.wip, t.created_at
       from (
         select vp.pact_version_id, vp.consumer_id, vp.provider_id, vp.provider_version_id, r,
                case when ${broken} then false else (x.hh >> 16) % 40 <> 0 end as success,
                (x.hh >> 22) % 20 = 7 as wip,
                least(now() - interval '1 minute',
                      vp.provider_created_at + (5 * r) * interval '1 minute' + ((x.hh >> 10) % 60) * interval '1 second') as created_at
         from bench_verified_pairs vp
         cross join lateral generate_series(1, ${reruns}) r
         cross join lateral (select (((vp.h % 1000003) * 64 + r) * 2246822519) % ${TWO_32} as hh) x
         union all
         -- the WIP branch contents: k ≡ 1 verified only through WIP URLs (3 times), k ≡ 2 once on the provider's main
         select w.pact_version_id, w.c, ${P}, m.version_id, m.n, true, w.k % 3 = 1,
                least(now() - interval '1 minute', m.created_at + interval '10 minutes')
         from bench_wip w
         cross join lateral (select p.version_id, p.created_at, row_number() over (order by p.position) as n
                             from bench_provider_versions p
                             where p.provider_id = ${P} and p.on_main and p.position > w.g
                             order by p.position limit (case when w.k % 3 = 1 then 3 else 1 end)) m
         where w.k % 3 <> 0
       ) t`,
    );
  });

  await step('latest_verifications', () =>
    run(
      tx,
      `insert into latest_verifications
         (pact_version_id, provider_version_id, verification_id, consumer_id, provider_id, provider_version_order, success, created_at)
       select distinct on (v.pact_version_id, v.provider_version_id)
              v.pact_version_id, v.provider_version_id, v.id, v.consumer_id, v.provider_id, pv."order", v.success, v.created_at
       from verifications v join versions pv on pv.id = v.provider_version_id
       order by v.pact_version_id, v.provider_version_id, v.id desc`,
    ),
  );
}

/** Variant numbers of the leaf consumer's new contents (far from the seeded, WIP and publish-load variants). */
const LEAF_VARIANT_BASE = 600_000;

/**
 * The deploy gate, for the can-i-deploy and matrix scenarios (runs last and keeps every derived table consistent):
 * - leaf: the first consumer outside the hub's (the one with the most versions among them) gets a new newest version
 *   on its `main` (branch head moved) with pacts with exactly 3 ordinary providers: its own (the content of its latest
 *   pact with it, unchanged, with that content's verification history) and the next two (new contents; integrations
 *   created). Each provider's newest version is currently deployed to `production` (its previous version was, until
 *   then) and verified the leaf version's pact successfully, so can-i-deploy leaf → production is deployable.
 * - hub: the hub's previous main-branch version is currently deployed to `production`; the candidate asked about is
 *   its main head. The hub's consumers' production versions are the seeded ones (deployed and released); whether the
 *   head verified all their pacts (and successfully) is whatever the seeded verifications say.
 * - pair: the version of the hub's heaviest consumer (consumer 1) currently in `test` (the newest content, the one with
 *   the longest verification history) and the hub's main head, with a successful re-verification between them.
 */
async function seedDeployGate(tx: Db, ctx: WorkflowContext): Promise<DeployGate | { skipped: string }> {
  const { sizes, layout, run } = ctx;
  const V = sizes.versions;
  const P = layout.hubId;
  const C = layout.consumers;
  const ordinary = layout.providers - 1;
  if (C <= layout.hubConsumers) return { skipped: `no consumer outside the hub's ${layout.hubConsumers} (too few pacticipants)` };
  if (ordinary < 3) return { skipped: `${ordinary} ordinary providers; the leaf consumer needs 3 (too few pacticipants)` };
  const L = layout.hubConsumers + 1;
  const providerIds = [0, 1, 2].map((i) => C + 1 + ((L + i) % ordinary)); // the first is layout.otherProviderOf(L)
  const rows = <T>(query: string) => queryRows<T>(tx, sql.raw(query));
  const maxOf = async (table: string) => Number((await rows<{ n: number | null }>(`select max(id) as n from ${table}`))[0]?.n ?? 0);

  // Everything it needs must exist before anything is written.
  await run(
    tx,
    `create temp table bench_gate_providers on commit drop as
     select p.slot, p.provider_id, n.id as version_id, n.number, n.created_at, prev.id as previous_id
     from (values ${providerIds.map((id, i) => `(${i}, ${id})`).join(', ')}) p(slot, provider_id)
     join lateral (select id, number, "order", created_at from versions
                   where pacticipant_id = p.provider_id order by "order" desc limit 1) n on true
     left join lateral (select id from versions where pacticipant_id = p.provider_id and "order" < n."order"
                        order by "order" desc limit 1) prev on true`,
  );
  const providers = await rows<{ slot: number; provider_id: number; number: string }>(
    'select slot, provider_id, number from bench_gate_providers order by slot',
  );
  if (providers.length < 3) return { skipped: 'a leaf provider has no version (too few versions)' };
  const [hub] = await rows<{ version_id: number; number: string; previous_id: number | null; previous_number: string | null }>(
    `select bh.version_id, v.number, pv.id as previous_id, pv.number as previous_number
     from branch_heads bh join versions v on v.id = bh.version_id
     left join lateral (select bv.version_id from branch_versions bv where bv.branch_id = ${P} and bv.version_order < v."order"
                        order by bv.version_order desc limit 1) prev on true
     left join versions pv on pv.id = prev.version_id
     where bh.branch_id = ${P}`,
  );
  if (!hub?.previous_id) return { skipped: 'the hub has fewer than two main-branch versions (too few versions)' };
  const pairPick = (where: string) =>
    rows<{ version_id: number; number: string; pact_version_id: number }>(
      `select l.consumer_version_id as version_id, v.number, l.pact_version_id
       from latest_pact_publications l join versions v on v.id = l.consumer_version_id
       where l.consumer_id = 1 and l.provider_id = ${P} ${where}
       order by l.consumer_version_order desc limit 1`,
    );
  const [pair] = [
    ...(await pairPick(`and l.consumer_version_id in (select d.version_id from deployed_versions d
                         join environments e on e.id = d.environment_id and e.name = 'test'
                         where d.pacticipant_id = 1 and d.undeployed_at is null)`)),
    ...(await pairPick('')),
  ];
  if (!pair) return { skipped: "consumer 1 has no pact with the hub (too few versions)" };

  const versionBase = await maxOf('versions');
  const pactVersionBase = await maxOf('pact_versions');
  const publicationBase = await maxOf('pact_publications');
  const verificationBase = await maxOf('verifications');

  // The leaf version: the consumer's newest (the next position after its newest version), on its main branch.
  await run(
    tx,
    `create temp table bench_gate_leaf on commit drop as
     select ${versionBase + 1}::bigint as version_id, g, md5('deploy-gate-leaf') as number,
            least(now() - interval '10 minutes', now() - (${V} - g + 1) * interval '1 minute' + interval '50 seconds') as created_at
     from (select coalesce(max("order"), 0) + 1 as g from versions where pacticipant_id = ${L}) x`,
  );
  await run(tx, `insert into versions (id, pacticipant_id, number, "order", created_at) select version_id, ${L}, number, g, created_at from bench_gate_leaf`);
  await run(
    tx,
    `insert into branches (id, pacticipant_id, name, created_at, updated_at)
     select ${L}, ${L}, 'main', created_at, created_at from bench_gate_leaf
     on conflict (id) do update set updated_at = greatest(branches.updated_at, excluded.updated_at)`,
  );
  await run(
    tx,
    `insert into branch_versions (id, branch_id, version_id, version_order, created_at)
     select version_id, ${L}, version_id, g, created_at from bench_gate_leaf`,
  );
  await run(
    tx,
    `insert into branch_heads (branch_id, branch_version_id, version_id) select ${L}, version_id, version_id from bench_gate_leaf
     on conflict (branch_id) do update set branch_version_id = excluded.branch_version_id, version_id = excluded.version_id`,
  );

  // Its pacts: the unchanged content of its latest pact with its own provider, new contents for the two new ones.
  const [kept] = await rows<{ pact_version_id: number }>(
    `select pact_version_id from latest_pact_publications where consumer_id = ${L} and provider_id = ${providerIds[0]}
     order by consumer_version_order desc limit 1`,
  );
  let nextContent = pactVersionBase;
  const pacts = providerIds.map((providerId, slot) => ({
    slot,
    providerId,
    pactVersionId: slot === 0 && kept ? Number(kept.pact_version_id) : ++nextContent,
    isNew: !(slot === 0 && kept),
  }));
  const contents = pacts
    .filter((p) => p.isNew)
    .map((p) => {
      const document = benchPactDocument(layout.name(L), layout.name(p.providerId), LEAF_VARIANT_BASE + p.slot);
      const stored = withInteractionIds(document);
      return {
        id: p.pactVersionId,
        provider_id: p.providerId,
        sha: contentSha(document),
        content: JSON.stringify(stored),
        interaction_count: interactionCount(stored),
      };
    });
  await run(
    tx,
    `create temp table bench_gate_pacts on commit drop as
     select slot, provider_id, pact_version_id::bigint, (${publicationBase} + slot + 1)::bigint as publication_id
     from (values ${pacts.map((p) => `(${p.slot}, ${p.providerId}, ${p.pactVersionId})`).join(', ')}) x(slot, provider_id, pact_version_id)`,
  );
  if (contents.length) {
    await run(
      tx,
      sql`insert into pact_versions (id, consumer_id, provider_id, sha, content, interaction_count, created_at)
          select r.id, ${L}, r.provider_id, r.sha, r.content, r.interaction_count, l.created_at + interval '20 seconds'
          from json_to_recordset(${JSON.stringify(contents)}::json)
               as r(id bigint, provider_id int, sha text, content text, interaction_count int)
          cross join bench_gate_leaf l`,
    );
  }
  await run(
    tx,
    `insert into pact_publications (id, consumer_version_id, provider_id, consumer_id, revision_number, pact_version_id, created_at)
     select g.publication_id, l.version_id, g.provider_id, ${L}, 1, g.pact_version_id, l.created_at + interval '30 seconds'
     from bench_gate_pacts g cross join bench_gate_leaf l`,
  );
  await run(
    tx,
    `insert into latest_pact_publications
       (consumer_version_id, provider_id, consumer_id, consumer_version_order, pact_publication_id, pact_version_id, created_at)
     select l.version_id, g.provider_id, ${L}, l.g, g.publication_id, g.pact_version_id, l.created_at + interval '30 seconds'
     from bench_gate_pacts g cross join bench_gate_leaf l`,
  );
  await run(
    tx,
    `insert into integrations (consumer_id, provider_id, created_at, contract_data_updated_at)
     select ${L}, g.provider_id, l.created_at + interval '30 seconds', l.created_at + interval '30 seconds'
     from bench_gate_pacts g cross join bench_gate_leaf l
     on conflict (consumer_id, provider_id)
     do update set contract_data_updated_at = greatest(integrations.contract_data_updated_at, excluded.contract_data_updated_at)`,
  );

  // Production: each leaf provider's newest version (replacing the one before it) and the hub's previous main version.
  await run(
    tx,
    `insert into deployed_versions (version_id, pacticipant_id, environment_id, created_at, undeployed_at)
     select x.version_id, x.pacticipant_id, e.id, x.created_at, x.undeployed_at
     from (select p.previous_id as version_id, p.provider_id as pacticipant_id, v.created_at + interval '30 seconds' as created_at,
                  p.created_at + interval '30 seconds' as undeployed_at
           from bench_gate_providers p join versions v on v.id = p.previous_id
           union all
           select version_id, provider_id, created_at + interval '30 seconds', null from bench_gate_providers
           union all
           select id, ${P}, created_at + interval '30 seconds', null from versions where id = ${hub.previous_id}) x
     join environments e on e.name = 'production'
     order by x.created_at`,
  );

  // Verifications: each provider's production version verified the leaf's pact; the hub's head re-verified the pair.
  await run(
    tx,
    `insert into verifications (id, pact_version_id, consumer_id, provider_id, provider_version_id, success, verified_by, wip, created_at)
     select ${verificationBase} + row_number() over (order by t.created_at, t.slot),
            t.pact_version_id, t.consumer_id, t.provider_id, t.provider_version_id, true, '{"implementation":"bench"}'::jsonb, false,
            t.created_at
     from (select g.slot, g.pact_version_id, ${L} as consumer_id, p.provider_id, p.version_id as provider_version_id,
                  least(now() - interval '30 seconds', greatest(l.created_at, p.created_at) + (2 + g.slot) * interval '1 minute') as created_at
           from bench_gate_pacts g join bench_gate_providers p on p.slot = g.slot cross join bench_gate_leaf l
           union all
           select 3, ${pair.pact_version_id}, 1, ${P}, ${hub.version_id}, now() - interval '20 seconds') t`,
  );
  await run(
    tx,
    `insert into latest_verifications
       (pact_version_id, provider_version_id, verification_id, consumer_id, provider_id, provider_version_order, success, created_at)
     select distinct on (v.pact_version_id, v.provider_version_id)
            v.pact_version_id, v.provider_version_id, v.id, v.consumer_id, v.provider_id, pv."order", v.success, v.created_at
     from verifications v join versions pv on pv.id = v.provider_version_id
     where v.id > ${verificationBase}
     order by v.pact_version_id, v.provider_version_id, v.id desc
     on conflict (pact_version_id, provider_version_id) do update
       set verification_id = excluded.verification_id, consumer_id = excluded.consumer_id, provider_id = excluded.provider_id,
           provider_version_order = excluded.provider_version_order, success = excluded.success, created_at = excluded.created_at`,
  );

  const [leaf] = await rows<{ number: string }>('select number from bench_gate_leaf');
  return {
    leaf: {
      consumer: layout.name(L),
      version: leaf!.number,
      providers: providers.map((p) => ({ name: layout.name(Number(p.provider_id)), productionVersion: p.number })),
    },
    hub: { provider: layout.name(P), version: hub.number, productionVersion: hub.previous_number! },
    pair: { consumer: layout.name(1), consumerVersion: pair.number, provider: layout.name(P), providerVersion: hub.number },
  };
}
