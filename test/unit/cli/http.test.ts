import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/shared/exit-codes.js';
import { BrokerClient, describeErrorBody } from '../../../cli/shared/http.js';
import { DEFAULT_RETRY } from '../../../cli/shared/retry.js';

type Answer = Response | Error;

function fakeBroker(answers: Answer[], options: { verbose?: boolean; token?: string; retries?: number } = {}) {
  const requests: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const log: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  const client = new BrokerClient(
    { baseUrl: 'http://broker.test', auth: options.token ? { kind: 'token', token: options.token } : { kind: 'none' }, verbose: options.verbose ?? false },
    { fetch, sleep: async (ms) => void sleeps.push(ms), log: (line) => log.push(line), retry: { ...DEFAULT_RETRY, retries: options.retries ?? 3 } },
  );
  return { client, requests, sleeps, log };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/hal+json', ...headers } });
const refusedConnection = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error('expected a CliError');
}

describe('BrokerClient', () => {
  it('retries 503/502/429 with backoff, honouring Retry-After, then returns the answer', async () => {
    const { client, requests, sleeps } = fakeBroker([json(503, {}), json(429, {}, { 'retry-after': '2' }), json(502, {}), json(200, { ok: true })]);
    const res = await client.get('/x');
    expect(res.body).toEqual({ ok: true });
    expect(requests).toHaveLength(4);
    expect(sleeps).toEqual([500, 2000, 2000]);
  });

  it('gives up on a broker that stays down after the retries: exit 3, one line naming the broker', async () => {
    const { client, requests } = fakeBroker([refusedConnection(), refusedConnection(), refusedConnection()], { retries: 2 });
    const error = await failure(client.get('/x'));
    expect(requests).toHaveLength(3);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('Cannot reach the broker at http://broker.test (ECONNREFUSED) after 3 attempts');
  });

  it('maps 401 and 403 to exit 3, other 4xx to exit 1 with the broker\'s errors, 500 to exit 3; no retry for them', async () => {
    expect((await failure(fakeBroker([json(401, {})]).client.get('/x'))).exitCode).toBe(3);
    expect((await failure(fakeBroker([json(403, { title: 'Forbidden' })]).client.get('/x'))).exitCode).toBe(3);
    const notFound = await failure(fakeBroker([json(404, { error: "No pacticipant with name 'web' found" })]).client.get('/pacticipants/web'));
    expect(notFound.exitCode).toBe(1);
    expect(notFound.message).toBe("The broker refused GET /pacticipants/web (404): No pacticipant with name 'web' found");
    const server = fakeBroker([json(500, { title: 'Server error', detail: 'ref abc' })]);
    expect((await failure(server.client.get('/x'))).exitCode).toBe(3);
    expect(server.requests).toHaveLength(1);
  });

  it('lets the caller handle the statuses it allows', async () => {
    const { client } = fakeBroker([json(404, { error: 'nope' })]);
    expect((await client.get('/x', { allow: [404] })).status).toBe(404);
  });

  it('sends the token, and --verbose logs requests and statuses but never the token', async () => {
    const { client, requests, log } = fakeBroker([json(200, {})], { verbose: true, token: 's3cret-token' });
    await client.post('/environments', { name: 'x' });
    expect((requests[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer s3cret-token');
    expect((requests[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(log).toHaveLength(2);
    expect(log[0]).toBe('-> POST http://broker.test/environments');
    expect(log[1]).toMatch(/^<- 200 POST http:\/\/broker\.test\/environments \(\d+ ms\)$/);
    expect(log.join('\n')).not.toContain('s3cret');
  });

  it('sends basic auth as an Authorization header', async () => {
    const requests: RequestInit[] = [];
    const fetch = (async (_url: string, init: RequestInit) => (requests.push(init), json(200, {}))) as unknown as typeof globalThis.fetch;
    const client = new BrokerClient({ baseUrl: 'http://b', auth: { kind: 'basic', username: 'ci', password: 'p:w' }, verbose: false }, { fetch });
    await client.get('/');
    expect((requests[0]!.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from('ci:p:w').toString('base64')}`);
  });

  it('PATCH uses merge-patch; absolute hrefs are used as they are', async () => {
    const { client, requests } = fakeBroker([json(200, {})]);
    await client.patch('http://elsewhere.test/deployed-versions/1', { currentlyDeployed: false });
    expect(requests[0]!.url).toBe('http://elsewhere.test/deployed-versions/1');
    expect((requests[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/merge-patch+json');
  });
});

describe('describeErrorBody', () => {
  it('reads field errors, error lists, and plain errors', () => {
    expect(describeErrorBody({ errors: { name: ['is missing'], production: ['is missing'] } })).toBe('name: is missing; production: is missing');
    expect(describeErrorBody({ errors: ['Pacticipant Wiffle not found'] })).toBe('Pacticipant Wiffle not found');
    expect(describeErrorBody({ errors: { '': ['Must specify either'] } })).toBe('Must specify either');
    expect(describeErrorBody({ title: 'Not found', detail: 'No environment x' })).toBe('No environment x');
    expect(describeErrorBody('')).toBeUndefined();
  });
});
