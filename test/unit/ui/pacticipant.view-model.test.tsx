// The pacticipant page's view model and view: links encoded, names verbatim in the model and escaped in the markup.
import { describe, expect, it } from 'vitest';
import type { IntegrationSummary } from '../../../src/integrations/estate.types.js';
import {
  badgeMarkdown,
  buildPacticipantPage,
  parsePage,
  webhookApplies,
  type PacticipantPageInput,
  type WebhookFacts,
} from '../../../src/ui/pacticipants/pacticipant.view-model.js';
import { PacticipantPage } from '../../../src/ui/pacticipants/pacticipant.view.js';

const SCRIPT = '<script>alert("x")</script>';
const RTL = 'خدمة الدفع';
const LONG = `1.0.0+${'a'.repeat(2000)}`;
const at = new Date('2026-01-02T03:04:05Z');

function integration(consumer: string, provider: string, extra: Partial<IntegrationSummary> = {}): IntegrationSummary {
  return {
    consumer: { name: consumer, labels: [] },
    provider: { name: provider, labels: [] },
    latestPact: { consumerVersion: LONG, branches: [], publishedAt: at, changed: false },
    latestVerification: null,
    ...extra,
  };
}
const hook = (extra: Partial<WebhookFacts>): WebhookFacts => ({ uuid: 'u1', description: null, enabled: true, consumer: undefined, provider: undefined, events: ['contract_published'], ...extra });

function input(name: string, extra: Partial<PacticipantPageInput> = {}): PacticipantPageInput {
  return {
    baseUrl: 'https://broker.example',
    pacticipant: { name, displayName: null, team: `O'Reilly "team" 🍕`, contact: SCRIPT, repositoryUrl: 'javascript:alert(1)', mainBranch: 'main', labels: [{ name: '<b>x</b>' }], createdAt: at },
    versions: [{ number: LONG, branches: ['<i>b</i>'], tags: [RTL], createdAt: at }],
    versionsTotal: 45,
    page: 2,
    integrations: [
      integration(name, 'Orders', { latestVerification: { success: false, providerVersion: '"><svg onload=alert(1)>', verifiedAt: at } }),
      integration(RTL, name),
      integration('Other', 'Else'),
    ],
    placements: [
      { environment: 'prod', version: 'v1', kind: 'deployed', applicationInstance: '<i>', since: at },
      { environment: 'prod', version: 'v2', kind: 'released', applicationInstance: null, since: at },
      { environment: 'atest', version: 'v3', kind: 'deployed', applicationInstance: null, since: at },
    ],
    webhooks: [hook({ uuid: 'mine', provider: { name } }), hook({ uuid: 'theirs', consumer: { name: 'Other' } }), hook({ uuid: 'global' }), hook({ uuid: 'label', consumer: { label: '<b>x</b>' } })],
    ...extra,
  };
}

describe('buildPacticipantPage', () => {
  it('keeps hostile names verbatim and links them encoded', () => {
    const model = buildPacticipantPage(input(SCRIPT));
    expect(model.title).toBe(SCRIPT);
    expect(model.asConsumer).toHaveLength(1);
    expect(model.asConsumer[0]!.other).toEqual({ text: 'Orders', href: '/pacticipants/Orders' });
    expect(model.asConsumer[0]!.pact!.href).toBe(`/pacts/provider/Orders/consumer/${encodeURIComponent(SCRIPT).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}/version/${encodeURIComponent(LONG)}`);
    expect(model.asConsumer[0]!.verification).toMatchObject({ status: 'failed', icon: '✗', text: 'Failed' });
    expect(model.asProvider.map((r) => r.other.text)).toEqual([RTL]);
    expect(model.asProvider[0]!.verification).toMatchObject({ status: 'unverified', text: 'Not yet verified', providerVersion: null });
    expect(model.versions[0]!.version.text).toBe(LONG);
    expect(model.links.map((l) => l.href)).toContain('/ui/can-i-deploy?pacticipant=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E');
  });

  it('links a repository only when it is http(s)', () => {
    expect(buildPacticipantPage(input('A')).fields.find((f) => f.term === 'Repository')).toEqual({ term: 'Repository', text: 'javascript:alert(1)' });
    const https = input('A');
    https.pacticipant.repositoryUrl = 'https://git.example/a';
    expect(buildPacticipantPage(https).fields.find((f) => f.term === 'Repository')?.href).toBe('https://git.example/a');
  });

  it('groups placements by environment, sorted, with the application instance', () => {
    const model = buildPacticipantPage(input('A'));
    expect(model.environments.map((e) => e.environment)).toEqual(['atest', 'prod']);
    expect(model.environments[1]!.deployed[0]).toMatchObject({ version: { text: 'v1', href: '/pacticipants/A/versions/v1' }, instance: '<i>' });
    expect(model.environments[1]!.released[0]!.version.text).toBe('v2');
  });

  it('pages: previous and next, and an unknown total pages by a full page', () => {
    expect(buildPacticipantPage(input('A')).pager).toEqual({ page: 2, pages: 3, previous: '/pacticipants/A#versions', next: '/pacticipants/A?page=3#versions' });
    expect(buildPacticipantPage(input('A', { page: 1, versionsTotal: undefined })).pager).toMatchObject({ pages: null, previous: null, next: null });
  });

  it('lists the webhooks that name it or its label, and the global ones', () => {
    expect(buildPacticipantPage(input('A')).webhooks.map((w) => w.text)).toEqual(['mine', 'global', 'label']);
    expect(webhookApplies(hook({ consumer: { name: 'B' }, provider: { name: 'C' } }), 'A', [])).toBe(false);
  });

  it.each([
    [undefined, 1],
    ['3', 3],
    ['0', 1],
    ['-2', 1],
    ['abc', 1],
    [['4', '5'], 4],
    ['9999999', 1],
  ])('parsePage(%j) is %d', (raw, page) => expect(parsePage(raw)).toBe(page));

  it('writes badge Markdown with brackets in names escaped', () => {
    expect(badgeMarkdown('https://b', 'P]', 'C[')).toBe('[![C\\[ → P\\] pact status](https://b/pacts/provider/P%5D/consumer/C%5B/latest/badge)](https://b/pacts/provider/P%5D/consumer/C%5B/latest)');
  });
});

describe('pacticipant view', () => {
  it('escapes every name, version, team, contact, label and environment', () => {
    const html = String(<PacticipantPage model={buildPacticipantPage(input(SCRIPT))} />);
    const markup = html.replace(/="[^"]*"/g, '=""');
    for (const tag of ['<script', '<svg', '<b>', '<i>']) expect(markup, tag).not.toContain(tag);
    expect(html).toContain('<h1>&lt;script>alert(&#34;x&#34;)&lt;/script></h1>');
    expect(html).toContain('O&#39;Reilly &#34;team&#34; 🍕');
    expect(html).toContain(RTL);
    expect(html).not.toContain('href="javascript:');
  });
});
