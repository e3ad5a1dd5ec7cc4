import { describe, expect, it } from 'vitest';
import { parseNestedQuery } from '../../../src/http/nested-query.js';

describe('parseNestedQuery (Rack rules)', () => {
  it('starts a new hash whenever a key repeats', () => {
    expect(parseNestedQuery('q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod')).toEqual({
      q: [
        { pacticipant: 'Foo', version: '1' },
        { pacticipant: 'Bar', latest: 'true', tag: 'prod' },
      ],
    });
  });

  it('accepts encoded brackets, `+` as space, arrays, hashes and plain values', () => {
    expect(parseNestedQuery('?s%5B%5D%5Bt%5D=a+b&tags[]=x&tags[]=y&h[k]=v&plain=1&empty')).toEqual({
      s: [{ t: 'a b' }],
      tags: ['x', 'y'],
      h: { k: 'v' },
      plain: '1',
      empty: '',
    });
  });

  it('ignores malformed keys and keeps undecodable text as it is', () => {
    expect(parseNestedQuery('a]b=1&ok=%E0%A4%A')).toEqual({ ok: '%E0%A4%A' });
  });
});
