// The pact page's view model and view: links, publishers, verifications, interactions; hostile content stays text.
import { describe, expect, it } from 'vitest';
import { enc } from '../../../src/http/urls.js';
import { buildPactPage, safeHref, type PactPageInput } from '../../../src/ui/pacts/pact.view-model.js';
import { PactPage } from '../../../src/ui/pacts/pact.view.js';

const SCRIPT = '<script>alert("x")</script>';
const RTL = 'خدمة الدفع';
const LONG = `1.0.0-${'9'.repeat(300)}`;
const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""');

const content = {
  consumer: { name: SCRIPT },
  provider: { name: RTL },
  interactions: [
    {
      description: `${SCRIPT} 🍕`,
      providerState: `"quoted" <b>state</b>`,
      request: { method: 'POST', path: '/orders/<x>', headers: { 'X-<h>': '"><img src=x onerror=alert(1)>' }, body: { '<k>': '</code></pre><script>b</script>' } },
      response: { status: 200, body: '</pre><svg onload=alert(1)>', matchingRules: { '$.body.<r>': { match: 'type' } } },
    },
    { type: 'Synchronous/Plugin', description: '<i>plugin</i>', stuff: '<iframe>' },
  ],
  metadata: { pactSpecification: { version: '<4>' } },
};

function input(overrides: Partial<PactPageInput> = {}): PactPageInput {
  return {
    consumerName: SCRIPT,
    providerName: RTL,
    consumerVersionNumber: LONG,
    sha: 'abc123def4567890',
    createdAt: new Date('2026-01-02T03:04:05Z'),
    content: JSON.stringify(content),
    path: '/pacts/provider/x/consumer/y/latest',
    publishers: { items: [{ number: '"><v>', branches: ['<main>'], tags: ['<prod>'], publishedAt: new Date('2026-01-02T03:04:05Z') }], more: true },
    verifications: {
      items: [
        { id: 3, providerVersionNumber: '<pv>', success: false, createdAt: new Date('2026-01-03T00:00:00Z'), buildUrl: 'javascript:alert(1)', pending: true, wip: false },
        { id: 2, providerVersionNumber: 'p1', success: true, createdAt: new Date('2026-01-02T12:00:00Z'), buildUrl: 'https://ci.example/build/1?a=<b>', pending: null, wip: true },
      ],
      more: false,
    },
    ...overrides,
  };
}

describe('pact page view model', () => {
  it('links the pacticipants, raw JSON, diff, matrix and permalink with encoded names', () => {
    const m = buildPactPage(input());
    expect(m.title).toBe(`${SCRIPT} → ${RTL}`);
    expect(m.consumer.href).toBe(`/pacticipants/${enc(SCRIPT)}`);
    expect(m.links.raw).toBe('/pacts/provider/x/consumer/y/latest?format=hal');
    const integration = `/pacts/provider/${enc(RTL)}/consumer/${enc(SCRIPT)}`;
    expect(m.links.diff).toBe(`${integration}/version/${LONG}/diff/previous-distinct`);
    expect(m.links.permalink).toBe(`${integration}/pact-version/abc123def4567890`);
    expect(m.links.matrix).toBe(`/ui/matrix/provider/${enc(RTL)}/consumer/${enc(SCRIPT)}`);
    expect(m.toc.map((t) => t.href)).toEqual(['#interaction-1', '#interaction-2']);
    expect(m.morePublishers).toBe(true);
  });

  it('verifications: status words and icons, flags, build URLs linked only when http(s)', () => {
    const [failed, verified] = buildPactPage(input()).verifications;
    expect(failed).toMatchObject({ status: 'failed', icon: '✗', text: 'Failed', flags: ['pending'], buildUrl: { text: 'javascript:alert(1)', href: null } });
    expect(verified).toMatchObject({ status: 'verified', icon: '✓', text: 'Verified', flags: ['WIP'], verifiedAt: '2026-01-02 12:00 UTC' });
    expect(verified!.buildUrl!.href).toBe('https://ci.example/build/1?a=%3Cb%3E');
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });

  it('content that is not JSON gives a message, not an error', () => {
    const m = buildPactPage(input({ content: '{oops' }));
    expect(m.parseError).toBe('The stored pact is not valid JSON.');
    expect(m.sections.interactions).toEqual([]);
  });
});

describe('pact page view', () => {
  const html = String(<PactPage model={buildPactPage(input())} />);

  it('escapes every name, version, state, header, body and rule', () => {
    const markup = markupOf(html);
    for (const tag of ['<script', '<img', '<svg', '<iframe', '<b>', '<i>', '<v>', '<main>', '<prod>', '<pv>', '<h>', '<k>', '<r>', '<x>']) expect(markup, tag).not.toContain(tag);
    expect(html).toContain('&lt;script>alert(&#34;x&#34;)&lt;/script> 🍕');
    expect(html).toContain(RTL);
    expect(html).toContain(LONG);
    expect(html).toContain('&lt;/pre>&lt;svg onload=alert(1)>');
    expect(html).toContain('body.&lt;r>: type');
  });

  it('never links a javascript: build URL', () => {
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<span class="version">javascript:alert(1)</span>');
    expect(html).toContain('href="https://ci.example/build/1?a=%3Cb%3E"');
  });

  it('is structured: headings in order, a table of contents, anchors, status by icon and word', () => {
    expect(html).toContain('<h2 id="published-by-heading">Published by</h2>');
    expect(html).toContain('<h2 id="verifications-heading">Verifications</h2>');
    expect(html).toContain('<h2 id="interactions-heading">Interactions (2)</h2>');
    expect(html).toContain('<nav aria-label="Interactions" class="toc">');
    expect(html).toContain('<section class="interaction interaction-http" id="interaction-1"');
    expect(html).toContain('<section class="interaction interaction-unknown" id="interaction-2"');
    expect(html).toMatch(/status-failed"><span class="icon" aria-hidden="true">✗<\/span> <span>Failed<\/span><span class="tag">pending<\/span>/);
    expect(html).toContain('<h4>Request</h4><p class="line"><code>POST /orders/&lt;x></code></p>');
    const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    for (let n = 1; n < levels.length; n++) expect(levels[n]! - levels[n - 1]!).toBeLessThanOrEqual(1);
    expect(markupOf(html)).not.toMatch(/<style|\sstyle=|<script|<[^>]*\son[a-z]+=/i);
    expect(html).toContain('id="raw-json"');
    expect(html).toContain('id="matrix-link"');
  });

  it('an unverified pact says so', () => {
    const page = String(<PactPage model={buildPactPage(input({ verifications: { items: [], more: false } }))} />);
    expect(page).toMatch(/status-unverified"><span class="icon" aria-hidden="true">○<\/span> Not yet verified/);
  });
});
