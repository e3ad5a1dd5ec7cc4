// Rendering hostile names: everything from the estate reaches the HTML escaped, never as markup.
import { describe, expect, it } from 'vitest';
import type { IntegrationSummary } from '../../../src/integrations/estate.types.js';
import { buildDashboard, parseDashboardQuery } from '../../../src/ui/dashboard/dashboard.view-model.js';
import { DashboardPage } from '../../../src/ui/dashboard/dashboard.view.js';

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
const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""');

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
  });

  it('shows status as an icon and a word', () => {
    const html = render();
    expect(html).toMatch(/status-failed"><a class="status-link" href="[^"]+" title="Compatibility matrix"><span class="icon" aria-hidden="true">✗<\/span> <span>Failed<\/span>/);
    expect(html).toMatch(/status-unverified"><a class="status-link" href="[^"]+" title="Compatibility matrix"><span class="icon" aria-hidden="true">○<\/span> <span>Not yet verified<\/span>/);
  });
});
