import { describe, expect, it } from 'vitest';
import { generateDisplayName, nameProblems } from '../../../src/shared/names.js';

describe('generateDisplayName', () => {
  it.each([
    ['my-service', 'My Service'],
    ['fooBar', 'Foo Bar'],
    ['order_api', 'Order Api'],
    ['Foo', 'Foo'],
    ['Zoë café', 'Zoë Café'],
  ])('%s → %s', (name, display) => expect(generateDisplayName(name)).toBe(display));
});

describe('nameProblems', () => {
  it('accepts any Unicode text with spaces and slashes', () => {
    for (const name of ['Foo App', 'feat/x', 'Zoë ☃ 🚀', 'a+b', '1.0.0-rc.1+build']) expect(nameProblems(name)).toEqual([]);
  });
  it.each([
    ['', 'cannot be blank'],
    ['   ', 'cannot be blank'],
    ['a\nb', 'cannot contain multiple lines'],
    ['a\u0000b', 'cannot contain control characters'],
    ['\ud800', 'must be valid Unicode text'],
    ['x'.repeat(256), 'must be at most 255 characters'],
  ])('rejects %j: %s', (name, problem) => expect(nameProblems(name)).toContain(problem));
  it('can forbid spaces', () => expect(nameProblems('a b', { allowSpaces: false })).toContain('cannot contain spaces'));
});
