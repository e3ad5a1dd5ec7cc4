import { describe, expect, it } from 'vitest';
import { jsonDepth, storableJsonProblems } from '../../../src/shared/json.js';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';

describe('storableJsonProblems', () => {
  it('accepts any JSON PostgreSQL can store', () => {
    for (const value of [undefined, null, 0, false, 'text ☃ 🚀', [], {}, [{ a: [1, 'two', null, { b: true }] }]]) {
      expect(storableJsonProblems(value, DEFAULT_LIMITS)).toEqual([]);
    }
  });

  it.each([
    ['a NUL in a string', ['x\u0000'], /NUL/],
    ['a NUL in a key', { 'k\u0000': 1 }, /NUL/],
    ['a lone surrogate', { a: ['\ud800'] }, /Unicode/],
    ['a lone surrogate in a key', { '\udc00': 1 }, /Unicode/],
  ])('rejects %s', (_name, value, problem) => {
    expect(storableJsonProblems(value, DEFAULT_LIMITS).join()).toMatch(problem);
  });

  it('limits nesting without recursing (a million levels is reported, not a stack overflow)', () => {
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(storableJsonProblems(deep, DEFAULT_LIMITS)).toEqual([
      'has 1000000 levels of nesting in a JSON document, more than the limit of 100 (jsonDepth; set by TREATY_MAX_JSON_DEPTH)',
    ]);
    const nested = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(storableJsonProblems(nested(100), DEFAULT_LIMITS)).toEqual([]);
    expect(storableJsonProblems(nested(101), DEFAULT_LIMITS)).toHaveLength(1);
    expect(storableJsonProblems(nested(3), { ...DEFAULT_LIMITS, jsonDepth: 2 })).toHaveLength(1);
  });

  it('measures depth as levels of arrays and objects', () => {
    expect([jsonDepth(1), jsonDepth(null), jsonDepth([]), jsonDepth({ a: 1 }), jsonDepth([[]]), jsonDepth({ a: [{}], b: 2 })]).toEqual([0, 0, 1, 1, 2, 3]);
  });
});
