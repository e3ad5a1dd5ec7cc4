import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryPrepared, queryRows } from '../db/query.js';
import { integrations, pacticipants } from '../db/schema/index.js';
import type { IntegrationSummary, Placement } from './estate.types.js';

/** json columns come back parsed from pg and PGlite alike; tolerate a string all the same. */
const names = (value: unknown): string[] => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
};
const date = (value: string | Date) => new Date(value);

export interface Integration {
  consumerName: string;
  providerName: string;
  createdAt: Date;
  contractDataUpdatedAt: Date;
}

export function createIntegrationsRepository(db: Executor) {
  return {
    async list(ex: Executor = db): Promise<Integration[]> {
      const rows = await queryRows<{ consumer_name: string; provider_name: string; created_at: string | Date; contract_data_updated_at: string | Date }>(
        ex,
        sql`select c.name as consumer_name, p.name as provider_name, i.created_at, i.contract_data_updated_at
            from ${integrations} i
            join ${pacticipants} c on c.id = i.consumer_id
            join ${pacticipants} p on p.id = i.provider_id
            order by lower(c.name), lower(p.name)`,
      );
      return rows.map((r) => ({
        consumerName: r.consumer_name,
        providerName: r.provider_name,
        createdAt: new Date(r.created_at),
        contractDataUpdatedAt: new Date(r.contract_data_updated_at),
      }));
    },

    /**
     * Every integration with its latest pact (by consumer version order) and the latest verification of that
     * pact's content, in one statement: each lateral is an index range scan that stops at its first row.
     */
    async summaries(ex: Executor = db): Promise<IntegrationSummary[]> {
      const rows = await queryPrepared<{
        consumer_name: string;
        provider_name: string;
        consumer_labels: unknown;
        provider_labels: unknown;
        consumer_version: string | null;
        branches: unknown;
        published_at: string | Date | null;
        pact_version_id: string | number | null;
        previous_pact_version_id: string | number | null;
        success: boolean | null;
        provider_version: string | null;
        verified_at: string | Date | null;
      }>(
        ex,
        sql`select c.name as consumer_name, p.name as provider_name,
              (select coalesce(json_agg(l.name order by l.name), '[]'::json) from labels l where l.pacticipant_id = c.id) as consumer_labels,
              (select coalesce(json_agg(l.name order by l.name), '[]'::json) from labels l where l.pacticipant_id = p.id) as provider_labels,
              lp.consumer_version, lp.branches, lp.published_at, lp.pact_version_id, lp.previous_pact_version_id,
              lv.success, lv.provider_version, lv.verified_at
            from ${integrations} i
            join ${pacticipants} c on c.id = i.consumer_id
            join ${pacticipants} p on p.id = i.provider_id
            left join lateral (
              select v.number as consumer_version, l.created_at as published_at, l.pact_version_id,
                (select coalesce(json_agg(b.name order by b.name), '[]'::json)
                   from branch_versions bv join branches b on b.id = bv.branch_id where bv.version_id = l.consumer_version_id) as branches,
                (select l2.pact_version_id from latest_pact_publications l2
                   where l2.consumer_id = l.consumer_id and l2.provider_id = l.provider_id and l2.consumer_version_order < l.consumer_version_order
                   order by l2.consumer_version_order desc limit 1) as previous_pact_version_id
              from latest_pact_publications l join versions v on v.id = l.consumer_version_id
              where l.consumer_id = i.consumer_id and l.provider_id = i.provider_id
              order by l.consumer_version_order desc limit 1
            ) lp on true
            left join lateral (
              select lv.success, pv.number as provider_version, lv.created_at as verified_at
              from latest_verifications lv join versions pv on pv.id = lv.provider_version_id
              where lv.pact_version_id = lp.pact_version_id
              order by lv.provider_version_order desc limit 1
            ) lv on true
            order by lower(c.name), lower(p.name)`,
      );
      return rows.map((r) => ({
        consumer: { name: r.consumer_name, labels: names(r.consumer_labels) },
        provider: { name: r.provider_name, labels: names(r.provider_labels) },
        latestPact:
          r.consumer_version === null || r.published_at === null
            ? null
            : {
                consumerVersion: r.consumer_version,
                branches: names(r.branches),
                publishedAt: date(r.published_at),
                changed: r.previous_pact_version_id !== null && String(r.previous_pact_version_id) !== String(r.pact_version_id),
              },
        latestVerification:
          r.success === null || r.provider_version === null || r.verified_at === null
            ? null
            : { success: r.success, providerVersion: r.provider_version, verifiedAt: date(r.verified_at) },
      }));
    },

    /** What every pacticipant in an integration has deployed (not undeployed) or released (still supported), per environment. */
    async placements(ex: Executor = db): Promise<Array<Placement & { pacticipant: string }>> {
      const rows = await queryPrepared<{ pacticipant: string; environment: string; version: string; kind: 'deployed' | 'released'; application_instance: string | null; since: string | Date }>(
        ex,
        sql`with involved as (select consumer_id as id from ${integrations} union select provider_id from ${integrations})
            select p.name as pacticipant, e.name as environment, v.number as version, 'deployed' as kind, d.application_instance, d.created_at as since
              from deployed_versions d join involved on involved.id = d.pacticipant_id
              join ${pacticipants} p on p.id = d.pacticipant_id join environments e on e.id = d.environment_id join versions v on v.id = d.version_id
              where d.undeployed_at is null
            union all
            select p.name, e.name, v.number, 'released', null, r.created_at
              from released_versions r join involved on involved.id = r.pacticipant_id
              join ${pacticipants} p on p.id = r.pacticipant_id join environments e on e.id = r.environment_id join versions v on v.id = r.version_id
              where r.support_ended_at is null
            order by 1, 2, 6`,
      );
      return rows.map((r) => ({
        pacticipant: r.pacticipant,
        environment: r.environment,
        version: r.version,
        kind: r.kind,
        applicationInstance: r.application_instance,
        since: date(r.since),
      }));
    },
  };
}

export type IntegrationsRepository = ReturnType<typeof createIntegrationsRepository>;
