import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { intArray, queryRows, textArray } from '../db/query.js';
import { labels, pacticipants, versions } from '../db/schema/index.js';
import type { Label, Pacticipant, PacticipantAttributes } from './pacticipants.types.js';

export function createPacticipantsRepository(db: Executor) {
  return {
    async findByName(name: string, ex: Executor = db): Promise<Pacticipant | undefined> {
      const [row] = await ex.select().from(pacticipants).where(eq(pacticipants.name, name)).limit(1);
      return row;
    },

    async findByIds(ids: number[], ex: Executor = db): Promise<Pacticipant[]> {
      if (ids.length === 0) return [];
      return ex.select().from(pacticipants).where(sql`${pacticipants.id} = any(${intArray(ids)})`);
    },

    /**
     * Creates the missing ones and returns all. Names are inserted in sorted order so that concurrent
     * publishers take row locks in the same order and never deadlock.
     */
    async findOrCreateByNames(names: string[], ex: Executor = db): Promise<Map<string, Pacticipant>> {
      const sorted = [...new Set(names)].sort();
      const find = async () => new Map((await ex.select().from(pacticipants).where(sql`${pacticipants.name} = any(${textArray(sorted)})`)).map((r) => [r.name, r]));
      // Looked up first: publishing names known pacticipants far more often than new ones.
      const found = await find();
      if (found.size === sorted.length) return found;
      for (const name of sorted) {
        if (!found.has(name)) await ex.insert(pacticipants).values({ name }).onConflictDoNothing({ target: pacticipants.name });
      }
      return find();
    },

    /** Inserts; returns undefined when the name already exists. */
    async insert(name: string, attrs: PacticipantAttributes, ex: Executor = db): Promise<Pacticipant | undefined> {
      const [row] = await ex
        .insert(pacticipants)
        .values({ name, ...attrs })
        .onConflictDoNothing({ target: pacticipants.name })
        .returning();
      return row;
    },

    async update(id: number, attrs: PacticipantAttributes & { name?: string }, ex: Executor = db): Promise<Pacticipant> {
      const [row] = await ex
        .update(pacticipants)
        .set({ ...attrs, updatedAt: new Date() })
        .where(eq(pacticipants.id, id))
        .returning();
      return row!;
    },

    async setMainBranchIfUnset(id: number, branch: string, ex: Executor = db): Promise<void> {
      await ex
        .update(pacticipants)
        .set({ mainBranch: branch, updatedAt: new Date() })
        .where(and(eq(pacticipants.id, id), isNull(pacticipants.mainBranch)));
    },

    async delete(id: number, ex: Executor = db): Promise<void> {
      await ex.delete(pacticipants).where(eq(pacticipants.id, id));
    },

    async list(
      options: { query?: string | undefined; label?: string | undefined; offset: number; limit: number },
      ex: Executor = db,
    ): Promise<{ items: Pacticipant[]; total: number }> {
      const conditions = [];
      if (options.query) {
        conditions.push(sql`strpos(lower(${pacticipants.name}), lower(${options.query})) > 0`);
      }
      if (options.label) {
        conditions.push(
          sql`exists (select 1 from ${labels} where ${labels.pacticipantId} = ${pacticipants.id} and ${labels.name} = ${options.label})`,
        );
      }
      const where = conditions.length ? and(...conditions) : undefined;
      const items = await ex
        .select()
        .from(pacticipants)
        .where(where)
        .orderBy(sql`lower(${pacticipants.name})`, asc(pacticipants.name))
        .offset(options.offset)
        .limit(options.limit);
      const [count] = await ex.select({ n: sql<number>`count(*)::int` }).from(pacticipants).where(where);
      return { items, total: count?.n ?? 0 };
    },

    async labelsFor(ids: number[], ex: Executor = db): Promise<Map<number, Label[]>> {
      const result = new Map<number, Label[]>();
      if (ids.length === 0) return result;
      const rows = await ex.select().from(labels).where(sql`${labels.pacticipantId} = any(${intArray(ids)})`).orderBy(asc(labels.name));
      for (const row of rows) {
        const list = result.get(row.pacticipantId) ?? [];
        list.push({ name: row.name, createdAt: row.createdAt });
        result.set(row.pacticipantId, list);
      }
      return result;
    },

    async findLabel(pacticipantId: number, name: string, ex: Executor = db): Promise<Label | undefined> {
      const [row] = await ex
        .select()
        .from(labels)
        .where(and(eq(labels.pacticipantId, pacticipantId), eq(labels.name, name)));
      return row && { name: row.name, createdAt: row.createdAt };
    },

    async addLabel(pacticipantId: number, name: string, ex: Executor = db): Promise<{ label: Label; created: boolean }> {
      const [inserted] = await ex.insert(labels).values({ pacticipantId, name }).onConflictDoNothing().returning();
      if (inserted) return { label: { name, createdAt: inserted.createdAt }, created: true };
      const existing = await this.findLabel(pacticipantId, name, ex);
      return { label: existing!, created: false };
    },

    async removeLabel(pacticipantId: number, name: string, ex: Executor = db): Promise<boolean> {
      const rows = await ex
        .delete(labels)
        .where(and(eq(labels.pacticipantId, pacticipantId), eq(labels.name, name)))
        .returning();
      return rows.length > 0;
    },

    async latestVersionNumbers(ids: number[], ex: Executor = db): Promise<Map<number, string>> {
      const result = new Map<number, string>();
      if (ids.length === 0) return result;
      // One index probe per pacticipant on (pacticipant_id, order).
      const rows = await queryRows<{ pacticipant_id: number; number: string }>(ex, sql`
        select p.id as pacticipant_id, v.number
        from ${pacticipants} p
        cross join lateral (
          select number from ${versions} where pacticipant_id = p.id order by "order" desc limit 1
        ) v
        where p.id = any(${intArray(ids)})`);
      for (const row of rows) result.set(Number(row.pacticipant_id), row.number);
      return result;
    },
  };
}

export type PacticipantsRepository = ReturnType<typeof createPacticipantsRepository>;
