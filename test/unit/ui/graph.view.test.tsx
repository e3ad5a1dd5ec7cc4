// Rendering the graph page with hostile names: everything from the estate reaches the HTML escaped, never as markup.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/integrations/graph.js';
import { buildGraphPage, parseGraphPageQuery } from '../../../src/ui/graph/graph.view-model.js';
import { GraphPage } from '../../../src/ui/graph/graph.view.js';
import { integration } from '../integrations/graph-fixtures.js';

const SCRIPT = '<script>alert("x")</script>';
const QUOTES = `O'Reilly "quotes" & <img src=x onerror=alert(1)>`;
const graph = buildGraph([
  integration(SCRIPT, QUOTES, { status: 'failed', version: `1.0</td><script>v</script>${'9'.repeat(300)}`, consumerLabels: ['<b>label</b>'] }),
  integration('🍕 Pizza', 'خدمة الدفع', { status: 'no-pact' }),
]);
const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""');

function render(raw: Record<string, unknown> = {}, g = graph): string {
  return String(<GraphPage model={buildGraphPage({ graph: g, names: g.nodes.map((n) => n.name), labels: ['<b>label</b>'] }, parseGraphPageQuery(raw))} />);
}

describe('GraphPage', () => {
  it('escapes every name, label and version (table, datalist, select, heading, data- attributes)', () => {
    for (const html of [render(), render({ pacticipant: SCRIPT, label: '<b>label</b>' })]) {
      expect(markupOf(html)).not.toMatch(/<script>|<img|<svg|<b>|<\/td><script/);
      expect(html).toContain('&lt;script>alert(&#34;x&#34;)&lt;/script>');
      expect(html).toContain('O&#39;Reilly &#34;quotes&#34; &amp; &lt;img src=x onerror=alert(1)>');
    }
    const neighbourhood = render({ pacticipant: SCRIPT });
    expect(neighbourhood).toContain('<h1>Network graph: &lt;script>alert(&#34;x&#34;)&lt;/script></h1>');
    expect(neighbourhood).toContain('value="<script>alert(&#34;x&#34;)</script>" list="graph-names"');
  });

  it('has stable hooks for the script and the browser tests, and no inline code or styles', () => {
    const html = render();
    for (const id of ['graph-filter', 'graph-pacticipant', 'graph-names', 'graph-depth', 'graph-label', 'graph-legend', 'graph-canvas', 'graph-status', 'graph-integrations']) {
      expect(html, id).toContain(`id="${id}"`);
    }
    expect(html).toContain('<script type="module" src="/ui/assets/graph.js"></script>');
    expect(markupOf(html).match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/ style=|<style|hx-on|onclick=/i);
  });

  it('labels every control and gives the status as icon + text', () => {
    const html = render();
    expect(html).toMatch(/<label>Pacticipant \(empty for the whole estate\)<input id="graph-pacticipant"/);
    expect(html).toMatch(/<label>Depth \(hops either way\)<select id="graph-depth"/);
    expect(html).toMatch(/<label>Label<select id="graph-label"/);
    expect(html).toContain('<span class="icon" aria-hidden="true">✗</span> <span>Failed</span>');
    expect(html).toContain('<span class="icon" aria-hidden="true">○</span> <span>Not yet verified</span>');
    expect(html).toContain('<th scope="col">Consumer</th>');
  });

  it('renders emoji and right-to-left names as text', () => {
    const html = render();
    expect(html).toContain('<a href="/pacticipants/%F0%9F%8D%95%20Pizza">🍕 Pizza</a>');
    expect(html).toContain('>خدمة الدفع</a>');
  });

  it('an empty graph: no canvas, a message, no table', () => {
    const html = render({}, { nodes: [], edges: [] });
    expect(html).toContain('id="graph-empty"');
    expect(html).not.toContain('id="graph-canvas"');
    expect(html).not.toContain('id="graph-integrations"');
  });
});
