import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray, queryRows, type Page, type PageOf } from '../db/query.js';
import { latestPactPublications, latestVerifications, pacticipants, pactVersions, verifications, versions } from '../db/schema/index.js';
import type { SelectedBy } from '../pacts/pact-metadata.js';
import type { Verification } from './verifications.types.js';

/** What a publish stores; the rest of a Verification (names, numbers, id, time) is read back with it. */
export type NewVerification = Pick<
  Verification,
  | 'pactVersionId'
  | 'consumerId'
  | 'providerId'
  | 'providerVersionId'
  | 'providerVersionOrder'
  | 'success'
  | 'buildUrl'
  | 'testResults'
  | 'verifiedBy'
  | 'wip'
  | 'pending'
  | 'consumerVersionSelectors'
>;

interface Row {
  id: number;
  pact_version_id: number;
  sha: string;
  consumer_id: number;
  consumer_name: string;
  provider_id: number;
  provider_name: string;
  provider_version_id: number;
  provider_version_number: string;
  provider_version_order: number;
  consumer_version_number: string | null;
  success: boolean;
  build_url: string | null;
  test_results: unknown;
  verified_by: Record<string, unknown> | null;
  wip: boolean;
  pending: boolean | null;
  consumer_version_selectors: SelectedBy[] | null;
  created_at: Date | string;
}

function toVerification(row: Row): Verification {
  return {
    id: Number(row.id),
    pactVersionId: Number(row.pact_version_id),
    sha: row.sha,
    consumerId: Number(row.consumer_id),
    consumerName: row.consumer_name,
    providerId: Number(row.provider_id),
    providerName: row.provider_name,
    providerVersionId: Number(row.provider_version_id),
    providerVersionNumber: row.provider_version_number,
    providerVersionOrder: Number(row.provider_version_order),
    consumerVersionNumber: row.consumer_version_number ?? undefined,
    success: Boolean(row.success),
    buildUrl: row.build_url,
    // Both drivers (pg and PGlite) hand jsonb back parsed.
    testResults: row.test_results ?? null,
    verifiedBy: row.verified_by ?? null,
    wip: Boolean(row.wip),
    pending: row.pending === null ? null : Boolean(row.pending),
    consumerVersionSelectors: row.consumer_version_selectors ?? null,
    createdAt: new Date(row.created_at),
  };
}

/**
 * Verifications `v` with names, the provider version and the content sha joined in, plus the latest consumer version
 * whose latest pact has this content (what the result's `pb:pact-version` link is named after).
 */
function verificationSelect(where: SQL, tail: SQL = sql``): SQL {
  return sql`
    select v.id, v.pact_version_id, pv.sha, v.consumer_id, c.name as consumer_name, v.provider_id, p.name as provider_name,
           v.provider_version_id, ver.number as provider_version_number, ver."order" as provider_version_order,
           (select cv.number from ${latestPactPublications} l join ${versions} cv on cv.id = l.consumer_version_id
            where l.pact_version_id = v.pact_version_id order by l.consumer_version_order desc limit 1) as consumer_version_number,
           v.success, v.build_url, v.test_results, v.verified_by, v.wip, v.pending, v.consumer_version_selectors, v.created_at
    from ${verifications} v
    join ${pactVersions} pv on pv.id = v.pact_version_id
    join ${pacticipants} c on c.id = v.consumer_id
    join ${pacticipants} p on p.id = v.provider_id
    join ${versions} ver on ver.id = v.provider_version_id
    where ${where}
    ${tail}`;
}


