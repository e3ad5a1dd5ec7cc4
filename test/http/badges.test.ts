// Pact badges over HTTP: drawn here as SVG (200, never a redirect), the right status for each state of the
// integration, the Pact Broker's URLs (with and without .svg), its cache header, and public badge access with
// access control on.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_ENV, basicAuth, RO_USER } from '../support/auth.js';
import { client } from '../support/http.js';
import { assertWellFormedSvg } from '../support/svg.js';
import { testDataBuilder } from '../support/test-data-builder.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const td = () => testDataBuilder(t.container.services);

/** Asserts an SVG badge answer and returns its accessible text ("label: status"). */
function badgeText(res: LightMyRequestResponse): string {
  expect({ status: res.statusCode, body: res.body.slice(0, 300) }).toMatchObject({ status: 200 });
  expect(res.headers['content-type']).toBe('image/svg+xml;charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-cache');
  expect(res.headers.location).toBeUndefined();
  assertWellFormedSvg(res.body);
  return /<title>([^<]*)<\/title>/.exec(res.body)![1]!;
}
const badge = async (url: string) => badgeText(await api.get(url));
const LATEST = '/pacts/provider/Bar/consumer/Foo/latest';

describe('pact badges', () => {
  it('verified, then changed when a new content is published, then failed', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['dev'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true })
      .done();
    expect(await badge(`${LATEST}/badge`)).toBe('foo/bar pact: verified');
    expect(await badge(`${LATEST}/badge.svg`)).toBe('foo/bar pact: verified');
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', interactions: ['something new'] }).done();
    expect(await badge(`${LATEST}/badge`)).toBe('foo/bar pact: changed');
    // the dev tag still heads version 1, which was verified
    expect(await badge(`${LATEST}/dev/badge`)).toBe('foo/bar pact: verified');
    await td().verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '2', providerVersion: '11', success: false }).done();
    expect(await badge(`${LATEST}/badge`)).toBe('foo/bar pact: failed');
    expect(await badge('/pacts/provider/Bar/consumer/Foo/branch/main/latest/badge')).toBe('foo/bar pact: failed');
  });

  it('unknown when never verified; "pact not found" for unknown names, tags and branches (still 200)', async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' }).done();
    expect(await badge(`${LATEST}/badge`)).toBe('foo/bar pact: unknown');
    expect(await badge(`/pacts/provider/Bar/consumer/Foo/latest-untagged/badge`)).toBe('foo/bar pact: unknown');
    expect(await badge('/pacts/provider/Nope/consumer/Foo/latest/badge')).toBe('pact not found: unknown');
    expect(await badge('/pacts/provider/Bar/consumer/Nope/latest/badge.svg')).toBe('pact not found: unknown');
    expect(await badge(`${LATEST}/no-such-tag/badge`)).toBe('pact not found: unknown');
    expect(await badge('/pacts/provider/Bar/consumer/Foo/branch/nope/latest/badge')).toBe('pact not found: unknown');
  });

  it('label and initials query parameters', async () => {
    await td().publishPact({ consumer: 'foo-web', provider: 'BarService', version: '1' }).done();
    const url = '/pacts/provider/BarService/consumer/foo-web/latest/badge';
    expect(await badge(`${url}?label=consumer`)).toBe('foo-web pact: unknown');
    expect(await badge(`${url}?label=provider&initials=true`)).toBe('bs pact: unknown');
    expect(await badge(`${url}?initials=true`)).toBe('fw/bs pact: unknown');
  });

  it('hostile names are escaped in the SVG', async () => {
    const consumer = `<script>alert("x")</script>'&`;
    await td().publishPact({ consumer, provider: 'Bar', version: '1' }).done();
    const res = await api.get(`/pacts/provider/Bar/consumer/${encodeURIComponent(consumer)}/latest/badge`);
    expect(badgeText(res)).toBe(`&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&apos;&amp;/bar pact: unknown`);
    expect(res.body).not.toContain('<script');
  });
});

describe('matrix badge', () => {
  const url = (providerTag: string, consumerTag: string) => `/matrix/provider/Bar/latest/${providerTag}/consumer/Foo/latest/${consumerTag}/badge`;

  it('the latest pact from the consumer tag, verified by a provider version with the provider tag', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['dev'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', success: true, tags: ['prod'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '11', success: false, tags: ['test'] })
      .done();
    expect(await badge(url('prod', 'dev'))).toBe('foo (dev)/bar (prod) pact: verified');
    expect(await badge(`${url('test', 'dev')}.svg`)).toBe('foo (dev)/bar (test) pact: failed');
    expect(await badge(url('other', 'dev'))).toBe('foo (dev)/bar (other) pact: unknown');
    expect(await badge(url('prod', 'none'))).toBe('pact not found: unknown');
    expect(await badge('/matrix/provider/Nope/latest/prod/consumer/Foo/latest/dev/badge')).toBe('pact not found: unknown');
  });
});

describe('public badge access with access control on', () => {
  it('badges need read credentials unless public badge access is configured; other routes stay closed', async () => {
    const closed = await buildTestApp(AUTH_ENV);
    const open = await buildTestApp({ ...AUTH_ENV, PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS: 'true' });
    try {
      const get = (app: TestApp, url: string, headers: Record<string, string> = {}) => app.app.inject({ method: 'GET', url, headers });
      const urls = [`${LATEST}/badge`, `${LATEST}/dev/badge.svg`, '/matrix/provider/Bar/latest/prod/consumer/Foo/latest/dev/badge'];
      for (const u of urls) {
        expect((await get(closed, u)).statusCode).toBe(401);
        expect(badgeText(await get(closed, u, { authorization: basicAuth(RO_USER.username, RO_USER.password) }))).toBe('pact not found: unknown');
        expect(badgeText(await get(open, u))).toBe('pact not found: unknown');
      }
      expect((await get(open, '/pacts/provider/Bar/consumer/Foo/latest')).statusCode).toBe(401);
    } finally {
      await Promise.all([closed.close(), open.close()]);
    }
  }, 120_000);
});
