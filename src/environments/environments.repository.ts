import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { environments } from '../db/schema/index.js';

export type Environment = typeof environments.$inferSelect;
export type EnvironmentFields = Pick<Environment, 'name' | 'displayName' | 'production' | 'contacts'>;

export function createEnvironmentsRepository(db: Executor) {
  return {
    list(filter: { name?: string | undefined } = {}, ex: Executor = db): Promise<Environment[]> {
      return ex
        .select()
        .from(environments)
        .where(filter.name === undefined ? undefined : eq(environments.name, filter.name))
        .orderBy(asc(environments.name));
    },
    async findByUuid(uuid: string, ex: Executor = db): Promise<Environment | undefined> {
      const [row] = await ex.select().from(environments).where(eq(environments.uuid, uuid));
      return row;
    },
    async findByName(name: string, ex: Executor = db): Promise<Environment | undefined> {
      const [row] = await ex.select().from(environments).where(eq(environments.name, name));
      return row;
    },
    /** Returns undefined when the name is taken; a taken uuid is a unique violation (answered 409 naming it). */
    async insert(fields: EnvironmentFields & { uuid?: string }, ex: Executor = db): Promise<Environment | undefined> {
      const [row] = await ex.insert(environments).values(fields).onConflictDoNothing({ target: environments.name }).returning();
      return row;
    },
    async update(id: number, fields: EnvironmentFields, ex: Executor = db): Promise<Environment> {
      const [row] = await ex
        .update(environments)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(environments.id, id))
        .returning();
      return row!;
    },
    async delete(id: number, ex: Executor = db): Promise<void> {
      await ex.delete(environments).where(eq(environments.id, id));
    },
  };
}

export type EnvironmentsRepository = ReturnType<typeof createEnvironmentsRepository>;
