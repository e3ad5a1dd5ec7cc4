// The integration graph as Graphviz DOT, for export (`dot -Tsvg`). Names are user data: every one is written as a
// quoted DOT string, never as a bare ID, so no name can end a statement or add attributes.
import type { EdgeStatus, IntegrationGraph } from './graph.js';

/**
 * A DOT quoted string. Inside quotes DOT only knows `\"` (and backslash-newline); labels (escString) then read `\\` as
 * one backslash and `\n` as a line break. So: backslash → `\\`, quote → `\"`, any line break → `\n`. Doubling every
 * backslash also keeps a name that ends in one from escaping the closing quote (checked with Graphviz 2.43).
 */
export function dotString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n');
  return `"${escaped}"`;
}

/** Colour and line style per status: the style keeps the status readable without colour (and in greyscale prints). */
const EDGE_STYLE: Record<EdgeStatus, { color: string; style: string; text: string }> = {
  verified: { color: '#116329', style: 'solid', text: 'verified' },
  failed: { color: '#a40e26', style: 'bold', text: 'failed' },
  unverified: { color: '#57606a', style: 'dashed', text: 'unverified' },
};

/** A `digraph`, consumer → provider, laid out left to right; `url(name)` gives each node's link (SVG output keeps it). */
export function toDot(graph: IntegrationGraph, url: (name: string) => string): string {
  const lines = ['digraph integrations {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of graph.nodes) {
    const attrs = [`label=${dotString(node.name)}`, `URL=${dotString(url(node.name))}`];
    if (node.labels.length) attrs.push(`tooltip=${dotString(`labels: ${node.labels.join(', ')}`)}`);
    lines.push(`  ${dotString(node.name)} [${attrs.join(', ')}];`);
  }
  for (const edge of graph.edges) {
    const s = EDGE_STYLE[edge.status];
    const label = edge.latestPact ? `${s.text} (${edge.latestPact.consumerVersion})` : s.text;
    lines.push(`  ${dotString(edge.consumer)} -> ${dotString(edge.provider)} [label=${dotString(label)}, color="${s.color}", fontcolor="${s.color}", style=${s.style}];`);
  }
  lines.push('}', '');
  return lines.join('\n');
}
