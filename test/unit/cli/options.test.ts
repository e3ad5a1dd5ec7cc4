import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/shared/exit-codes.js';
import { resolveBroker } from '../../../cli/shared/options.js';

describe('resolveBroker', () => {
  it('takes the flag before TREATY_* before PACT_BROKER_*', () => {
    const env = { TREATY_BROKER_URL: 'http://treaty:1', PACT_BROKER_BASE_URL: 'http://pact:2' };
    expect(resolveBroker({ brokerBaseUrl: 'http://flag:3/' }, env).baseUrl).toBe('http://flag:3');
    expect(resolveBroker({}, env).baseUrl).toBe('http://treaty:1');
    expect(resolveBroker({}, { PACT_BROKER_BASE_URL: 'http://pact:2/broker/' }).baseUrl).toBe('http://pact:2/broker');
  });

  it('reads the token and basic auth from flags or either family of variables; a token wins', () => {
    const url = { TREATY_BROKER_URL: 'http://b' };
    expect(resolveBroker({}, { ...url, PACT_BROKER_TOKEN: 't1' }).auth).toEqual({ kind: 'token', token: 't1' });
    expect(resolveBroker({ brokerToken: 'flag' }, { ...url, TREATY_BROKER_TOKEN: 't2' }).auth).toEqual({ kind: 'token', token: 'flag' });
    expect(resolveBroker({}, { ...url, TREATY_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' }).auth).toEqual({ kind: 'basic', username: 'u', password: 'p' });
    expect(resolveBroker({ brokerUsername: 'u' }, { ...url, TREATY_BROKER_TOKEN: 't' }).auth.kind).toBe('token');
    expect(resolveBroker({}, url).auth).toEqual({ kind: 'none' });
  });

  it('moves credentials out of the URL so they are never printed', () => {
    const c = resolveBroker({ brokerBaseUrl: 'https://me:s3cret@broker.example/x' }, {});
    expect(c.baseUrl).toBe('https://broker.example/x');
    expect(c.auth).toEqual({ kind: 'basic', username: 'me', password: 's3cret' });
  });

  it('refuses a missing, malformed or non-HTTP URL as a usage error (exit 3)', () => {
    for (const flags of [{}, { brokerBaseUrl: 'not a url' }, { brokerBaseUrl: 'ftp://x' }]) {
      try {
        resolveBroker(flags, {});
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        expect((error as CliError).exitCode).toBe(3);
      }
    }
    expect(() => resolveBroker({}, {})).toThrow(/--broker-base-url \(-b\) or set TREATY_BROKER_URL/);
  });
});
