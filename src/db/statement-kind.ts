// What a statement's text says it does, by keyword: the one classifier behind both stores' write tracking (PGlite's
// write generation in src/db/client.ts, PostgreSQL's write stamp in src/db/write-stamp.ts) and behind which statements
// PGlite runs as named statements (src/db/pglite-statements.ts). It errs towards "may
// write": a read wrongly taken for a write only costs a cache entry, a write taken for a read would serve stale data.

export type StatementKind =
  /** Cannot change data: a select, a with-query without a data-modifying part, show/explain, session settings. */
  | 'read'
  /** Changes rows: insert/update/delete/merge/truncate/copy, or a with-query with one of them. */
  | 'data'
  /** Anything else that may change the store: DDL (create/alter/drop), vacuum, grant, call, do… */
  | 'other'
  | 'begin'
  | 'commit'
  | 'rollback'
  /** savepoint, release, rollback to: inside a transaction, never its end. */
  | 'savepoint';

// Leading whitespace and comments, skipped so that a commented statement is classified by what it runs.
const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const FIRST_WORD = /^[a-z]+/i;
const SAVEPOINT = /^(savepoint|release|rollback\s+to)\b/i;
const MODIFYING = /\b(insert|update|delete|merge|truncate)\b/i;
const ANALYZE = /^explain\s*(\([^)]*\banalyze\b|\s+analyze\b)/i;
/** A second statement after a semicolon (the simple query protocol runs them all). */
const MORE_STATEMENTS = /;\s*\S/;

const BY_FIRST_WORD: Record<string, StatementKind> = {
  select: 'read',
  values: 'read',
  table: 'read',
  show: 'read',
  explain: 'read',
  set: 'read',
  reset: 'read',
  discard: 'read',
  deallocate: 'read',
  listen: 'read',
  unlisten: 'read',
  insert: 'data',
  update: 'data',
  delete: 'data',
  merge: 'data',
  truncate: 'data',
  copy: 'data',
  begin: 'begin',
  start: 'begin',
  commit: 'commit',
  end: 'commit',
  rollback: 'rollback',
  abort: 'rollback',
};

/** The text after its leading whitespace and comments. */
const bodyOf = (text: string): string => text.slice(LEADING.exec(text)![0].length);
const firstWordOf = (body: string): string => FIRST_WORD.exec(body)?.[0].toLowerCase() ?? '';

/** The statement's first keyword, lower case, after leading whitespace and comments ('' when none). */
export const firstKeyword = (text: string): string => firstWordOf(bodyOf(text));

export function statementKind(text: string): StatementKind {
  const body = bodyOf(text);
  if (SAVEPOINT.test(body)) return 'savepoint';
  const word = firstWordOf(body);
  const kind = word === 'with' ? (MODIFYING.test(body) ? 'data' : 'read') : (BY_FIRST_WORD[word] ?? 'other');
  // EXPLAIN ANALYZE runs its statement; a read followed by more statements may be followed by a write.
  if (kind === 'read' && MODIFYING.test(body) && (ANALYZE.test(body) || MORE_STATEMENTS.test(body))) return 'data';
  return kind;
}

/** True when the statement cannot change data (see statementKind's 'read'). */
export const readsOnly = (text: string): boolean => statementKind(text) === 'read';
