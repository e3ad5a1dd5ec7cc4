// The reads a publish makes after storing its contracts, as ONE statement on its transaction: per contract, the
// previous pacts its content is compared with (content-changed.ts; only for a consumer version that had no pact with
// that provider) and the provider versions that should verify it (required-verifications.ts). Each read is the
// statement its repository runs alone, aggregated in that statement's order into one json column.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryPrepared } from '../db/query.js';
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

export async function publishReads(contracts: readonly PublishReadsOf[], ex: Executor): Promise<PublishReads[]> {
  if (contracts.length === 0) return [];
  const columns = contracts.flatMap((c, i) => [
    sql`${c.previousAt ? aggregated(previousForContentChangeQuery(c.previousAt), sql`q.tag`) : sql`null::json`} as ${sql.raw(`p${i}`)}`,
    sql`${aggregated(candidatesQuery(c.providerId, c.pactVersionId), sql`q.rank, q.at, q.id`)} as ${sql.raw(`c${i}`)}`,
  ]);
  const [row] = await queryPrepared<Record<string, unknown>>(ex, sql`select ${sql.join(columns, sql`, `)}`);
  return contracts.map((_, i) => {
    const previous = row![`p${i}`] as Array<{ tag: string | null; sha: string | null }> | null;
    return {
      previous: previous === null ? undefined : previous.map((r) => ({ tag: r.tag, sha: r.sha })),
      candidates: (row![`c${i}`] as CandidateRow[]).map(toCandidate),
    };
  });
}
