// The README's "Pipelines" snippets, run: every `treaty` command line in them, as written (CI variables set as GitHub
// and GitLab set them, the broker URL and the webhooks' hosts pointed at local servers), in the order the pipelines
// run them, against a Treaty with access control on: a ci token from `treaty token create`, consumer and provider
// pipelines on both CIs, and the two webhooks, which then deliver the stored secrets and the pact URL.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactDocument } from '../support/pacts.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { parseYaml, readmeSection, scriptsOf, snippets, treatyLines, type TreatyLine } from '../support/readme-snippets.js';
import { startBroker, type RunningBroker } from './broker.js';
import { treaty, type TreatyRun } from './treaty-cli.js';

const ADMIN = 'readme-admin-token-0123456789';
const README_BROKER = 'https://treaty.example.com';
const SECRET_VALUES: Record<string, string> = { GithubDispatchToken: 'ghp-secret-value-1', GitlabTriggerToken: 'glptt-secret-value-2' };

const section = readmeSection('Pipelines');
const blocks = snippets(section);
const [consumerGithub, consumerGitlab, providerGithub, providerGitlab] = blocks
  .filter((b) => b.lang === 'yaml')
  .map((b, i) => treatyLines(scriptsOf(parseYaml(b.text)).scripts, `yaml snippet ${i + 1}`));
const shLines = blocks.filter((b) => b.lang === 'sh').flatMap((b, i) => treatyLines([b.text], `sh snippet ${i + 1}`));
const tokenLine = shLines.find((l) => l.args[0] === 'token')!;
const webhookLines = shLines.filter((l) => l.args[0] === 'create-webhook');

let broker: RunningBroker;
let receiver: Receiver;
let dir: string;
let ciToken: string;

beforeAll(async () => {
  receiver = await startReceiver();
  broker = await startBroker({
    TREATY_ADMIN_TOKEN: ADMIN,
    TREATY_SECRETS_KEY: randomBytes(32).toString('hex'),
    TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1',
    TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http',
  });
  dir = await mkdtemp(join(tmpdir(), 'treaty-cli-readme-'));
});
afterAll(async () => {
  await broker?.close();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Expands `$NAME` as the shell would (`${user.X}` and `${pactbroker.X}` stay: they are not shell variables). */
function expand(word: string, vars: Record<string, string>): string {
  return word.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name: string) => {
    if (vars[name] === undefined) throw new Error(`the README uses $${name}, which this test does not set`);
    return vars[name];
  });
}

/** Runs one README line: the README's broker URL and webhook hosts swapped for the local ones. */
async function run(line: TreatyLine, vars: Record<string, string>, env: Record<string, string> = {}): Promise<TreatyRun> {
  const args = line.args.map((word) =>
    expand(word, vars)
      .replace(README_BROKER, broker.baseUrl)
      .replace(/^https:\/\/(api\.github\.com|gitlab\.example\.com)/, receiver.url),
  );
  return treaty(args, { cwd: dir, env: { ...vars, ...env } });
}

async function runAll(lines: TreatyLine[], command: string, vars: Record<string, string>): Promise<void> {
  const selected = lines.filter((l) => l.args[0] === command);
  expect(selected.length, `${command} in the README`).toBeGreaterThan(0);
  for (const line of selected) {
    const result = await run(line, vars, { PACT_BROKER_BASE_URL: broker.baseUrl, PACT_BROKER_TOKEN: ciToken });
    expect(result.code, `${line.source}\n${result.output}`).toBe(0);
  }
}

