// Named prepared statements for the embedded store. PGlite's own query() parses an unnamed statement every time, so
// PostgreSQL re-analyses and re-plans every statement of every request, and planning asks each table's and index's size
// from the file system (one fstat per relation through Emscripten). A named statement is parsed once and, after
// PostgreSQL's five custom plans, runs a cached generic plan: the same as the pg pool's named statements on PostgreSQL.
// Built from PGlite's exported protocol serializer and result parser; must run inside PGlite's query mutex.
import { parse as pgliteParse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { firstKeyword } from './statement-kind.js';

type Messages = Awaited<ReturnType<PGlite['execProtocolStream']>>;
interface Statement {
  readonly name: string;
  readonly paramTypes: number[];
}

// A cap on distinct texts, so statements whose text varies with the data cannot grow the backend's memory without end.
const MAX_STATEMENTS = 2_000;
// Only data statements are worth a name; DDL, transaction control, SET and COPY go through PGlite's own query().
const NAMED_KEYWORDS = new Set(['select', 'insert', 'update', 'delete', 'with']);
// An invalidated statement (its result shape changed under it, or the backend lost it): forget it, so the next call
// prepares it again.
const STALE_STATEMENT = new Set(['0A000', '26000']);

export interface NamedStatements {
  /** Whether the text is one to name (otherwise the caller uses PGlite's query()). */
  accepts(text: string): boolean;
  query<T>(text: string, params: unknown[] | undefined, options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>>;
}

export function namedStatements(pg: PGlite): NamedStatements {
  const statements = new Map<string, Statement>();
  let prepared = 0;
  const send = (message: Uint8Array): Promise<Messages> => pg.execProtocolStream(message, { syncToFs: false });

  async function prepare(text: string, options: QueryOptions | undefined): Promise<Statement> {
    const name = `t${prepared++}`;
    await send(protocol.serialize.parse({ name, text, types: options?.paramTypes ?? [] }));
    const paramTypes = pgliteParse.parseDescribeStatementResults(await send(protocol.serialize.describe({ type: 'S', name })));
    const statement = { name, paramTypes };
    statements.set(text, statement);
    return statement;
  }

  const isStale = (e: unknown) => STALE_STATEMENT.has(String((e as { code?: unknown }).code));

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    try {
      return await attempt<T>(text, params, options, inTransaction);
    } catch (e) {
      // Outside a transaction nothing was changed: prepare it again once. Inside one the error aborted it.
      if (!inTransaction && isStale(e)) return attempt<T>(text, params, options, inTransaction);
      throw e;
    }
  }

  async function attempt<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    const results: Messages = [];
    let statement = statements.get(text);
    let stale: string | undefined;
    try {
      statement ??= await prepare(text, options);
      const { paramTypes } = statement;
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serialize = options?.serializers?.[paramTypes[i]!] ?? pg.serializers[paramTypes[i]!];
        return serialize ? serialize(value) : String(value);
      });
      // Appended one by one: a spread of a large result's messages into push() would overflow the stack.
      const { name } = statement;
      for (const message of [
        () => protocol.serialize.bind({ statement: name, values }),
        () => protocol.serialize.describe({ type: 'P' }),
        () => protocol.serialize.execute({}),
      ]) {
        for (const reply of await send(message())) results.push(reply);
      }
    } catch (e) {
      if (statement && isStale(e)) {
        statements.delete(text);
        stale = statement.name;
      }
      // As PGlite's query() reports a failed statement.
      throw Object.assign(e as object, { query: text, params, queryOptions: options });
    } finally {
      for (const reply of await send(protocol.serialize.sync())) results.push(reply);
      // After the sync: until then the backend skips every message that follows an error.
      if (stale !== undefined) {
        await send(protocol.serialize.close({ type: 'S', name: stale }));
        await send(protocol.serialize.sync());
      }
    }
    if (!inTransaction) await pg.syncToFs();
    return pgliteParse.parseResults(results, pg.parsers, options)[0] as Results<T>;
  }

  return {
    accepts: (text) => statements.has(text) || (statements.size < MAX_STATEMENTS && NAMED_KEYWORDS.has(firstKeyword(text))),
    query: (text, params, options, inTransaction) => pg._runExclusiveQuery(() => run(text, params ?? [], options, inTransaction)),
  };
}
