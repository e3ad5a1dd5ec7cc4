// Access control with the official clients: the Rust CLI (`pact broker …`, `pact verifier`) and the pact-js Verifier
// against a Treaty with basic users and API tokens configured, authenticating with --broker-token and with
// --broker-username/--broker-password, and refused with a message a person can act on otherwise; and Treaty's own
// CLI managing tokens through the real API.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactDocument } from '../support/pacts.js';
import { AUTH_ENV, BOOTSTRAP_TOKEN, RO_USER, RW_USER } from '../support/auth.js';
import { pactBroker, pactVerifier, seg, startBroker, type RunningBroker } from './broker.js';
import { treaty } from './treaty-cli.js';

const CONSUMER = 'web';
const PROVIDER = 'orders';
let broker: RunningBroker;
let provider: Server;
let providerUrl: string;
let pactsDir: string;
const tokens: Record<'read' | 'ci' | 'admin', string> = { read: '', ci: '', admin: '' };

/** The provider version of the newest verification result of the consumer's version w2. */
async function latestVerifiedBy(): Promise<{ success: boolean; providerVersion: string }> {
  const res = await api('GET', `/verification-results/consumer/${CONSUMER}/version/w2/latest`, `Bearer ${tokens.read}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const [result] = res.body._embedded.verificationResults;
  return { success: result.success, providerVersion: result.providerApplicationVersion };
}

async function api(method: string, path: string, authorization: string | undefined, body?: unknown) {
  const res = await fetch(`${broker.baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/hal+json',
      ...(authorization ? { authorization } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
}

beforeAll(async () => {
  broker = await startBroker(AUTH_ENV);
  for (const role of ['read', 'ci', 'admin'] as const) {
    const res = await api('POST', '/tokens', `Bearer ${BOOTSTRAP_TOKEN}`, { name: `${role} pipeline`, role });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    tokens[role] = res.body.token;
  }
  pactsDir = await mkdtemp(join(tmpdir(), 'treaty-auth-pacts-'));
  await writeFile(join(pactsDir, 'web-orders.json'), JSON.stringify(pactDocument({ consumer: CONSUMER, provider: PROVIDER, interactions: ['get thing 1'] })));
  provider = createServer((req, res) => {
    const match = /^\/things\/(\d+)$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(500).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: Number(match[1]) }));
  });
  await new Promise<void>((done) => provider.listen(0, '127.0.0.1', done));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => provider?.close(done));
  await broker?.close();
  if (pactsDir) await rm(pactsDir, { recursive: true, force: true });
});

const withToken = (role: keyof typeof tokens) => ['--broker-token', tokens[role]];
const asRw = ['--broker-username', RW_USER.username, '--broker-password', RW_USER.password];
const asRo = ['--broker-username', RO_USER.username, '--broker-password', RO_USER.password];
const cli = (command: string, ...args: string[]) => pactBroker(broker.baseUrl, command, args);

