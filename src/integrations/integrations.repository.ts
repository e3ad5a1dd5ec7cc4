import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';
import { integrations, pacticipants } from '../db/schema/index.js';

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
  };
}

export type IntegrationsRepository = ReturnType<typeof createIntegrationsRepository>;
