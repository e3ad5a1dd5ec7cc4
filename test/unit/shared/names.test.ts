import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
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
    for (const name of ['Foo App', 'feat/x', 'Zoë ☃ 🚀', 'a+b', '1.0.0-rc.1+build']) expect(nameProblems(name, DEFAULT_LIMITS)).toEqual([]);
  });
  it.each([
    ['', 'cannot be blank'],
    ['   ', 'cannot be blank'],
    ['a\nb', 'cannot contain multiple lines'],
    ['a\u0000b', 'cannot contain control characters'],
    ['\ud800', 'must be valid Unicode text'],
    ['x'.repeat(256), 'has 256 characters, more than the limit of 255 (nameLength; set by TREATY_MAX_NAME_LENGTH)'],
  ])('rejects %j: %s', (name, problem) => expect(nameProblems(name, DEFAULT_LIMITS)).toContain(problem));
  it('takes the length limit from the limits it is given', () => {
    expect(nameProblems('x'.repeat(20), { nameLength: 20 })).toEqual([]);
    expect(nameProblems('x'.repeat(21), { nameLength: 20 })).toEqual(['has 21 characters, more than the limit of 20 (nameLength; set by TREATY_MAX_NAME_LENGTH)']);
  });
  it('can forbid spaces', () => expect(nameProblems('a b', DEFAULT_LIMITS, { allowSpaces: false })).toContain('cannot contain spaces'));
});