async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${broker.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function writePact(content: string): Promise<void> {
  await mkdir(join(dir, 'pacts'), { recursive: true });
  await writeFile(join(dir, 'pacts', 'web-orders.json'), JSON.stringify(pactDocument({ consumer: 'web', provider: 'orders', interactions: [content] })));
}

/** What `pact verifier --publish` does for one pact: a result published through the pact's link, with the ci token. */
async function verify(consumerVersion: string, providerVersion: string): Promise<void> {
  const pact = await call('GET', `/pacts/provider/orders/consumer/web/version/${consumerVersion}`, ciToken);
  expect(pact.status).toBe(200);
  const link = new URL(pact.body._links['pb:publish-verification-results'].href).pathname;
  const res = await call('POST', link, ciToken, { success: true, providerApplicationVersion: providerVersion, providerVersionBranch: 'main' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe('the README "Pipelines" commands, run', () => {
  it('token create: an admin creates the ci token the pipelines use', async () => {
    const result = await run(tokenLine, { TREATY_ADMIN_TOKEN: ADMIN });
    expect(result.code, result.output).toBe(0);
    ciToken = /Token \(shown only now\): (\S+)/.exec(result.stdout)![1]!;
    expect((await call('GET', '/tokens', ciToken)).status).toBe(403);
  });

  it('GitHub Actions: the consumer publishes, the provider verifies and deploys, then the consumer deploys', async () => {
    await writePact('web asks for an order');
    const github = (sha: string) => ({ GITHUB_SHA: sha, GITHUB_REF_NAME: 'main', GITHUB_HEAD_REF: '' });
    await runAll(consumerGithub!, 'publish', github('c1'));
    expect((await call('GET', '/pacticipants/web/versions/c1', ciToken)).body).toMatchObject({ number: 'c1' });
    await verify('c1', 'p1');
    await runAll(providerGithub!, 'can-i-deploy', github('p1'));
    await runAll(providerGithub!, 'record-deployment', github('p1'));
    await runAll(consumerGithub!, 'can-i-deploy', github('c1'));
    await runAll(consumerGithub!, 'record-deployment', github('c1'));
  });

  it('the webhooks: created with the admin token over stored secrets, they fire when the contract changes', async () => {
    for (const [name, value] of Object.entries(SECRET_VALUES)) {
      expect((await call('PUT', `/secrets/${name}`, ADMIN, { value })).status).toBe(201);
    }
    expect(webhookLines).toHaveLength(2);
    for (const line of webhookLines) {
      const result = await run(line, { TREATY_ADMIN_TOKEN: ADMIN });
      expect(result.code, `${line.source}\n${result.output}`).toBe(0);
      expect(result.output).not.toMatch(/secret-value/);
    }

    // GitLab CI: a changed contract published by the consumer's pipeline triggers both webhooks.
    await writePact('web asks for an order and its lines');
    const gitlab = (sha: string) => ({ CI_COMMIT_SHA: sha, CI_COMMIT_REF_NAME: 'main' });
    await runAll(consumerGitlab!, 'publish', gitlab('c2'));
    const runner = broker.testApp.container.jobs.createRunner();
    while ((await runner.runOnce()) > 0);
    const byPath = Object.fromEntries(receiver.received.map((r) => [r.url, r]));
    // Without TREATY_BASE_URL the links name http://localhost:<port>; the path is the pact's.
    const pactPath = /^\/pacts\/provider\/orders\/consumer\/web\/pact-version\/[0-9a-f]+\/metadata\//;

    const github = byPath['/repos/acme/orders/dispatches']!;
    expect(github.headers.authorization).toBe(`Bearer ${SECRET_VALUES.GithubDispatchToken}`);
    const dispatch = JSON.parse(github.body);
    expect(dispatch).toMatchObject({ event_type: 'contract_content_changed', client_payload: { consumer: 'web', consumer_version: 'c2' } });
    expect(new URL(dispatch.client_payload.pact_url).pathname).toMatch(pactPath);

    const trigger = JSON.parse(byPath['/api/v4/projects/42/trigger/pipeline']!.body);
    expect(trigger).toMatchObject({ token: SECRET_VALUES.GitlabTriggerToken, ref: 'main' });
    expect(new URL(trigger.variables.PACT_URL).pathname).toMatch(pactPath);
  });

  it('GitLab CI: the provider verifies the changed pact and deploys, then the consumer deploys', async () => {
    const gitlab = (sha: string) => ({ CI_COMMIT_SHA: sha, CI_COMMIT_REF_NAME: 'main' });
    await verify('c1', 'p2');
    await verify('c2', 'p2');
    await runAll(providerGitlab!, 'can-i-deploy', gitlab('p2'));
    await runAll(providerGitlab!, 'record-deployment', gitlab('p2'));
    await runAll(consumerGitlab!, 'can-i-deploy', gitlab('c2'));
    await runAll(consumerGitlab!, 'record-deployment', gitlab('c2'));
  });
});
