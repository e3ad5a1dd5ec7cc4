// New routes are refused by default: a route registered without a policy entry is listed in an error at start-up and
// answered 403 for every caller, even the bootstrap admin.
import { Writable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import { AUTH_ENV, bearer, BOOTSTRAP_TOKEN } from '../support/auth.js';
import { openTestDatabase } from '../support/test-app.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

it('logs routes without a policy entry at start-up and refuses them for everyone', async () => {
  const { database, drop } = await openTestDatabase();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const container = createContainer({ config: loadConfig({ ...AUTH_ENV, TREATY_LOG_LEVEL: 'info' }), database });
  const app = await buildApp({ container, logger: { level: 'info', stream } });
  app.get('/unlisted-route', async () => ({ secret: 'data' }));
  app.post('/another-unlisted', async () => ({}));
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    await database.close();
    await drop();
  });

  const error = lines.map((l) => JSON.parse(l)).find((l) => l.level === 50 && Array.isArray(l.missing));
  expect(error?.missing).toEqual(['GET /unlisted-route', 'HEAD /unlisted-route', 'POST /another-unlisted']);
  expect(error?.msg).toMatch(/src\/http\/authorization-policy\.ts/);

  const res = await app.inject({ method: 'GET', url: '/unlisted-route', headers: { authorization: bearer(BOOTSTRAP_TOKEN) } });
  expect(res.statusCode).toBe(403);
  expect(res.json().detail).toMatch(/no authorization policy entry/);
  expect(res.body).not.toContain('data');

  // Failed attempts are logged with the address, scheme and reason, never the secret.
  lines.length = 0;
  const wrongPassword = 'wrong-password-value';
  const wrongToken = `treaty_${'Q'.repeat(43)}`;
  await app.inject({ method: 'GET', url: '/pacticipants', headers: { authorization: `Basic ${Buffer.from(`rw-user:${wrongPassword}`).toString('base64')}` } });
  await app.inject({ method: 'GET', url: '/pacticipants', headers: { authorization: bearer(wrongToken) } });
  const failures = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'authentication failed');
  expect(failures.map((f) => [f.scheme, f.user, f.reason])).toEqual([
    ['basic', 'rw-user', 'unknown basic user or wrong password'],
    ['bearer', undefined, 'unknown, expired or revoked token'],
  ]);
  const all = lines.join('\n');
  expect(all).not.toContain(wrongPassword);
  expect(all).not.toContain('QQQQQQQQ');
  expect(all).not.toContain(Buffer.from(`rw-user:${wrongPassword}`).toString('base64'));
});
