// Data for deploy gates. Every query is keyed on ids already resolved (pacticipants, versions, pact contents) and
// reaches versions through the maintained pointers (branch_heads, tags by order, current deployments and releases,
// latest_pact_publications, latest_verifications), so its cost follows the size of the question, never the history.
// One round trip per selector kind: selectors of the same kind are resolved together. Each list is one array
// parameter and, on PostgreSQL, each statement a named prepared one (parsed once per connection; PostgreSQL keeps a
// generic plan only when it is no worse than a custom one).
// A tag or branch selector without `latest` stands for the newest `historyVersions` versions (limits.historyVersions,
// passed in by the service) with that tag or on that branch, so that no question reads a pacticipant's whole history.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import {
  bigintArray as bigints,
  epochMs,
  intArray as ints,
  opaqueBigintArray as opaqueBigints,
  opaqueIntArray as opaqueInts,
  opaqueTextArray as opaqueTexts,
  queryPrepared,
  textArray as texts,
} from '../db/query.js';
import { groupBy, unique } from '../shared/collections.js';
import type { PactFact, VerificationFact, VersionRef } from './matrix.types.js';

export interface PacticipantRef {
  id: number;
  name: string;
  mainBranch: string | null;
}

/** A version given by pacticipant name and number; `key` ties the answer back to the selector that asked. */
export interface NumberLookup {
  key: number;
  pacticipant: string;
  number: string;
}

/** One version lookup; `key` ties the answer back to the selector that asked. */
export type VersionLookup =
  | { key: number; kind: 'latest'; pacticipantId: number }
  | { key: number; kind: 'latestWithTag' | 'withTag'; pacticipantId: number; tag: string }
  | { key: number; kind: 'branchHead' | 'onBranch'; pacticipantId: number; branch: string }
  | { key: number; kind: 'inEnvironment'; pacticipantId: number; environmentId: number };

export interface VersionPresentation {
  versionId: number;
  branches: Array<{ name: string; latest: boolean }>;
  tags: Array<{ name: string; latest: boolean }>;
  environments: Array<{ uuid: string; name: string; displayName: string | null; production: boolean; createdAt: Date }>;
}

interface VersionRow {
  key: number;
  id: number;
  number: string;
  order: number;
}

const toRef = (r: { id: number; number: string; order: number }): VersionRef => ({ id: Number(r.id), number: r.number, order: Number(r.order) });

/**
 * The SQL for one kind of lookup, over all the lookups of that kind: rows of (key, id, number, order). A tag or branch
 * lookup without `latest` reads the newest `historyVersions` versions.
 */
function lookupQuery(kind: VersionLookup['kind'], lookups: VersionLookup[], historyVersions: number): SQL {
  const keys = bigints(lookups.map((l) => l.key));
  const pids = ints(lookups.map((l) => l.pacticipantId));
  const cols = sql`s.key, v.id, v.number, v."order"`;
  switch (kind) {
    case 'latest':
      return sql`select ${cols} from unnest(${keys}, ${pids}) s(key, pid)
                 cross join lateral (select id, number, "order" from versions where pacticipant_id = s.pid order by "order" desc limit 1) v`;
    case 'latestWithTag':
    case 'withTag': {
      const tags = texts(lookups.map((l) => (l as { tag: string }).tag));
      const limit = sql`limit ${kind === 'latestWithTag' ? 1 : historyVersions}`;
      return sql`select ${cols} from unnest(${keys}, ${pids}, ${tags}) s(key, pid, tag)
                 cross join lateral (select t.version_id from tags t where t.pacticipant_id = s.pid and t.name = s.tag
                                     order by t.version_order desc ${limit}) t
                 join versions v on v.id = t.version_id`;
    }
    case 'branchHead':
    case 'onBranch': {
      const names = texts(lookups.map((l) => (l as { branch: string }).branch));
      const via =
        kind === 'branchHead'
          ? sql`join branch_heads h on h.branch_id = b.id join versions v on v.id = h.version_id`
          : sql`cross join lateral (select bv.version_id from branch_versions bv where bv.branch_id = b.id
                                    order by bv.version_order desc limit ${historyVersions}) bv
                join versions v on v.id = bv.version_id`;
      return sql`select ${cols} from unnest(${keys}, ${pids}, ${names}) s(key, pid, name)
                 join branches b on b.pacticipant_id = s.pid and b.name = s.name ${via}`;
    }
    case 'inEnvironment': {
      // UNION ALL of two index joins (duplicates are dropped by the caller): a lateral UNION hashed per pacticipant.
      const envs = ints(lookups.map((l) => (l as { environmentId: number }).environmentId));
      return sql`select ${cols} from unnest(${keys}, ${pids}, ${envs}) s(key, pid, env)
                 join deployed_versions d on d.environment_id = s.env and d.pacticipant_id = s.pid and d.undeployed_at is null
                 join versions v on v.id = d.version_id
                 union all
                 select ${cols} from unnest(${keys}, ${pids}, ${envs}) s(key, pid, env)
                 join released_versions r on r.environment_id = s.env and r.pacticipant_id = s.pid and r.support_ended_at is null
                 join versions v on v.id = r.version_id`;
    }
  }
}

