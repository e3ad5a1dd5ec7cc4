// The statement classifier both stores' write tracking trusts (src/db/statement-kind.ts).
import { describe, expect, it } from 'vitest';
import { firstKeyword, readsOnly, statementKind } from '../../../src/db/statement-kind.js';

describe('statementKind', () => {
  it.each([
    'select 1',
    '  SELECT * from pacticipants where id = $1',
    'values (1), (2)',
    'show server_version',
    'explain select * from versions',
    'set statement_timeout = 5000',
    'reset all',
    'discard all',
    'deallocate q1',
    'listen treaty',
    'unlisten *',
    '-- a comment\nselect 1',
    '/* a comment */ select 1',
    'select updated_at, deleted from versions', // keywords only as whole words
    'with p as (select id from pacticipants) select count(*) from p',
    'select 1;',
  ])('reads only: %s', (text) => {
    expect(statementKind(text)).toBe('read');
    expect(readsOnly(text)).toBe(true);
  });

  it.each([
    'insert into pacticipants (name) values ($1)',
    'UPDATE versions set branch = $1',
    'delete from tags',
    'merge into t using s on t.id = s.id when matched then delete',
    'truncate table pacticipants restart identity cascade',
    'copy versions from stdin',
    'with gone as (delete from pacticipants where id = $1 returning id) select count(*) from gone',
    'WITH x AS (select 1) INSERT INTO t select * from x',
    '-- hides the write from a naive check\ndelete from tags',
    '/* so does this */ update versions set branch = null',
    'explain analyze delete from tags',
    'explain (analyze, buffers) update versions set branch = null',
    'select 1; delete from tags',
  ])('changes data: %s', (text) => {
    expect(statementKind(text)).toBe('data');
    expect(readsOnly(text)).toBe(false);
  });

  it.each(['create table t (id int)', 'alter table versions add column x int', 'drop index i', 'vacuum analyze versions', 'grant select on t to r', 'call p()', 'do $$ begin end $$', ''])(
    'may change the store otherwise (DDL and the like): %s',
    (text) => {
      expect(statementKind(text)).toBe('other');
      expect(readsOnly(text)).toBe(false);
    },
  );

  it.each([
    ['begin', 'begin'],
    ['BEGIN ISOLATION LEVEL READ COMMITTED', 'begin'],
    ['start transaction', 'begin'],
    ['commit', 'commit'],
    ['end', 'commit'],
    ['rollback', 'rollback'],
    ['abort', 'rollback'],
    ['savepoint s1', 'savepoint'],
    ['release savepoint s1', 'savepoint'],
    ['rollback to savepoint s1', 'savepoint'],
    ['ROLLBACK TO s1', 'savepoint'],
  ] as const)('transaction control: %s', (text, kind) => {
    expect(statementKind(text)).toBe(kind);
    expect(readsOnly(text)).toBe(false);
  });
});

describe('firstKeyword', () => {
  it.each([
    ['select 1', 'select'],
    ['  \n WITH x as (select 1) select * from x', 'with'],
    ['-- why\n/* and how */ INSERT into t values (1)', 'insert'],
    ['/* only a comment */', ''],
    ['', ''],
  ])('%j → %j', (text, keyword) => {
    expect(firstKeyword(text)).toBe(keyword);
  });
});
