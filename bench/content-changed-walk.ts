// `npx tsx bench/content-changed-walk.ts`: the worst case of pactsRepo.previousForContentChange (the query behind
// contract_content_changed) on a consumer with WALK_VERSIONS (50 000) versions, each tagged "dev" with a pact with Bar:
//   untagged  - a new untagged version for Bar: no earlier untagged version exists, so the walk reads to its bound;
//   tag-miss  - a new "dev" version for Baz: no earlier "dev" version has a pact with Baz, same;
//   tag-hit   - a new "dev" version for Bar: the previous "dev" pact is the first entry read (the usual case).
// Each is timed with the bound (CONTENT_CHANGE_WALK) and unbounded, from the client and as the server's execution time
// (steadier on a busy machine); WALK_EXPLAIN=1 prints the plans. PostgreSQL when DATABASE_URL is set (a throwaway
// database on that server), PGlite in a temporary directory otherwise. Not part of `npm test`.
import { sql } from 'drizzle-orm';
import type { Executor } from '../src/db/client.js';
import { queryRows } from '../src/db/query.js';
import { CONTENT_CHANGE_WALK, createPactsRepository } from '../src/pacts/pacts.repository.js';
import { captureQueries, explainCaptured } from './capture.js';
import { openBenchStore } from './store.js';

const N = Number(process.env.WALK_VERSIONS ?? 50_000);
const RUNS = Number(process.env.WALK_RUNS ?? 7);

async function seed(db: Executor) {
  const ids = await queryRows<{ id: number; name: string }>(
    db,
    sql`insert into pacticipants (name) values ('Foo'), ('Bar'), ('Baz') returning id, name`,
  );
  const id = (name: string) => Number(ids.find((r) => r.name === name)!.id);
  const [foo, bar] = [id('Foo'), id('Bar')];
  await db.execute(sql`insert into versions (pacticipant_id, number, "order") select ${foo}, i::text, i from generate_series(1, ${N + 2}) i`);
  await db.execute(sql`insert into pact_versions (consumer_id, provider_id, sha, content, interaction_count) values (${foo}, ${bar}, 'sha-1', '{}', 0)`);
  await db.execute(sql`insert into pact_publications (consumer_version_id, provider_id, consumer_id, revision_number, pact_version_id)
                       select v.id, ${bar}, ${foo}, 1, (select id from pact_versions) from versions v where v."order" <= ${N}`);
  await db.execute(sql`insert into latest_pact_publications (consumer_version_id, provider_id, consumer_id, consumer_version_order, pact_publication_id, pact_version_id, created_at)
                       select p.consumer_version_id, p.provider_id, p.consumer_id, v."order", p.id, p.pact_version_id, p.created_at
                       from pact_publications p join versions v on v.id = p.consumer_version_id`);
  await db.execute(sql`insert into tags (version_id, name, pacticipant_id, version_order) select id, 'dev', ${foo}, "order" from versions where "order" <= ${N} or "order" = ${N + 2}`);
  await db.execute(sql`analyze`);
  const version = async (order: number) =>
    Number((await queryRows<{ id: number }>(db, sql`select id from versions where pacticipant_id = ${foo} and "order" = ${order}`))[0]!.id);
  return { foo, bar, baz: id('Baz'), untagged: await version(N + 1), tagged: await version(N + 2) };
}

const store = await openBenchStore({ databaseUrl: process.env.DATABASE_URL, poolSize: 2 });
try {
  const db = store.database.db;
  const s = await seed(db);
  const repo = createPactsRepository(db);
  const cases = {
    untagged: { consumerId: s.foo, providerId: s.bar, consumerVersionId: s.untagged, consumerVersionOrder: N + 1 },
    'tag-miss': { consumerId: s.foo, providerId: s.baz, consumerVersionId: s.tagged, consumerVersionOrder: N + 2 },
    'tag-hit': { consumerId: s.foo, providerId: s.bar, consumerVersionId: s.tagged, consumerVersionOrder: N + 2 },
  };
  console.log(`${store.where}: ${N} versions; ms: client median / max of ${RUNS} runs | server execution (EXPLAIN ANALYZE, TIMING OFF)`);
  for (const [name, at] of Object.entries(cases)) {
    for (const [label, walk] of [[`walk ${CONTENT_CHANGE_WALK}`, CONTENT_CHANGE_WALK], ['unbounded', N + 10]] as const) {
      const times: number[] = [];
      let result: unknown;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        result = await repo.previousForContentChange(at, db, walk);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const { queries } = await captureQueries(store.database, () => repo.previousForContentChange(at, db, walk));
      const explained = await explainCaptured(store.database, queries[0]!);
      const ms = (n: number | undefined) => (n ?? Number.NaN).toFixed(1).padStart(7);
      console.log(`${name.padEnd(9)} ${label.padEnd(11)} ${ms(median)} / ${ms(times.at(-1))} | ${ms(explained.executionMsTimingOff)}  ${JSON.stringify(result)}`);
      if (process.env.WALK_EXPLAIN) console.log(explained.plan.join('\n'));
    }
  }
} finally {
  await store.dispose();
}
