import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_LIMITS, LIMIT_SETTINGS } from '../../src/shared/limits.js';

describe('loadConfig', () => {
  it('has defaults that start the embedded store on 0.0.0.0:9292', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9292,
      dataDir: './data',
      logLevel: 'info',
      allowDangerousContractModification: false,
      migrateOnStart: true,
    });
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.limits.bodyBytes).toBe(10 * 1024 * 1024);
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the job runner settings, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ jobsPollMs: 1000, jobsLeaseMs: 60_000, jobsConcurrency: 4 });
    const config = loadConfig({ TREATY_JOBS_POLL_MS: '250', TREATY_JOBS_LEASE_MS: '30000', TREATY_JOBS_CONCURRENCY: '8' });
    expect(config).toMatchObject({ jobsPollMs: 250, jobsLeaseMs: 30_000, jobsConcurrency: 8 });
    expect(() => loadConfig({ TREATY_JOBS_LEASE_MS: '100' })).toThrow(/TREATY_JOBS_LEASE_MS/);
    expect(() => loadConfig({ TREATY_JOBS_CONCURRENCY: '0' })).toThrow(/TREATY_JOBS_CONCURRENCY/);
  });

  it('accepts the Pact Broker image names as aliases', () => {
    const config = loadConfig({
      PACT_BROKER_PORT: '9000',
      PACT_BROKER_DATABASE_URL: 'postgres://u@db:5432/pact',
      PACT_BROKER_BASE_URL: 'https://broker.example.com/ http://other',
      PACT_BROKER_LOG_LEVEL: 'WARN',
      PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'true',
    });
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://u@db:5432/pact',
      baseUrl: 'https://broker.example.com',
      logLevel: 'warn',
      allowDangerousContractModification: true,
    });
  });

  it("prefers Treaty's own names over the aliases", () => {
    expect(loadConfig({ PORT: '1234', PACT_BROKER_PORT: '9000' }).port).toBe(1234);
    expect(loadConfig({ DATABASE_URL: 'postgresql://a/b', PACT_BROKER_DATABASE_URL: 'postgres://c/d' }).databaseUrl).toBe('postgresql://a/b');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TREATY_BASE_URL: 'not a url' }, 'TREATY_BASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TREATY_BODY_LIMIT_BYTES: '-1' }, 'TREATY_BODY_LIMIT_BYTES'],
    [{ TREATY_MAX_TAGS_PER_REQUEST: '0' }, 'TREATY_MAX_TAGS_PER_REQUEST'],
    [{ TREATY_MAX_JSON_DEPTH: 'deep' }, 'TREATY_MAX_JSON_DEPTH'],
    [{ PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'maybe' }, 'PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION'],
  ])('rejects %o naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('reads every limit from its own variable', () => {
    const env = Object.fromEntries(Object.values(LIMIT_SETTINGS).map((s, i) => [s.variable, String(s.minimum + i + 1)]));
    const limits = loadConfig(env).limits;
    Object.entries(LIMIT_SETTINGS).forEach(([key, s], i) => expect(limits[key as keyof typeof limits]).toBe(s.minimum + i + 1));
    expect(Object.isFrozen(limits)).toBe(true);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toContain('PORT');
      expect(String(error)).toContain('LOG_LEVEL');
    }
  });

  it('TREATY_TRUST_PROXY takes Fastify trustProxy meanings and is off by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TREATY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TREATY_TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
    expect(loadConfig({ TREATY_TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ TREATY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TREATY_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['yes', '10.0.0.0/33', 'evil.example', '10.0.0.1/8/1', '1.2.3.4,']) {
      expect(() => loadConfig({ TREATY_TRUST_PROXY: bad }), bad).toThrow('TREATY_TRUST_PROXY');
    }
  });

  it('reads the webhook allow lists, space separated, with the Pact Broker names as aliases', () => {
    expect(loadConfig({})).toMatchObject({ webhookSchemes: ['https'], webhookMethods: ['POST'], webhookHosts: undefined });
    const config = loadConfig({
      TREATY_WEBHOOK_SCHEME_ALLOWLIST: ' HTTPS  http ',
      TREATY_WEBHOOK_METHOD_ALLOWLIST: 'post put',
      TREATY_WEBHOOK_HOST_ALLOWLIST: 'github.com *.example.com 10.0.0.0/8 /.*\\.foo\\.com$/',
    });
    expect(config).toMatchObject({
      webhookSchemes: ['https', 'http'],
      webhookMethods: ['POST', 'PUT'],
      webhookHosts: ['github.com', '*.example.com', '10.0.0.0/8', '/.*\\.foo\\.com$/'],
    });
    expect(Object.isFrozen(config.webhookHosts)).toBe(true);
    expect(
      loadConfig({
        PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http',
        PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'GET',
        PACT_BROKER_WEBHOOK_HOST_WHITELIST: 'ci.local',
      }),
    ).toMatchObject({ webhookSchemes: ['http'], webhookMethods: ['GET'], webhookHosts: ['ci.local'] });
    expect(() => loadConfig({ TREATY_WEBHOOK_HOST_ALLOWLIST: 'ok /[/' })).toThrow(/TREATY_WEBHOOK_HOST_ALLOWLIST: \/\[\/ is not a valid regular expression/);
    expect(() => loadConfig({ PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'ht%tp' })).toThrow(/PACT_BROKER_WEBHOOK_SCHEME_WHITELIST/);
    expect(() => loadConfig({ TREATY_WEBHOOK_METHOD_ALLOWLIST: 'PO-ST' })).toThrow(/TREATY_WEBHOOK_METHOD_ALLOWLIST/);
  });

  it('reads the webhook attempt timeout (default 10 s)', () => {
    expect(loadConfig({}).webhookTimeoutMs).toBe(10_000);
    expect(loadConfig({ TREATY_WEBHOOK_TIMEOUT_MS: '2500' }).webhookTimeoutMs).toBe(2500);
    expect(() => loadConfig({ TREATY_WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/TREATY_WEBHOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ TREATY_WEBHOOK_TIMEOUT_MS: '0' })).toThrow(/TREATY_WEBHOOK_TIMEOUT_MS/);
  });

  describe('access control settings', () => {
    it('are off by default with 20 failures per 60 s', () => {
      expect(loadConfig({}).auth).toMatchObject({
        basic: undefined,
        readOnlyBasic: undefined,
        allowPublicRead: false,
        publicHeartbeat: false,
        publicBadgeAccess: false,
        adminToken: undefined,
        failureLimit: 20,
        failureWindowSeconds: 60,
      });
    });

    it("read Treaty's names, then the Pact Broker image's", () => {
      const auth = loadConfig({
        PACT_BROKER_BASIC_AUTH_USERNAME: 'pb-rw',
        PACT_BROKER_BASIC_AUTH_PASSWORD: 'pb-rw-pass',
        PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: 'pb-ro',
        PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: ' spaced ',
        PACT_BROKER_ALLOW_PUBLIC_READ: 'true',
        PACT_BROKER_PUBLIC_HEARTBEAT: 'true',
        PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS: 'true',
        TREATY_BASIC_AUTH_USERNAME: 'treaty-rw',
        TREATY_BASIC_AUTH_PASSWORD: 'treaty-pass',
        TREATY_AUTH_FAILURE_LIMIT: '5',
        TREATY_AUTH_FAILURE_WINDOW_SECONDS: '10',
      }).auth;
      expect(auth).toMatchObject({
        basic: { username: 'treaty-rw', password: 'treaty-pass' },
        readOnlyBasic: { username: 'pb-ro', password: ' spaced ' },
        allowPublicRead: true,
        publicHeartbeat: true,
        publicBadgeAccess: true,
        failureLimit: 5,
        failureWindowSeconds: 10,
      });
    });

    it('refuse a short TREATY_ADMIN_TOKEN and a half-configured basic user', () => {
      expect(() => loadConfig({ TREATY_ADMIN_TOKEN: 'short' })).toThrow(/TREATY_ADMIN_TOKEN: must be at least 16 characters/);
      expect(loadConfig({ TREATY_ADMIN_TOKEN: 'a'.repeat(16) }).auth.adminToken).toBe('a'.repeat(16));
      expect(() => loadConfig({ TREATY_BASIC_AUTH_USERNAME: 'only-user' })).toThrow(/must be set together/);
      expect(() => loadConfig({ TREATY_AUTH_FAILURE_LIMIT: '0' })).toThrow(/TREATY_AUTH_FAILURE_LIMIT/);
      expect(() => loadConfig({ TREATY_ALLOW_PUBLIC_READ: 'maybe' })).toThrow(/TREATY_ALLOW_PUBLIC_READ/);
    });

    it('never serialise a secret', () => {
      const config = loadConfig({ TREATY_BASIC_AUTH_USERNAME: 'rw', TREATY_BASIC_AUTH_PASSWORD: 'hunter2-password', TREATY_ADMIN_TOKEN: 'bootstrap-secret-value' });
      const text = JSON.stringify(config);
      expect(text).not.toContain('hunter2-password');
      expect(text).not.toContain('bootstrap-secret-value');
      expect(text).toContain('[redacted]');
    });
  });

  it('reads the audit retention in days (default 90, at least 1)', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(90);
    expect(loadConfig({ TREATY_AUDIT_RETENTION_DAYS: '7' }).auditRetentionDays).toBe(7);
    expect(() => loadConfig({ TREATY_AUDIT_RETENTION_DAYS: '0' })).toThrow(/TREATY_AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig({ TREATY_AUDIT_RETENTION_DAYS: 'forever' })).toThrow(/TREATY_AUDIT_RETENTION_DAYS/);
  });
});
