import { describe, expect, it } from 'vitest';
import { MAX_AUTHORIZATION_LENGTH, parseAuthorization, secretsEqual } from '../../../src/auth/credentials.js';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseAuthorization', () => {
  it('reads Basic user:password (UTF-8), the password may contain colons', () => {
    expect(parseAuthorization(basic('ci:s3cr:et'))).toEqual({ scheme: 'basic', username: 'ci', password: 's3cr:et' });
    expect(parseAuthorization(basic('jürgen:pässwörd☃'))).toEqual({ scheme: 'basic', username: 'jürgen', password: 'pässwörd☃' });
    expect(parseAuthorization(`basic ${Buffer.from('a:b').toString('base64')}`)).toMatchObject({ scheme: 'basic', username: 'a' });
  });

  it('keeps an empty password or user name (the comparison refuses them, not the parser)', () => {
    expect(parseAuthorization(basic('user:'))).toEqual({ scheme: 'basic', username: 'user', password: '' });
    expect(parseAuthorization(basic(':pw'))).toEqual({ scheme: 'basic', username: '', password: 'pw' });
  });

  it('reads Bearer tokens, scheme case-insensitive', () => {
    expect(parseAuthorization('Bearer treaty_abc-_DEF')).toEqual({ scheme: 'bearer', token: 'treaty_abc-_DEF' });
    expect(parseAuthorization('bearer abc')).toEqual({ scheme: 'bearer', token: 'abc' });
  });

  it('has nothing for a missing or blank header', () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(parseAuthorization('   ')).toBeUndefined();
  });

  it.each([
    ['no colon', basic('justauser')],
    ['not base64', 'Basic !!!notbase64'],
    ['invalid UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`],
    ['NUL in the password', basic('user:pa\u0000ss')],
    ['scheme only', 'Basic'],
    ['bearer only', 'Bearer'],
    ['two values', 'Bearer abc def'],
    ['unknown scheme', 'Digest username="x"'],
    ['garbage', '\u0000\u0001'],
    ['bearer with a NUL', 'Bearer abc\u0000def'],
    ['bearer with quotes', 'Bearer "abc"'],
    ['too long', `Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`],
  ])('calls a header malformed: %s', (_what, header) => {
    expect(parseAuthorization(header)).toMatchObject({ scheme: 'malformed' });
  });
});

describe('secretsEqual', () => {
  it('compares whole strings of any length', () => {
    expect(secretsEqual('secret', 'secret')).toBe(true);
    expect(secretsEqual('secret', 'secreT')).toBe(false);
    expect(secretsEqual('secret', 'secret-and-more')).toBe(false);
    expect(secretsEqual('', 'x')).toBe(false);
    expect(secretsEqual('x'.repeat(10_000), 'x'.repeat(10_000))).toBe(true);
  });

  it('treats composed and decomposed unicode alike', () => {
    expect(secretsEqual('caf\u00e9', 'cafe\u0301')).toBe(true);
  });
});
