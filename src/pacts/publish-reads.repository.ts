// The reads a publish makes after storing its contracts, as ONE statement on its transaction: per contract, the
// previous pacts its content is compared with (content-changed.ts; only for a consumer version that had no pact with
// that provider) and the provider versions that should verify it (required-verifications.ts). Each read is the
// statement its repository runs alone, aggregated in that statement's order into one json column.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { shapedQuery, type Bindable } from '../db/query.js';
import type { RequiredVerificationCandidate } from '../verifications/required-verifications.js';
import { candidatesQuery, toCandidate, type CandidateRow } from '../verifications/required-verifications.repository.js';
import type { PreviousPact } from './content-changed.js';
import { previousForContentChangeQuery, type ContentChangeAt } from './pacts.repository.js';

export interface PublishReadsOf {
  /** Absent: no comparison with previous pacts wanted (the version's own pact was replaced). */
  previousAt?: ContentChangeAt | undefined;
  providerId: number;
  pactVersionId: number;
}

export interface PublishReads {
  previous: PreviousPact[] | undefined;
  candidates: RequiredVerificationCandidate[];
}

const aggregated = (query: SQL, orderBy: SQL) => sql`(select coalesce(json_agg(q order by ${orderBy}), '[]'::json) from (${query}) q)`;

/** The shape: per contract, whether it compares with previous pacts. One compiled statement per shape (shapedQuery). */
type Shape = readonly boolean[];

const readsStatement = shapedQuery(
  (shape: Shape) => shape.map((previous) => (previous ? 'p' : 'n')).join(''),
  (shape, v) => {
    const n = (name: string) => v[name] as Bindable<number>;
    const columns = shape.flatMap((previous, i) => [
      sql`${
        previous
          ? aggregated(
              previousForContentChangeQuery({ consumerId: n(`cid${i}`), providerId: n(`pid${i}`), consumerVersionId: n(`cvid${i}`), consumerVersionOrder: n(`cvo${i}`) }),
              sql`q.tag`,
            )
          : sql`null::json`
      } as ${sql.raw(`p${i}`)}`,
      sql`${aggregated(candidatesQuery(n(`prov${i}`), n(`pv${i}`)), sql`q.rank, q.at, q.id`)} as ${sql.raw(`c${i}`)}`,
    ]);
    return sql`select ${sql.join(columns, sql`, `)}`;
  },
);

export async function publishReads(contracts: readonly PublishReadsOf[], ex: Executor): Promise<PublishReads[]> {
  if (contracts.length === 0) return [];
  const values: Record<string, unknown> = {};
  contracts.forEach((c, i) => {
    if (c.previousAt) Object.assign(values, { [`cid${i}`]: c.previousAt.consumerId, [`pid${i}`]: c.previousAt.providerId, [`cvid${i}`]: c.previousAt.consumerVersionId, [`cvo${i}`]: c.previousAt.consumerVersionOrder });
    Object.assign(values, { [`prov${i}`]: c.providerId, [`pv${i}`]: c.pactVersionId });
  });
  const [row] = await readsStatement<Record<string, unknown>>(ex, contracts.map((c) => c.previousAt !== undefined), values);
  return contracts.map((_, i) => {
    const previous = row![`p${i}`] as Array<{ tag: string | null; sha: string | null }> | null;
    return {
      previous: previous === null ? undefined : previous.map((r) => ({ tag: r.tag, sha: r.sha })),
      candidates: (row![`c${i}`] as CandidateRow[]).map(toCandidate),
    };
  });
}
