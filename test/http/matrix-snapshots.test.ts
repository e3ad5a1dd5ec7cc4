// Whole can-i-deploy / matrix bodies for a small, realistic estate, as JSON file snapshots (reviewed against
// broker-semantics.md A and pact-broker-api.md §3.8 when accepted). Volatile values (timestamps, content SHAs,
// verification ids, uuids, the host) are normalised so that the snapshots are the same on PGlite and PostgreSQL and
// from run to run. Each test also asserts the decision itself, so a snapshot cannot be re-accepted into a wrong answer.
//
// The estate (every version on branch main unless noted; versions created in this order):
//   web 1.0.0      → orders (W-O1), users (W-U1)                       deployed to production
//   mobile 3.0.0   → orders (M-O1), payments (M-P1)                    released to production
//   orders 100     verified W-O1 ok, M-O1 ok                           deployed to production
//   users 20       verified W-U1 ok                                    deployed to production and test
//   payments 7     verified M-P1 ok                                    deployed to production
//   web 1.1.0      → orders (W-O2, changed), users (W-U1, same), payments (W-P1, new)   deployed to test
//   mobile 3.1.0   → orders (M-O1, same), payments (M-P2, changed)     released to production (3.0.0 still supported)
//   orders 101     verified W-O2 ok, M-O1 ok (never W-O1)              deployed to test
//   payments 7     verified W-P1: failed
//   payments 8     verified M-P1 ok, M-P2 ok, W-P1 ok                  deployed to test
//   payments 9     (branch feat/refunds) verified W-P1: failed
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  await estate();
});
afterAll(async () => t?.close());

async function estate() {
  const b = testDataBuilder(t.container.services);
  const pact = (consumer: string, version: string, provider: string, content: string) =>
    b.publishPact({ consumer, version, provider, branch: 'main', interactions: [content] });
  const verify = (provider: string, pv: string, consumer: string, cv: string, success: boolean, branch = 'main') =>
    b.verify({ provider, providerVersion: pv, consumer, consumerVersion: cv, success, branch });

  pact('web', '1.0.0', 'orders', 'get an order');
  pact('web', '1.0.0', 'users', 'get a user');
  pact('mobile', '3.0.0', 'orders', 'list orders');
  pact('mobile', '3.0.0', 'payments', 'pay by card');
  verify('orders', '100', 'web', '1.0.0', true);
  verify('orders', '100', 'mobile', '3.0.0', true);
  verify('users', '20', 'web', '1.0.0', true);
  verify('payments', '7', 'mobile', '3.0.0', true);
  b.recordDeployment({ pacticipant: 'web', version: '1.0.0', environment: 'production' });
  b.recordRelease({ pacticipant: 'mobile', version: '3.0.0', environment: 'production' });
  b.recordDeployment({ pacticipant: 'orders', version: '100', environment: 'production' });
  b.recordDeployment({ pacticipant: 'users', version: '20', environment: 'production' });
  b.recordDeployment({ pacticipant: 'users', version: '20', environment: 'test' });
  b.recordDeployment({ pacticipant: 'payments', version: '7', environment: 'production' });

  pact('web', '1.1.0', 'orders', 'get an order with its lines');
  pact('web', '1.1.0', 'users', 'get a user');
  pact('web', '1.1.0', 'payments', 'get the payment of an order');
  pact('mobile', '3.1.0', 'orders', 'list orders');
  pact('mobile', '3.1.0', 'payments', 'pay by card or wallet');
  b.recordDeployment({ pacticipant: 'web', version: '1.1.0', environment: 'test' });
  b.recordRelease({ pacticipant: 'mobile', version: '3.1.0', environment: 'production' });
  verify('orders', '101', 'web', '1.1.0', true);
  verify('orders', '101', 'mobile', '3.1.0', true);
  b.recordDeployment({ pacticipant: 'orders', version: '101', environment: 'test' });
  verify('payments', '7', 'web', '1.1.0', false);
  verify('payments', '8', 'mobile', '3.0.0', true);
  verify('payments', '8', 'mobile', '3.1.0', true);
  verify('payments', '8', 'web', '1.1.0', true);
  b.recordDeployment({ pacticipant: 'payments', version: '8', environment: 'test' });
  verify('payments', '9', 'web', '1.1.0', false, 'feat/refunds');
  await b.done();
}

