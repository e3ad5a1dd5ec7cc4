import { describe, expect, it, vi } from 'vitest';
import { createAccessControl, TOKEN_STATE_RECHECK_MS } from '../../../src/auth/access-control.js';
import type { TokensService } from '../../../src/auth/tokens.service.js';
import { loadConfig } from '../../../src/config.js';
import { logAccessControlState } from '../../../src/http/authorization.js';

function tokensWith(usable: () => boolean, known: Record<string, { uuid: string; role: 'read' | 'ci' | 'admin' }> = {}) {
  const anyUsable = vi.fn(async () => usable());
  return { anyUsable, authenticate: async (secret: string) => known[secret] } as unknown as TokensService & { anyUsable: typeof anyUsable };
}

const ENV = {
  TREATY_BASIC_AUTH_USERNAME: 'rw',
  TREATY_BASIC_AUTH_PASSWORD: 'rw-pass',
  TREATY_BASIC_AUTH_READ_ONLY_USERNAME: 'ro',
  TREATY_BASIC_AUTH_READ_ONLY_PASSWORD: 'ro-pass',
  TREATY_ADMIN_TOKEN: 'bootstrap-token-0123456789',
};

describe('access control', () => {
  it('is off without credentials until a usable token exists, asking the database at most every 5 s', async () => {
    let usable = false;
    let now = 0;
    const tokens = tokensWith(() => usable);
    const ac = createAccessControl({ settings: loadConfig({}).auth, tokens, now: () => now });
    expect(ac.knownState()).toBeUndefined(); // not asked yet
    expect(await ac.isOn()).toBe(false);
    usable = true;
    expect(await ac.isOn()).toBe(false); // cached
    expect(ac.knownState()).toBe(false);
    now += TOKEN_STATE_RECHECK_MS;
    expect(ac.knownState()).toBeUndefined(); // stale: the next request asks
    expect(await ac.isOn()).toBe(true);
    expect(ac.knownState()).toBe(true);
    expect(tokens.anyUsable).toHaveBeenCalledTimes(2);
    usable = false;
    ac.invalidate(); // a revocation in this process is seen at once
    expect(ac.knownState()).toBeUndefined();
    expect(await ac.isOn()).toBe(false);
  });

  it('is on for good once a credential is configured, without asking the database', async () => {
    const tokens = tokensWith(() => false);
    const ac = createAccessControl({ settings: loadConfig({ TREATY_ADMIN_TOKEN: 'x'.repeat(16) }).auth, tokens });
    expect(await ac.isOn()).toBe(true);
    expect(ac.knownState()).toBe(true);
    expect(tokens.anyUsable).not.toHaveBeenCalled();
  });

  it('maps credentials to principals', async () => {
    const ac = createAccessControl({ settings: loadConfig(ENV).auth, tokens: tokensWith(() => true, { treaty_ci: { uuid: 'u-1', role: 'ci' } }) });
    expect(await ac.authenticate({ scheme: 'basic', username: 'rw', password: 'rw-pass' })).toEqual({ kind: 'basic', id: 'rw', role: 'admin' });
    expect(await ac.authenticate({ scheme: 'basic', username: 'ro', password: 'ro-pass' })).toEqual({ kind: 'basic', id: 'ro', role: 'read' });
    expect(await ac.authenticate({ scheme: 'basic', username: 'ro', password: 'rw-pass' })).toBeUndefined();
    expect(await ac.authenticate({ scheme: 'basic', username: 'rw', password: '' })).toBeUndefined();
    expect(await ac.authenticate({ scheme: 'bearer', token: 'bootstrap-token-0123456789' })).toEqual({ kind: 'bootstrap', id: 'TREATY_ADMIN_TOKEN', role: 'admin' });
    expect(await ac.authenticate({ scheme: 'bearer', token: 'treaty_ci' })).toEqual({ kind: 'token', id: 'u-1', role: 'ci' });
    expect(await ac.authenticate({ scheme: 'bearer', token: 'treaty_unknown' })).toBeUndefined();
    expect(ac.anonymous()).toEqual({ kind: 'anonymous', id: null, role: null });
    const publicRead = createAccessControl({ settings: loadConfig({ ...ENV, TREATY_ALLOW_PUBLIC_READ: 'true' }).auth, tokens: tokensWith(() => false) });
    expect(publicRead.anonymous()).toEqual({ kind: 'anonymous', id: null, role: 'read' });
  });
});

describe('the start-up log', () => {
  function logged(host: string, env: Record<string, string> = {}) {
    const lines: Array<[string, string]> = [];
    const record = (level: string) => (...args: unknown[]) => lines.push([level, String(args.find((a) => typeof a === 'string'))]);
    const app = { log: { info: record('info'), warn: record('warn'), error: record('error') } };
    const ac = createAccessControl({ settings: loadConfig(env).auth, tokens: tokensWith(() => false) });
    return logAccessControlState(app as never, ac, { host }).then(() => lines);
  }

  it('says loudly that the broker is open, and warns naming the variables on a non-loopback address', async () => {
    const local = await logged('127.0.0.1');
    expect(local).toHaveLength(1);
    expect(local[0]![0]).toBe('warn');
    expect(local[0]![1]).toMatch(/ACCESS CONTROL IS OFF/);
    const network = await logged('0.0.0.0');
    expect(network).toHaveLength(2);
    expect(network[1]![1]).toMatch(/TREATY_BASIC_AUTH_USERNAME.*TREATY_BASIC_AUTH_PASSWORD.*TREATY_ADMIN_TOKEN/);
  });

  it('is quiet (info) when access control is on, and never prints a secret', async () => {
    const lines = await logged('0.0.0.0', ENV);
    expect(lines).toEqual([['info', 'Access control is on']]);
    expect(JSON.stringify(lines)).not.toMatch(/rw-pass|bootstrap-token/);
  });
});
