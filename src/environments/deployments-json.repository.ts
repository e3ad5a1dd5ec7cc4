// Environments, deployed and released versions as JSON built in SQL, for resources read in one statement (the version
// and pacticipant resources): the same objects the repositories return. Timestamps travel as their text form and are
// read with `new Date(text)`, as drizzle reads a timestamptz column, so every Date is the same to the millisecond.
import { sql, type SQL } from 'drizzle-orm';
import { deployedVersions, environments, pacticipants, releasedVersions, versions } from '../db/schema/index.js';
import type { Environment } from './environments.repository.js';
import type { DeployedVersion, ReleasedVersion } from './deployments.types.js';

/** A timestamptz as text (null stays null), read back by `dateOf`. */
export const textOf = (column: SQL) => sql`(${column})::text`;
export const dateOf = (text: string | null): Date | null => (text === null ? null : new Date(text));
/** A json column: PostgreSQL's driver parses it, PGlite's too, a raw driver may not. */
export const jsonOf = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** The JSON of environment `alias` (a row of environments). */
export function environmentJson(alias: SQL): SQL {
  return sql`json_build_object('id', ${alias}.id, 'uuid', ${alias}.uuid, 'name', ${alias}.name, 'displayName', ${alias}.display_name,
    'production', ${alias}.production, 'contacts', ${alias}.contacts,
    'createdAt', ${textOf(sql`${alias}.created_at`)}, 'updatedAt', ${textOf(sql`${alias}.updated_at`)})`;
}

type EnvironmentJson = Omit<Environment, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string | null };

export function environmentFrom(json: EnvironmentJson): Environment {
  return { ...json, createdAt: new Date(json.createdAt), updatedAt: dateOf(json.updatedAt) };
}

/** Every environment by name, as a JSON array (the environments a version can be recorded in). */
export const allEnvironmentsJson = sql`(select coalesce(json_agg(${environmentJson(sql`e`)} order by e.name), '[]'::json) from ${environments} e)`;

/** The deployments matching `where` (over `d`), oldest first, as a JSON array of DeployedVersion. */
export function deployedVersionsJson(where: SQL): SQL {
  return sql`(select coalesce(json_agg(json_build_object(
      'id', d.id, 'uuid', d.uuid, 'pacticipantId', dp.id, 'pacticipantName', dp.name,
      'versionId', dv.id, 'versionNumber', dv.number, 'versionOrder', dv."order", 'environment', ${environmentJson(sql`de`)},
      'applicationInstance', d.application_instance, 'createdAt', ${textOf(sql`d.created_at`)}, 'undeployedAt', ${textOf(sql`d.undeployed_at`)}
    ) order by d.created_at, d.id), '[]'::json)
    from ${deployedVersions} d
    join ${pacticipants} dp on dp.id = d.pacticipant_id
    join ${versions} dv on dv.id = d.version_id
    join ${environments} de on de.id = d.environment_id
    where ${where})`;
}

/** The releases matching `where` (over `r`), oldest first, as a JSON array of ReleasedVersion. */
export function releasedVersionsJson(where: SQL): SQL {
  return sql`(select coalesce(json_agg(json_build_object(
      'id', r.id, 'uuid', r.uuid, 'pacticipantId', rp.id, 'pacticipantName', rp.name,
      'versionId', rv.id, 'versionNumber', rv.number, 'versionOrder', rv."order", 'environment', ${environmentJson(sql`re`)},
      'createdAt', ${textOf(sql`r.created_at`)}, 'updatedAt', ${textOf(sql`r.updated_at`)}, 'supportEndedAt', ${textOf(sql`r.support_ended_at`)}
    ) order by r.created_at, r.id), '[]'::json)
    from ${releasedVersions} r
    join ${pacticipants} rp on rp.id = r.pacticipant_id
    join ${versions} rv on rv.id = r.version_id
    join ${environments} re on re.id = r.environment_id
    where ${where})`;
}

interface RecordJson {
  id: number;
  uuid: string;
  pacticipantId: number;
  pacticipantName: string;
  versionId: number;
  versionNumber: string;
  versionOrder: number;
  environment: EnvironmentJson;
  createdAt: string;
}

/** What a deployment and a release share: the record, its pacticipant, version and environment, its creation. */
function recordFrom(json: RecordJson) {
  return {
    id: Number(json.id),
    uuid: json.uuid,
    pacticipant: { id: json.pacticipantId, name: json.pacticipantName },
    version: { id: Number(json.versionId), number: json.versionNumber, order: Number(json.versionOrder) },
    environment: environmentFrom(json.environment),
    createdAt: new Date(json.createdAt),
  };
}

export function deployedVersionFrom(json: RecordJson & { applicationInstance: string | null; undeployedAt: string | null }): DeployedVersion {
  return {
    ...recordFrom(json),
    applicationInstance: json.applicationInstance,
    undeployedAt: dateOf(json.undeployedAt),
    currentlyDeployed: json.undeployedAt === null,
  };
}

export function releasedVersionFrom(json: RecordJson & { updatedAt: string | null; supportEndedAt: string | null }): ReleasedVersion {
  return {
    ...recordFrom(json),
    updatedAt: dateOf(json.updatedAt),
    supportEndedAt: dateOf(json.supportEndedAt),
    currentlySupported: json.supportEndedAt === null,
  };
}

export type DeployedVersionJson = Parameters<typeof deployedVersionFrom>[0];
export type ReleasedVersionJson = Parameters<typeof releasedVersionFrom>[0];
