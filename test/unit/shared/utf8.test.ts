// utf8Concat must give exactly Buffer.from(parts.join('')): ASCII, multi-byte and astral characters, lone surrogates
// inside a part (written as U+FFFD, as Buffer.from does) and empty parts. A surrogate pair split across two parts is
// not joined (each part is encoded on its own): callers pass whole JSON texts, which never split a character.
import { describe, expect, it } from 'vitest';
import { utf8Concat } from '../../../src/shared/utf8.js';

describe('utf8Concat', () => {
  it('is Buffer.from(parts.join("")) byte for byte', () => {
    const cases: string[][] = [
      [],
      [''],
      ['{"a":1}', '', ',', '"ü€"'],
      ['x😀y', '😀', 'z'],
      ['lone \ud800 high', 'lone \udc00 low'],
      [`${'a'.repeat(5000)}é`, 'b'.repeat(70_000)],
    ];
    for (const parts of cases) expect(utf8Concat(parts).equals(Buffer.from(parts.join('')))).toBe(true);
  });
});
