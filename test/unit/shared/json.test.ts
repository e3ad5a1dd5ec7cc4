import { describe, expect, it } from 'vitest';
import { storableJsonProblems } from '../../../src/shared/json.js';

describe('storableJsonProblems', () => {
  it('accepts any JSON PostgreSQL can store', () => {
    for (const value of [undefined, null, 0, false, 'text ☃ 🚀', [], {}, [{ a: [1, 'two', null, { b: true }] }]]) {
      expect(storableJsonProblems(value)).toEqual([]);
    }
  });

  it.each([
    ['a NUL in a string', ['x\u0000'], /NUL/],
    ['a NUL in a key', { 'k\u0000': 1 }, /NUL/],
    ['a lone surrogate', { a: ['\ud800'] }, /Unicode/],
    ['a lone surrogate in a key', { '\udc00': 1 }, /Unicode/],
  ])('rejects %s', (_name, value, problem) => {
    expect(storableJsonProblems(value).join()).toMatch(problem);
  });

  it('limits nesting without recursing (a million levels is reported, not a stack overflow)', () => {
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(storableJsonProblems(deep)).toEqual(['cannot be nested more than 100 levels deep']);
    const nested = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(storableJsonProblems(nested(100))).toEqual([]);
    expect(storableJsonProblems(nested(101))).toHaveLength(1);
    expect(storableJsonProblems(nested(3), 2)).toHaveLength(1);
  });
});
