// Rendering hostile names: everything from the estate reaches the HTML escaped, never as markup.
import { describe, expect, it } from 'vitest';
import type { IntegrationSummary } from '../../../src/integrations/estate.types.js';
import { buildDashboard, parseDashboardQuery } from '../../../src/ui/dashboard/dashboard.view-model.js';
import { DashboardPage, DashboardResults } from '../../../src/ui/dashboard/dashboard.view.js';
import { vendorUrl } from '../../../src/ui/vendor.js';

const SCRIPT = '<script>alert("x")</script>';
const hostile: IntegrationSummary = {
  consumer: { name: SCRIPT, labels: ['<b>label</b>'] },
  provider: { name: `O'Reilly "quotes" & <img src=x onerror=alert(1)>`, labels: [] },
  latestPact: { consumerVersion: `1.0</td><script>v</script>${'9'.repeat(300)}`, branches: ['<i>feat</i>'], publishedAt: new Date('2026-01-02T03:04:05Z'), changed: true },
  latestVerification: { success: false, providerVersion: '"><svg onload=alert(1)>', verifiedAt: new Date('2026-01-03T00:00:00Z') },
};
const friendly: IntegrationSummary = {
  consumer: { name: '🍕 Pizza', labels: [] },
  provider: { name: 'خدمة الدفع', labels: [] },
  latestPact: null,
  latestVerification: null,
};

/**
 * The markup with every attribute value emptied. Kita escapes `"` and `&` in attributes (so a value cannot end early)
 * and `<` in safe children; a `<` left inside a quoted attribute value is inert text, so what remains must hold no
 * tag that came from data.
 */
const HTMX_TAG = `<script type="module" src="${vendorUrl('htmx')}"></script>`;
const markupOf = (html: string) => html.replace(HTMX_TAG, '').replace(/="[^"]*"/g, '=""');

function render(q: Record<string, unknown> = {}): string {
  const placements = new Map([[SCRIPT, [{ environment: '<env>', version: '<v>', kind: 'deployed' as const, applicationInstance: '<i>', since: new Date(0) }]]]);
  return String(<DashboardPage model={buildDashboard({ integrations: [hostile, friendly], placements }, parseDashboardQuery(q))} />);
}

describe('dashboard view', () => {
  it('escapes every name, version, branch, label and environment', () => {
    const html = render();
    const markup = markupOf(html);
    for (const tag of ['<script', '<img', '<svg', '<b>', '<i>', '<env>', '<v>']) expect(markup, tag).not.toContain(tag);
    expect(html).toContain('value="<b>label</b>"');
    expect(html).toContain('&lt;script>alert(&#34;x&#34;)&lt;/script>');
    expect(html).toContain('O&#39;Reilly &#34;quotes&#34; &amp; &lt;img src=x onerror=alert(1)>');
    expect(html).toContain('&lt;i>feat&lt;/i>');
    expect(html).toContain('&lt;env>');
    expect(html).toContain('9'.repeat(300));
  });

  it('keeps emoji and right-to-left names as text', () => {
    const html = render();
    expect(html).toContain('🍕 Pizza');
    expect(html).toContain('خدمة الدفع');
    expect(html).toContain('no pact');
  });

  it('escapes the filter text echoed back into the form', () => {
    const html = render({ q: '"><script>x</script>' });
    expect(markupOf(html)).not.toContain('<script');
    expect(html).toContain('name="q" value="&#34;><script>x</script>"');
  });

  it('is one document with landmarks, a skip link, the stylesheet and no inline script or style', () => {
    const html = render();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<main id="main" tabindex="-1">');
    expect(html).toContain('<nav aria-label="Main">');
    expect(html).toContain('href="/ui/assets/treaty.css"');
    expect(markupOf(html)).not.toMatch(/<style|\sstyle=|<script|<[^>]*\son[a-z]+=/i);
    // The one script: htmx, by URL, as a module; no hx-on (it needs eval) and htmx's own indicator CSS turned off.
    expect(markupOf(html.replace(HTMX_TAG, '<SCRIPT-TAG>'))).not.toContain('<script');
    expect(html.split(HTMX_TAG)).toHaveLength(2);
    expect(html).toContain(HTMX_TAG);
    expect(html).not.toMatch(/hx-on/);
    expect(html).toContain('<meta name="htmx-config" content="includeIndicatorCSS:false"/>');
  });

  it('filters live with htmx: the form fetches the results region after a pause and pushes the URL', () => {
    const html = render({ q: 'x', deployed: '1' });
    expect(html).toMatch(/<form class="filters" id="dashboard-filters" method="get" action="\/" role="search" aria-label="Filter integrations" hx-get="\/" hx-trigger="submit, input delay:300ms, change" hx-target="#dashboard-results" hx-swap="outerHTML" hx-push-url="true">/);
    expect(html).toContain('<div id="dashboard-results">');
    expect(html).toContain('<input type="search" name="q" value="x" maxlength="200" list="pacticipant-names" autocomplete="off"/>');
    expect(html).toContain('<input type="checkbox" name="deployed" value="1" checked/>');
    expect(html).toContain('<option value="<env>">&lt;env></option>');
  });

  it('suggests pacticipant names in a datalist, escaped', () => {
    const html = render();
    expect(html).toContain('<datalist id="pacticipant-names"><option value="<script>alert(&#34;x&#34;)</script>"></option>');
    expect(html).toContain('<option value="🍕 Pizza"></option>');
    expect(markupOf(html)).not.toContain('<script');
  });

  it('renders the results region alone for htmx', () => {
    const model = buildDashboard({ integrations: [hostile, friendly], placements: new Map() }, parseDashboardQuery({}));
    const fragment = String(<DashboardResults model={model} />);
    expect(fragment.startsWith('<div id="dashboard-results"><p class="summary" role="status">2 of 2 integrations')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(markupOf(fragment)).not.toContain('<script');
  });

  it('shows status as an icon and a word', () => {
    const html = render();
    expect(html).toMatch(/status-failed"><a class="status-link" href="[^"]+" title="Compatibility matrix"><span class="icon" aria-hidden="true">✗<\/span> <span>Failed<\/span>/);
    expect(html).toMatch(/status-unverified"><a class="status-link" href="[^"]+" title="Compatibility matrix"><span class="icon" aria-hidden="true">○<\/span> <span>Not yet verified<\/span>/);
  });
});