describe('pact broker (official CLI) under access control', () => {
  it('refuses to publish without credentials, with the 401 message', async () => {
    const run = await cli('publish', pactsDir, '--consumer-app-version', 'w0', '--branch', 'main');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/Authentication required/);
    expect((await api('GET', `/pacticipants/${seg(CONSUMER)}`, `Bearer ${tokens.read}`)).status).toBe(404);
  });

  it('publishes with a ci token and with the read-write basic user', async () => {
    const byToken = await cli('publish', pactsDir, '--consumer-app-version', 'w1', '--branch', 'main', ...withToken('ci'));
    expect(byToken.code, byToken.output).toBe(0);
    expect(byToken.stdout).toContain(`Pact successfully published for ${CONSUMER} version w1 and provider ${PROVIDER}.`);
    const byBasic = await cli('publish', pactsDir, '--consumer-app-version', 'w2', '--branch', 'main', ...asRw);
    expect(byBasic.code, byBasic.output).toBe(0);
    expect(byBasic.stdout).toContain(`Pact successfully published for ${CONSUMER} version w2 and provider ${PROVIDER}.`);
  });

  it('refuses to publish with a read token or the read-only user, naming the ci role', async () => {
    for (const args of [withToken('read'), asRo]) {
      const run = await cli('publish', pactsDir, '--consumer-app-version', 'w3', '--branch', 'main', ...args);
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/needs the ci role/);
    }
  });

  it('refuses a webhook to a ci token, naming the admin role', async () => {
    const args = ['https://ci.example/hook', '--request', 'POST', '--consumer', CONSUMER, '--provider', PROVIDER, '--contract-content-changed'];
    const refused = await cli('create-webhook', ...args, ...withToken('ci'));
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/needs the admin role/);
    const created = await cli('create-webhook', ...args, ...withToken('admin'));
    expect(created.code, created.output).toBe(0);
  });

  it('verifies with the Rust verifier and a ci token, records deployments, and answers can-i-deploy with a token and with basic auth', async () => {
    const url = new URL(providerUrl);
    const verify = await pactVerifier(broker.baseUrl, [
      '--provider-name', PROVIDER,
      '--provider-version', 'p1',
      '--provider-branch', 'main',
      '--publish',
      '--consumer-version-selectors', '{"mainBranch":true}',
      '--hostname', url.hostname,
      '--port', url.port,
      '--token', tokens.ci,
    ]);
    expect(verify.code, verify.output).toBe(0);
    expect(await latestVerifiedBy()).toEqual({ providerVersion: 'p1', success: true });

    const deployProvider = await cli('record-deployment', '--pacticipant', PROVIDER, '--version', 'p1', '--environment', 'production', ...withToken('ci'));
    expect(deployProvider.code, deployProvider.output).toBe(0);
    const refused = await cli('record-deployment', '--pacticipant', CONSUMER, '--version', 'w2', '--environment', 'production', ...asRo);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/needs the ci role/);

    for (const args of [withToken('read'), asRo, asRw]) {
      const run = await cli('can-i-deploy', '--pacticipant', CONSUMER, '--version', 'w2', '--to-environment', 'production', ...args);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/Computer says yes/);
    }
    const anonymous = await cli('can-i-deploy', '--pacticipant', CONSUMER, '--version', 'w2', '--to-environment', 'production');
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.output).toMatch(/Authentication required/);
  });
});

describe('the pact-js Verifier under access control', () => {
  const options = (providerVersion: string, auth: Record<string, string>) => ({
    provider: PROVIDER,
    providerBaseUrl: providerUrl,
    pactBrokerUrl: broker.baseUrl,
    providerVersion,
    providerVersionBranch: 'main',
    publishVerificationResult: true,
    consumerVersionSelectors: [{ mainBranch: true }],
    logLevel: 'error' as const,
    ...auth,
  });

  it('fetches pacts and publishes results with pactBrokerToken and with pactBrokerUsername/Password', async () => {
    await new Verifier(options('js1', { pactBrokerToken: tokens.ci })).verifyProvider();
    expect(await latestVerifiedBy()).toEqual({ providerVersion: 'js1', success: true });

    await new Verifier(options('js2', { pactBrokerUsername: RW_USER.username, pactBrokerPassword: RW_USER.password })).verifyProvider();
    expect(await latestVerifiedBy()).toEqual({ providerVersion: 'js2', success: true });
  });
});

describe('the treaty CLI token commands against the real API', () => {
  it('creates a ci token that publishes, lists it without the secret, and revokes it', async () => {
    const asBootstrap = (...args: string[]) => treaty(args, { env: { TREATY_BROKER_URL: broker.baseUrl, TREATY_BROKER_TOKEN: BOOTSTRAP_TOKEN } });
    const created = await asBootstrap('token', 'create', '--name', 'cli pipeline', '--role', 'ci', '-o', 'json');
    expect(created.code, created.output).toBe(0);
    const { token, uuid } = JSON.parse(created.stdout);
    expect(token).toMatch(/^treaty_[A-Za-z0-9_-]{43}$/);

    const publish = await cli('publish', pactsDir, '--consumer-app-version', 'w9', '--branch', 'main', '--broker-token', token);
    expect(publish.code, publish.output).toBe(0);

    const list = await asBootstrap('token', 'list', '-o', 'json');
    expect(list.code, list.output).toBe(0);
    expect(list.stdout).not.toContain(token);
    expect(JSON.parse(list.stdout).tokens.find((t: { uuid: string }) => t.uuid === uuid)).toMatchObject({ name: 'cli pipeline', role: 'ci', revokedAt: null });

    const revoked = await asBootstrap('token', 'revoke', uuid);
    expect(revoked.code, revoked.output).toBe(0);
    const refused = await cli('publish', pactsDir, '--consumer-app-version', 'w10', '--branch', 'main', '--broker-token', token);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/unknown, expired or revoked/);
  });
});