export function createMatrixRepository(db: Executor) {
  return {
    /**
     * Resolves every lookup, one query per kind; a key with no versions is absent from the map. A tag or branch
     * lookup without `latest` stands for its newest `historyVersions` versions.
     */
    async resolveVersions(lookups: VersionLookup[], historyVersions: number, ex: Executor = db): Promise<Map<number, VersionRef[]>> {
      const byKind = groupBy(lookups, (l) => l.kind);
      const results = await Promise.all([...byKind].map(([kind, ls]) => queryPrepared<VersionRow>(ex, lookupQuery(kind, ls, historyVersions))));
      const out = new Map<number, VersionRef[]>();
      for (const row of results.flat()) {
        const key = Number(row.key);
        const list = out.get(key) ?? [];
        if (!list.some((v) => v.id === Number(row.id))) list.push(toRef(row));
        out.set(key, list);
      }
      for (const list of out.values()) list.sort((a, b) => b.order - a.order);
      return out;
    },

    /** The latest pact of each consumer version with each provider (only the given providers, when given). */
    async pactsOfConsumerVersions(consumerVersionIds: number[], providerIds?: number[], ex: Executor = db): Promise<PactFact[]> {
      if (consumerVersionIds.length === 0 || providerIds?.length === 0) return [];
      const rows = await queryPrepared<PactRow>(
        ex,
        sql`select l.consumer_id, l.consumer_version_id, l.provider_id, l.pact_version_id, pv.sha, ${epochMs('l.created_at')} as created_at
            from latest_pact_publications l
            join pact_versions pv on pv.id = l.pact_version_id
            where l.consumer_version_id = any(${bigints(consumerVersionIds)})
            ${providerIds ? sql`and l.provider_id = any(${ints(providerIds)})` : sql``}`,
      );
      return rows.map(toPact);
    },

    /**
     * pactsOfConsumerVersions and, in the same statement, latestVerifications of those pacts by the given provider
     * versions: a hub's inferred consumers' pacts and their verifications by the hub's version in one round trip.
     * Beyond PROBE_PAIRS possible (consumer version, provider version) pairs, two statements.
     */
    async pactsWithVerifications(
      consumerVersionIds: number[],
      providerIds: number[],
      providerVersions: VersionRef[],
      ex: Executor = db,
    ): Promise<{ pacts: PactFact[]; verifications: VerificationFact[] }> {
      if (consumerVersionIds.length === 0 || providerIds.length === 0) return { pacts: [], verifications: [] };
      const versions = new Map(providerVersions.map((v) => [v.id, v]));
      if (versions.size === 0 || consumerVersionIds.length * versions.size > PROBE_PAIRS) {
        const pacts = await this.pactsOfConsumerVersions(consumerVersionIds, providerIds, ex);
        return { pacts, verifications: await this.latestVerifications(unique(pacts.map((p) => p.pactVersionId)), providerVersions, ex) };
      }
      const rows = await queryPrepared<PactRow & { kind: 'pact' | 'verification'; provider_version_id: number | null; verification_id: number | null; success: boolean | null }>(
        ex,
        sql`with l as materialized (
              select l.consumer_id, l.consumer_version_id, l.provider_id, l.pact_version_id, l.created_at from latest_pact_publications l
              where l.consumer_version_id = any(${bigints(consumerVersionIds)}) and l.provider_id = any(${ints(providerIds)}))
            select 'pact' as kind, l.consumer_id, l.consumer_version_id, l.provider_id, l.pact_version_id, pv.sha, ${epochMs('l.created_at')} as created_at,
                   null::bigint as provider_version_id, null::bigint as verification_id, null::boolean as success
            from l join pact_versions pv on pv.id = l.pact_version_id
            union all
            select 'verification', null, null, null, lv.pact_version_id, null, ${epochMs('lv.created_at')}, lv.provider_version_id, lv.verification_id, lv.success
            from (select distinct pact_version_id from l) c cross join unnest(${bigints([...versions.keys()])}) q(id)
            join latest_verifications lv on lv.pact_version_id = c.pact_version_id and lv.provider_version_id = q.id`,
      );
      const out = { pacts: [] as PactFact[], verifications: [] as VerificationFact[] };
      for (const r of rows) {
        if (r.kind === 'pact') out.pacts.push(toPact(r));
        else out.verifications.push(toVerification(r as VerificationRow, versions.get(Number(r.provider_version_id))!));
      }
      return out;
    },

    /** The pacts (and their consumer versions) whose content one of these provider versions verified. */
    async pactsVerifiedBy(
      providerVersionIds: number[],
      consumerIds: number[],
      limit: number,
      ex: Executor = db,
    ): Promise<{ pacts: PactFact[]; consumerVersions: VersionRef[] }> {
      if (providerVersionIds.length === 0 || consumerIds.length === 0) return { pacts: [], consumerVersions: [] };
      const rows = await queryPrepared<PactRow & { number: string; order: number }>(
        ex,
        sql`select l.consumer_id, l.consumer_version_id, l.provider_id, l.pact_version_id, pv.sha, ${epochMs('l.created_at')} as created_at, v.number, v."order"
            from (select distinct pact_version_id from latest_verifications
                  where provider_version_id = any(${bigints(providerVersionIds)}) and consumer_id = any(${ints(consumerIds)})) lv
            join latest_pact_publications l on l.pact_version_id = lv.pact_version_id
            join pact_versions pv on pv.id = l.pact_version_id
            join versions v on v.id = l.consumer_version_id
            order by l.consumer_version_order desc
            limit ${limit}`,
      );
      return { pacts: rows.map(toPact), consumerVersions: rows.map((r) => toRef({ id: r.consumer_version_id, number: r.number, order: r.order })) };
    },

    /** The newest consumer versions' pacts of whole integrations (name-only selectors on both sides). */
    async latestPactsOfIntegrations(
      pairs: Array<{ consumerId: number; providerId: number }>,
      limit: number,
      ex: Executor = db,
    ): Promise<{ pacts: PactFact[]; consumerVersions: VersionRef[] }> {
      if (pairs.length === 0) return { pacts: [], consumerVersions: [] };
      const rows = await queryPrepared<PactRow & { number: string; order: number }>(
        ex,
        sql`select l.consumer_id, l.consumer_version_id, l.provider_id, l.pact_version_id, pv.sha, ${epochMs('l.created_at')} as created_at, v.number, v."order"
            from unnest(${ints(pairs.map((p) => p.consumerId))}, ${ints(pairs.map((p) => p.providerId))}) s(c, p)
            cross join lateral (select * from latest_pact_publications
                                where consumer_id = s.c and provider_id = s.p order by consumer_version_order desc limit ${limit}) l
            join pact_versions pv on pv.id = l.pact_version_id
            join versions v on v.id = l.consumer_version_id`,
      );
      return { pacts: rows.map(toPact), consumerVersions: rows.map((r) => toRef({ id: r.consumer_version_id, number: r.number, order: r.order })) };
    },

    /**
     * The latest verification of each content by each of the given provider versions (by any version with 'any').
     * Given versions: one primary-key probe per (content, version) pair while there are few pairs (a hub's 300
     * contents × its one version), else from the versions' verifications; never a plan that ANDs two index scans (a
     * generic plan did, reading every verification of the contents). Their number and order come from the caller.
     */
    async latestVerifications(pactVersionIds: number[], providerVersions: VersionRef[] | 'any', ex: Executor = db): Promise<VerificationFact[]> {
      if (pactVersionIds.length === 0 || (providerVersions !== 'any' && providerVersions.length === 0)) return [];
      const contents = bigints(pactVersionIds);
      if (providerVersions === 'any') {
        const rows = await queryPrepared<VerificationRow & { number: string; order: number }>(
          ex,
          sql`select lv.pact_version_id, lv.provider_version_id, lv.verification_id, lv.success, ${epochMs('lv.created_at')} as created_at, v.number, v."order"
              from unnest(${contents}) p(id)
              join latest_verifications lv on lv.pact_version_id = p.id
              join versions v on v.id = lv.provider_version_id`,
        );
        return rows.map((r) => toVerification(r, toRef({ id: r.provider_version_id, number: r.number, order: r.order })));
      }
      const versions = new Map(providerVersions.map((v) => [v.id, v]));
      const ids = bigints([...versions.keys()]);
      const rows = await queryPrepared<VerificationRow>(
        ex,
        pactVersionIds.length * versions.size <= PROBE_PAIRS
          ? sql`select lv.pact_version_id, lv.provider_version_id, lv.verification_id, lv.success, ${epochMs('lv.created_at')} as created_at
                from unnest(${contents}) p(id) cross join unnest(${ids}) q(id)
                join latest_verifications lv on lv.pact_version_id = p.id and lv.provider_version_id = q.id`
          : sql`select lv.pact_version_id, lv.provider_version_id, lv.verification_id, lv.success, ${epochMs('lv.created_at')} as created_at
                from unnest(${ids}) q(id)
                join latest_verifications lv on lv.provider_version_id = q.id
                join unnest(${contents}) p(id) on p.id = lv.pact_version_id`,
      );
      return rows.map((r) => toVerification(r, versions.get(Number(r.provider_version_id))!));
    },

    /**
     * Branches, tags and current environments of the versions shown in rows: one statement of three flat joins (the
     * sort keys stay in PostgreSQL). The versions in one environment share one object for it (a hub's 300 versions
     * are in one or two), so that the presenter writes each once.
     */
    async presentation(versionIds: number[], ex: Executor = db): Promise<Map<number, VersionPresentation>> {
      const out = new Map<number, VersionPresentation>();
      if (versionIds.length === 0) return out;
      for (const id of versionIds) out.set(id, { versionId: id, branches: [], tags: [], environments: [] });
      const ids = opaqueBigints(versionIds);
      const rows = await queryPrepared<{ kind: 'branch' | 'tag' | 'environment'; version_id: number; name: string; flag: boolean; environment_id: number | null; uuid: string | null; display_name: string | null; created_at: number | null }>(
        ex,
        sql`select kind, version_id, name, flag, environment_id, uuid, display_name, created_at from (
              select 'branch' as kind, bv.version_id, b.name, coalesce(h.version_id = bv.version_id, false) as flag, null::int as environment_id,
                     null::uuid as uuid, null as display_name, null::float8 as created_at, lpad(bv.id::text, 20, '0') as sort
              from branch_versions bv join branches b on b.id = bv.branch_id left join branch_heads h on h.branch_id = bv.branch_id
              where bv.version_id = any(${ids})
              union all
              select 'tag', t.version_id, t.name,
                     not exists (select 1 from tags t2 where t2.pacticipant_id = t.pacticipant_id and t2.name = t.name and t2.version_order > t.version_order),
                     null, null, null, null, to_char(t.created_at, 'YYYYMMDDHH24MISSUS') || t.name
              from tags t where t.version_id = any(${ids})
              union all
              select 'environment', e.version_id, en.name, en.production, en.id, en.uuid, en.display_name, ${epochMs('en.created_at')}, en.name
              from (select version_id, environment_id from deployed_versions where version_id = any(${ids}) and undeployed_at is null
                    union
                    select version_id, environment_id from released_versions where version_id = any(${ids}) and support_ended_at is null) e
              join environments en on en.id = e.environment_id
            ) u
            order by kind, version_id, sort`,
      );
      const environments = new Map<number, VersionPresentation['environments'][number]>();
      for (const r of rows) {
        const v = out.get(Number(r.version_id));
        if (!v) continue;
        if (r.kind === 'branch') v.branches.push({ name: r.name, latest: Boolean(r.flag) });
        else if (r.kind === 'tag') v.tags.push({ name: r.name, latest: Boolean(r.flag) });
        else {
          const id = Number(r.environment_id);
          let environment = environments.get(id);
          if (!environment) {
            environment = { uuid: r.uuid!, name: r.name, displayName: r.display_name, production: Boolean(r.flag), createdAt: new Date(r.created_at!) };
            environments.set(id, environment);
          }
          v.environments.push(environment);
        }
      }
      return out;
    },

    /**
     * Step one of every question, in one statement: the pacticipants and environments named, and the versions given
     * by number (the usual can-i-deploy question needs nothing else to resolve its selectors).
     */
    async lookUp(
      names: string[],
      environmentNames: string[],
      numbered: NumberLookup[],
      ex: Executor = db,
    ): Promise<{ pacticipants: PacticipantRef[]; environments: Array<{ id: number; name: string }>; versions: Map<number, VersionRef> }> {
      const rows = await queryPrepared<{ kind: string; id: number; name: string; main_branch: string | null; key: number | null; version_id: number | null; number: string | null; order: number | null }>(
        ex,
        sql`select 'pacticipant' as kind, id, name, main_branch, null::bigint as key, null::bigint as version_id, null::text as number, null::bigint as "order"
            from pacticipants where name = any(${opaqueTexts(names)})
            union all
            select 'environment', id, name, null, null, null, null, null from environments where name = any(${opaqueTexts(environmentNames)})
            union all
            select 'version', p.id, p.name, null, s.key, v.id, v.number, v."order"
            from unnest(${opaqueBigints(numbered.map((l) => l.key))}, ${opaqueTexts(numbered.map((l) => l.pacticipant))}, ${opaqueTexts(numbered.map((l) => l.number))}) s(key, name, num)
            join pacticipants p on p.name = s.name
            join versions v on v.pacticipant_id = p.id and v.number = s.num`,
      );
      const out = { pacticipants: [] as PacticipantRef[], environments: [] as Array<{ id: number; name: string }>, versions: new Map<number, VersionRef>() };
      for (const r of rows) {
        if (r.kind === 'pacticipant') out.pacticipants.push({ id: Number(r.id), name: r.name, mainBranch: r.main_branch });
        else if (r.kind === 'environment') out.environments.push({ id: Number(r.id), name: r.name });
        else out.versions.set(Number(r.key), toRef({ id: r.version_id!, number: r.number!, order: r.order! }));
      }
      return out;
    },

    /**
     * Step two, in one statement: the latest pacts of the specified consumer versions (with the given providers only,
     * when given), the integrations where the specified pacticipants are the provider (`asProvider`) or an
     * any-version consumer (`asConsumer`), and the pacticipant on the other side of each. With `environmentId`, also
     * the versions of each of those other pacticipants currently in that environment (`inEnvironment`, newest first,
     * an empty list for one with none): what a can-i-deploy to that environment would otherwise resolve next.
     */
    async integrationFacts(
      q: { consumerVersionIds: number[]; providerIds?: number[]; asProvider: number[]; asConsumer: number[]; environmentId?: number },
      ex: Executor = db,
    ): Promise<{ pacts: PactFact[]; integrations: Array<{ consumerId: number; providerId: number }>; pacticipants: PacticipantRef[]; inEnvironment?: Map<number, VersionRef[]> }> {
      if (q.consumerVersionIds.length === 0 && q.asProvider.length === 0 && q.asConsumer.length === 0) {
        return { pacts: [], integrations: [], pacticipants: [], ...(q.environmentId === undefined ? {} : { inEnvironment: new Map() }) };
      }
      const providerFilter = q.providerIds ? sql`and l.provider_id = any(${opaqueInts(q.providerIds)})` : sql``;
      const facts = sql`
            select 'pact' as kind, l.consumer_id, l.provider_id, l.consumer_version_id, l.pact_version_id, pv.sha, ${epochMs('l.created_at')} as created_at,
                   o.id as other_id, o.name as other_name, o.main_branch as other_main_branch, null::text as number, null::bigint as "order"
            from latest_pact_publications l
            join pact_versions pv on pv.id = l.pact_version_id
            join pacticipants o on o.id = l.provider_id
            where l.consumer_version_id = any(${opaqueBigints(q.consumerVersionIds)}) ${providerFilter}
            union all
            select 'integration', i.consumer_id, i.provider_id, null, null, null, null, o.id, o.name, o.main_branch, null, null
            from integrations i join pacticipants o on o.id = i.consumer_id
            where i.provider_id = any(${opaqueInts(q.asProvider)})
            union all
            select 'integration', i.consumer_id, i.provider_id, null, null, null, null, o.id, o.name, o.main_branch, null, null
            from integrations i join pacticipants o on o.id = i.provider_id
            where i.consumer_id = any(${opaqueInts(q.asConsumer)})`;
      // The other pacticipants' deployed and released versions in the environment: two index joins per pacticipant.
      const environment = (env: number) => sql`
            with facts as materialized (${facts}),
            others as (select distinct other_id as id from facts)
            select * from facts
            union all
            select 'environment', null, null, v.id, null, null, null, e.pacticipant_id, null, null, v.number, v."order"
            from (select d.pacticipant_id, d.version_id from others o
                  join deployed_versions d on d.pacticipant_id = o.id and d.environment_id = ${env} and d.undeployed_at is null
                  union
                  select r.pacticipant_id, r.version_id from others o
                  join released_versions r on r.pacticipant_id = o.id and r.environment_id = ${env} and r.support_ended_at is null) e
            join versions v on v.id = e.version_id`;
      const rows = await queryPrepared<PactRow & { kind: string; other_id: number; other_name: string; other_main_branch: string | null; number: string | null; order: number | null }>(
        ex,
        q.environmentId === undefined ? facts : environment(q.environmentId),
      );
      const pacticipants = new Map<number, PacticipantRef>();
      const out = { pacts: [] as PactFact[], integrations: [] as Array<{ consumerId: number; providerId: number }> };
      const inEnvironment = new Map<number, VersionRef[]>();
      for (const r of rows) {
        if (r.kind === 'environment') {
          const list = inEnvironment.get(Number(r.other_id)) ?? [];
          list.push(toRef({ id: r.consumer_version_id, number: r.number!, order: r.order! }));
          inEnvironment.set(Number(r.other_id), list);
          continue;
        }
        pacticipants.set(Number(r.other_id), { id: Number(r.other_id), name: r.other_name, mainBranch: r.other_main_branch });
        if (r.kind === 'pact') out.pacts.push(toPact(r));
        else out.integrations.push({ consumerId: Number(r.consumer_id), providerId: Number(r.provider_id) });
      }
      if (q.environmentId === undefined) return { ...out, pacticipants: [...pacticipants.values()] };
      for (const id of pacticipants.keys()) inEnvironment.set(id, (inEnvironment.get(id) ?? []).sort((a, b) => b.order - a.order));
      return { ...out, pacticipants: [...pacticipants.values()], inEnvironment };
    },
  };
}

/** Up to this many (content, provider version) pairs, latestVerifications probes each pair by primary key. */
const PROBE_PAIRS = 20_000;

interface VerificationRow {
  pact_version_id: number;
  provider_version_id: number;
  verification_id: number;
  success: boolean;
  created_at: number;
}

function toVerification(r: VerificationRow, providerVersion: VersionRef): VerificationFact {
  return {
    source: 'pact_verification',
    pactVersionId: Number(r.pact_version_id),
    providerVersion,
    verificationId: Number(r.verification_id),
    success: Boolean(r.success),
    verifiedAt: new Date(r.created_at),
  };
}

interface PactRow {
  consumer_id: number;
  consumer_version_id: number;
  provider_id: number;
  pact_version_id: number;
  sha: string;
  created_at: number;
}

function toPact(r: PactRow): PactFact {
  return {
    consumerId: Number(r.consumer_id),
    consumerVersionId: Number(r.consumer_version_id),
    providerId: Number(r.provider_id),
    pactVersionId: Number(r.pact_version_id),
    sha: r.sha,
    publishedAt: new Date(r.created_at),
  };
}

export type MatrixRepository = ReturnType<typeof createMatrixRepository>;
