// The version page's view model and view with hostile names and a very long version.
import { describe, expect, it } from 'vitest';
import { buildVersionPage, type VersionPageInput } from '../../../src/ui/versions/version.view-model.js';
import { VersionPage } from '../../../src/ui/versions/version.view.js';

const SCRIPT = '<script>alert("x")</script>';
const RTL = 'خدمة الدفع';
const LONG = `2.0.0+${'b'.repeat(2000)}`;
const at = new Date('2026-01-02T03:04:05Z');

const input = (extra: Partial<VersionPageInput> = {}): VersionPageInput => ({
  pacticipant: SCRIPT,
  version: { number: LONG, buildUrl: 'javascript:alert(1)', createdAt: at },
  branches: [{ name: '<i>feat</i>', latest: true }, { name: 'main', latest: false }],
  tags: [`it's "quoted" 🍕`],
  deployments: [{ environment: '<env>', applicationInstance: 'eu "1"', at, current: true }],
  releases: [{ environment: RTL, at, current: false }],
  pacts: [
    { provider: RTL, verification: { success: true, providerVersion: '"><svg onload=alert(1)>', at, href: '/r/1' } },
    { provider: 'Orders', verification: null },
  ],
  verified: [{ consumer: 'Mobile', consumerVersion: 'm1', success: false, at, href: '/r/2' }],
  ...extra,
});

describe('buildVersionPage', () => {
  it('keeps names verbatim, marks the branch head and encodes links', () => {
    const model = buildVersionPage(input());
    expect(model.title).toBe(`${SCRIPT} ${LONG}`);
    expect(model.branches).toEqual(['<i>feat</i> (head)', 'main']);
    expect(model.fields.find((f) => f.term === 'Build')).toEqual({ term: 'Build', text: 'javascript:alert(1)' });
    expect(model.pacts[0]).toMatchObject({ status: { status: 'verified', icon: '✓', text: 'Verified' }, result: '/r/1' });
    expect(model.pacts[1]).toMatchObject({ status: { status: 'unverified', text: 'Not yet verified' }, by: null, result: null });
    expect(model.pacts[1]!.pact.href).toBe(`/pacts/provider/Orders/consumer/${encodeURIComponent(SCRIPT).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}/version/${encodeURIComponent(LONG)}`);
    expect(model.verified[0]).toMatchObject({ consumer: { text: 'Mobile', href: '/pacticipants/Mobile' }, status: { status: 'failed' } });
    expect(model.environments.map((e) => [e.environment, e.kind, e.state])).toEqual([
      ['<env>', 'deployed (instance eu "1")', 'currently deployed'],
      [RTL, 'released', 'support ended'],
    ]);
    expect(model.links[0]!.href).toMatch(/^\/ui\/can-i-deploy\?pacticipant=%3Cscript.*&version=2\.0\.0%2Bbbb/);
  });

  it('links an http(s) build URL', () => {
    expect(buildVersionPage(input({ version: { number: '1', buildUrl: 'https://ci/1', createdAt: at } })).fields.find((f) => f.term === 'Build')?.href).toBe('https://ci/1');
  });
});

describe('version view', () => {
  it('escapes every value', () => {
    const html = String(<VersionPage model={buildVersionPage(input())} />);
    const markup = html.replace(/="[^"]*"/g, '=""');
    for (const tag of ['<script', '<svg', '<i>', '<env>']) expect(markup, tag).not.toContain(tag);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('it&#39;s &#34;quoted&#34; 🍕');
    expect(html).toContain(RTL);
  });
});
