import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/integrations/graph.js';
import { dotString, toDot } from '../../../src/integrations/graph-dot.js';
import { integration } from './graph-fixtures.js';

const ODD = ['<script>alert(1)</script>', `it's "quoted"`, 'ends with \\', 'back\\"slash-quote', 'two\nlines', '🍕 Pizza', 'خدمة الدفع', '}; "x" -> "y"; {', 'x'.repeat(255)];

/** Graphviz's own reading of a quoted string (its lexer: `\"` is a quote, backslash-newline vanishes, all else kept). */
function readQuoted(dot: string, from: number): { value: string; end: number } {
  expect(dot[from]).toBe('"');
  let value = '';
  for (let i = from + 1; i < dot.length; i++) {
    const c = dot[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\' && dot[i + 1] === '"') {
      value += '"';
      i++;
    } else if (c === '\\' && dot[i + 1] === '\\') {
      value += '\\\\'; // Graphviz ≥ 2.43 keeps the pair together (so it cannot escape a following quote)
      i++;
    } else value += c;
  }
  throw new Error('unterminated string');
}

/** escString as labels read it: `\\` → `\`, `\n` → line break. */
const asLabel = (id: string) => id.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));

describe('dotString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['ends with \\', '"ends with \\\\"'],
    ['two\nlines', '"two\\nlines"'],
    ['cr\r\nlf', '"cr\\nlf"'],
    ['🍕', '"🍕"'],
  ])('%j → %s', (name, expected) => {
    expect(dotString(name)).toBe(expected);
  });

  it.each(ODD)('%j reads back as one string whose label is the name', (name) => {
    const quoted = dotString(name);
    const { value, end } = readQuoted(quoted, 0);
    expect(end).toBe(quoted.length);
    expect(asLabel(value)).toBe(name.replace(/\r\n|\r/g, '\n'));
    expect(quoted.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*"/); // no unescaped quote inside
  });
});

describe('toDot', () => {
  const graph = buildGraph([
    integration('Web', 'Orders', { status: 'verified', version: '1.2.3' }),
    integration('Web', 'Billing', { status: 'failed' }),
    integration('Mobile', 'Orders', { status: 'no-pact', consumerLabels: ['frontend', 'team "A"'] }),
  ]);
  const dot = toDot(graph, (name) => `http://broker/pacticipants/${encodeURIComponent(name)}`);

  it('is a left-to-right digraph with a node per pacticipant and an edge per integration', () => {
    expect(dot.startsWith('digraph integrations {\n  rankdir=LR;')).toBe(true);
    expect(dot).toContain('  "Web" [label="Web", URL="http://broker/pacticipants/Web"];');
    expect(dot).toContain('  "Mobile" [label="Mobile", URL="http://broker/pacticipants/Mobile", tooltip="labels: frontend, team \\"A\\""];');
    expect(dot).toContain('  "Web" -> "Orders" [label="verified (1.2.3)", color="#116329", fontcolor="#116329", style=solid];');
    expect(dot).toContain('  "Web" -> "Billing" [label="failed (1.0.0)", color="#a40e26", fontcolor="#a40e26", style=bold];');
    expect(dot).toContain('  "Mobile" -> "Orders" [label="unverified", color="#57606a", fontcolor="#57606a", style=dashed];');
    expect(dot.endsWith('}\n')).toBe(true);
  });

  const dotBinary = ['/usr/bin/dot', '/usr/local/bin/dot'].find((p) => existsSync(p));
  it.skipIf(!dotBinary)('Graphviz reads odd names back exactly (when dot is installed)', () => {
    const odd = buildGraph(ODD.filter((n) => !n.includes('\n')).map((name, i, all) => integration(name, all[(i + 1) % all.length]!)));
    const svg = execFileSync(dotBinary!, ['-Tsvg'], { input: toDot(odd, () => 'http://x/'), encoding: 'utf8' });
    const decode = (t: string) =>
      t.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    // Node labels (default \N: the node's ID read as escString) are the names, character for character.
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!));
    for (const name of odd.nodes.map((n) => n.name)) expect(texts).toContain(name);
    // One node per name: no name split a statement or added nodes.
    expect(svg.match(/class="node"/g)).toHaveLength(odd.nodes.length);
    expect(svg.match(/class="edge"/g)).toHaveLength(odd.edges.length);
  });
});