export function createVerificationsRepository(db: Executor) {
  const many = async (ex: Executor, query: SQL) => (await queryRows<Row>(ex, query)).map(toVerification);

  return {
    // --- writes (inside the publishing transaction) ---

    async insert(input: NewVerification, ex: Executor): Promise<{ id: number; createdAt: Date }> {
      const [row] = await ex
        .insert(verifications)
        .values({
          pactVersionId: input.pactVersionId,
          consumerId: input.consumerId,
          providerId: input.providerId,
          providerVersionId: input.providerVersionId,
          success: input.success,
          buildUrl: input.buildUrl,
          testResults: input.testResults ?? null,
          verifiedBy: input.verifiedBy,
          wip: input.wip,
          pending: input.pending,
          consumerVersionSelectors: input.consumerVersionSelectors,
        })
        .returning({ id: verifications.id, createdAt: verifications.createdAt });
      return { id: Number(row!.id), createdAt: row!.createdAt };
    },

    /**
     * Points (content, provider version) at this verification unless a newer one (higher id) is already there:
     * concurrent publishers may commit out of id order, and the newest must win whatever the commit order.
     */
    async recordLatest(input: NewVerification & { verificationId: number; createdAt: Date }, ex: Executor): Promise<void> {
      await ex
        .insert(latestVerifications)
        .values({
          pactVersionId: input.pactVersionId,
          providerVersionId: input.providerVersionId,
          verificationId: input.verificationId,
          consumerId: input.consumerId,
          providerId: input.providerId,
          providerVersionOrder: input.providerVersionOrder,
          success: input.success,
          createdAt: input.createdAt,
        })
        .onConflictDoUpdate({
          target: [latestVerifications.pactVersionId, latestVerifications.providerVersionId],
          set: {
            verificationId: sql`excluded.verification_id`,
            success: sql`excluded.success`,
            createdAt: sql`excluded.created_at`,
            providerVersionOrder: sql`excluded.provider_version_order`,
          },
          setWhere: sql`excluded.verification_id > ${latestVerifications.verificationId}`,
        });
    },

    // --- reads ---

    async findInPactVersion(pactVersionId: number, id: number, ex: Executor = db): Promise<Verification | undefined> {
      return (await many(ex, verificationSelect(sql`v.id = ${id} and v.pact_version_id = ${pactVersionId}`)))[0];
    },

    async findById(id: number, ex: Executor = db): Promise<Verification | undefined> {
      return (await many(ex, verificationSelect(sql`v.id = ${id}`)))[0];
    },

    /** The newest result of this content (highest id), whichever provider version published it. */
    async latestForPactVersion(pactVersionId: number, ex: Executor = db): Promise<Verification | undefined> {
      return (await many(ex, verificationSelect(sql`v.pact_version_id = ${pactVersionId}`, sql`order by v.id desc limit 1`)))[0];
    },

    /** A page of the results of this content, newest first; `more`: older ones follow. */
    async forPactVersion(pactVersionId: number, page: Page, ex: Executor = db): Promise<PageOf<Verification>> {
      const rows = await many(
        ex,
        verificationSelect(sql`v.pact_version_id = ${pactVersionId}`, sql`order by v.id desc limit ${page.limit + 1} offset ${page.offset}`),
      );
      return { items: rows.slice(0, page.limit), more: rows.length > page.limit };
    },

    /** The newest result of each of these contents (those never verified are absent). */
    async latestForPactVersions(pactVersionIds: number[], ex: Executor = db): Promise<Verification[]> {
      if (pactVersionIds.length === 0) return [];
      return many(
        ex,
        verificationSelect(
          sql`v.id in (select max(x.verification_id) from ${latestVerifications} x
                       where x.pact_version_id = any(${bigintArray(pactVersionIds)}) group by x.pact_version_id)`,
          sql`order by v.pact_version_id`,
        ),
      );
    },

    /** The results one provider version published for this content, newest first (at most `limit`). */
    async forPactVersionByProviderVersion(pactVersionId: number, providerVersionId: number, limit: number, ex: Executor = db): Promise<Verification[]> {
      return many(ex, verificationSelect(sql`v.pact_version_id = ${pactVersionId} and v.provider_version_id = ${providerVersionId}`, sql`order by v.id desc limit ${limit}`));
    },
  };
}

export type VerificationsRepository = ReturnType<typeof createVerificationsRepository>;
