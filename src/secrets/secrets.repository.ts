import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { secrets } from '../db/schema/index.js';

/** A secret's public fields: never its value. */
export interface SecretInfo {
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date | null;
}

const info = { name: secrets.name, description: secrets.description, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt };

export function createSecretsRepository(db: Executor) {
  return {
    list(ex: Executor = db): Promise<SecretInfo[]> {
      return ex.select(info).from(secrets).orderBy(asc(secrets.name));
    },
    async findByName(name: string, ex: Executor = db): Promise<SecretInfo | undefined> {
      const [row] = await ex.select(info).from(secrets).where(eq(secrets.name, name));
      return row;
    },
    /** The sealed values of those of the names that exist. */
    sealed(names: readonly string[], ex: Executor = db): Promise<Array<{ name: string; sealed: Buffer }>> {
      if (names.length === 0) return Promise.resolve([]);
      return ex.select({ name: secrets.name, sealed: secrets.sealed }).from(secrets).where(inArray(secrets.name, [...names]));
    },
    async existing(names: readonly string[], ex: Executor = db): Promise<string[]> {
      if (names.length === 0) return [];
      const rows = await ex.select({ name: secrets.name }).from(secrets).where(inArray(secrets.name, [...names]));
      return rows.map((row) => row.name);
    },
    /** Undefined when the name is taken. */
    async insert(fields: { name: string; description: string | null; sealed: Buffer }, ex: Executor = db): Promise<SecretInfo | undefined> {
      const [row] = await ex.insert(secrets).values(fields).onConflictDoNothing({ target: secrets.name }).returning(info);
      return row;
    },
    /** Replaces the value (and the description when given); undefined when there is no such secret. */
    async update(name: string, fields: { description?: string | null; sealed: Buffer }, ex: Executor = db): Promise<SecretInfo | undefined> {
      const [row] = await ex
        .update(secrets)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(secrets.name, name))
        .returning(info);
      return row;
    },
    /** Whether a secret was deleted. */
    async delete(name: string, ex: Executor = db): Promise<boolean> {
      const rows = await ex.delete(secrets).where(eq(secrets.name, name)).returning({ id: secrets.id });
      return rows.length > 0;
    },
  };
}

export type SecretsRepository = ReturnType<typeof createSecretsRepository>;