/** Replaces what differs between stores and runs; everything else is kept as the broker rendered it. */
function normalise(body: unknown): unknown {
  const text = JSON.stringify(body)
    .replace(/https?:\/\/[^/"]+/g, 'http://broker')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, '<timestamp>')
    .replace(/\/pact-version\/[0-9a-f]{40,64}/g, '/pact-version/<sha>')
    .replace(/\b[0-9a-f]{40}\b|\b[0-9a-f]{64}\b/g, '<sha>')
    .replace(/\/verification-results\/\d+/g, '/verification-results/<id>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
  return JSON.parse(text);
}

const snapshot = (name: string, body: unknown) => expect(`${JSON.stringify(normalise(body), null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/matrix-snapshots/${name}.json`);

const row = (r: any) => `${r.consumer.name} ${r.consumer.version?.number} → ${r.provider.name} ${r.provider.version?.number ?? '-'}: ${r.verificationResult?.success ?? null} ${r.reason?.kind}`;

describe('matrix snapshots of a small estate', () => {
  it('can-i-deploy a consumer to production: web 1.1.0 (one pact unverified by orders 100, one failed by payments 7)', async () => {
    const body = hal(await api.get('/can-i-deploy?pacticipant=web&version=1.1.0&environment=production'), 200);
    expect(body.summary).toMatchObject({ deployable: null, success: 1, failed: 1, unknown: 1 });
    expect(body.summary.reason).toBe(
      [
        'The verification for the pact between version 1.1.0 of web and the version of payments currently in production (7) failed',
        'There is no verified pact between version 1.1.0 of web and the version of orders currently in production (100)',
      ].join('\n'),
    );
    expect(body.matrix.map(row).sort()).toEqual([
      'web 1.1.0 → orders -: null missing_verification',
      'web 1.1.0 → payments 7: false failed',
      'web 1.1.0 → users 20: true verified',
    ]);
    await snapshot('can-i-deploy-web-1.1.0-to-production', body);
  });

  it('can-i-deploy a provider to production: orders 101 (both mobile releases ok, web 1.0.0 in production unverified)', async () => {
    const body = hal(await api.get('/can-i-deploy?pacticipant=orders&version=101&environment=production'), 200);
    expect(body.summary).toMatchObject({ deployable: null, success: 2, failed: 0, unknown: 1 });
    expect(body.summary.reason).toBe('There is no verified pact between the version of web currently in production (1.0.0) and version 101 of orders');
    expect(body.matrix.map(row).sort()).toEqual([
      'mobile 3.0.0 → orders 101: true verified',
      'mobile 3.1.0 → orders 101: true verified',
      'web 1.0.0 → orders -: null missing_verification',
    ]);
    await snapshot('can-i-deploy-orders-101-to-production', body);
  });

  it('/matrix for two explicit versions: web 1.1.0 and payments 8', async () => {
    const body = hal(await api.get('/matrix?q[][pacticipant]=web&q[][version]=1.1.0&q[][pacticipant]=payments&q[][version]=8&latestby=cvpv'), 200);
    expect(body.summary).toEqual({ deployable: true, reason: 'All required verification results are published and successful', success: 1, failed: 0, unknown: 0 });
    expect(body.matrix.map(row)).toEqual(['web 1.1.0 → payments 8: true verified']);
    // The links are followable: the pact, the verification result, the pacticipants and versions.
    const [r] = body.matrix;
    for (const href of [r.pact._links.self.href, r.verificationResult._links.self.href, r.consumer._links.self.href, r.provider.version._links.self.href]) {
      expect((await api.get(new URL(href).pathname)).statusCode, href).toBe(200);
    }
    await snapshot('matrix-web-1.1.0-and-payments-8', body);
  });

  it("can-i-merge web 1.1.0: against each provider's main-branch head (payments 9 on feat/refunds does not count)", async () => {
    const body = hal(await api.get('/matrix?q[][pacticipant]=web&q[][version]=1.1.0&latestby=cvp&latest=true&mainBranch=true'), 200);
    expect(body.summary).toEqual({ deployable: true, reason: 'All required verification results are published and successful', success: 3, failed: 0, unknown: 0 });
    expect(body.matrix.map(row).sort()).toEqual([
      'web 1.1.0 → orders 101: true verified',
      'web 1.1.0 → payments 8: true verified',
      'web 1.1.0 → users 20: true verified',
    ]);
    await snapshot('can-i-merge-web-1.1.0', body);
  });
});
