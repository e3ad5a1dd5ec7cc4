// The pacticipant resource (GET /pacticipants/:name) in one prepared statement: the record, its labels, its latest
// version number and its current deployments. Was four statements in two round trips, each parsed and planned per request.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { preparedQuery } from '../db/query.js';
import { labels, pacticipants, versions } from '../db/schema/index.js';
import { dateOf, deployedVersionFrom, deployedVersionsJson, jsonOf, textOf, type DeployedVersionJson } from '../environments/deployments-json.repository.js';
import type { PacticipantDetails } from './pacticipants.types.js';

interface ResourceRow {
  id: number;
  name: string;
  display_name: string | null;
  repository_url: string | null;
  repository_name: string | null;
  repository_namespace: string | null;
  main_branch: string | null;
  team: string | null;
  contact: string | null;
  created_at: string;
  updated_at: string | null;
  labels: unknown;
  latest_version_number: string | null;
  current_deployments: unknown;
}

const statement = preparedQuery(['name'], ({ name }) => sql`
  select p.id, p.name, p.display_name, p.repository_url, p.repository_name, p.repository_namespace, p.main_branch, p.team, p.contact,
         ${textOf(sql`p.created_at`)} as created_at, ${textOf(sql`p.updated_at`)} as updated_at,
         (select coalesce(json_agg(json_build_object('name', lb.name, 'createdAt', ${textOf(sql`lb.created_at`)}) order by lb.name), '[]'::json)
            from ${labels} lb where lb.pacticipant_id = p.id) as labels,
         -- One index probe on (pacticipant_id, order).
         (select lv.number from ${versions} lv where lv.pacticipant_id = p.id order by lv."order" desc limit 1) as latest_version_number,
         ${deployedVersionsJson(sql`d.pacticipant_id = p.id and d.undeployed_at is null`)} as current_deployments
    from ${pacticipants} p
   where p.name = ${name}
   limit 1`);

/** Everything the pacticipant resource shows, or undefined when there is no pacticipant with that name. */
export async function readPacticipantResource(ex: Executor, name: string): Promise<PacticipantDetails | undefined> {
  const [row] = await statement<ResourceRow>(ex, { name });
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    repositoryUrl: row.repository_url,
    repositoryName: row.repository_name,
    repositoryNamespace: row.repository_namespace,
    mainBranch: row.main_branch,
    team: row.team,
    contact: row.contact,
    createdAt: new Date(row.created_at),
    updatedAt: dateOf(row.updated_at),
    labels: jsonOf<Array<{ name: string; createdAt: string }>>(row.labels).map((l) => ({ name: l.name, createdAt: new Date(l.createdAt) })),
    latestVersionNumber: row.latest_version_number,
    currentDeployments: jsonOf<DeployedVersionJson[]>(row.current_deployments).map(deployedVersionFrom),
  };
}
