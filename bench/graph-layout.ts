// ELK layout time for the whole-estate graph: `npx tsx bench/graph-layout.ts [pacticipants] [integrations]`
// (default 200 / 1,000). Prints the first (cold: JIT warm-up) and the median of the following runs. The server does
// this once per graph shape (src/integrations/graph-layout.ts caches by fingerprint).
import { buildGraph } from '../src/integrations/graph.js';
import { layoutGraph } from '../src/integrations/graph-layout.js';
import { syntheticEstate } from './graph-estate.js';

const pacticipants = Number(process.argv[2] ?? 200);
const integrations = Number(process.argv[3] ?? 1000);
const runs = Number(process.argv[4] ?? 5);
const { pairs } = syntheticEstate(pacticipants, integrations);
const at = new Date('2026-01-01T00:00:00Z');
const graph = buildGraph(
  pairs.map(([consumer, provider]) => ({
    consumer: { name: consumer, labels: [] },
    provider: { name: provider, labels: [] },
    latestPact: { consumerVersion: '1', branches: [], publishedAt: at, changed: false },
    latestVerification: null,
  })),
);
const times: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const positions = await layoutGraph(graph);
  times.push(performance.now() - started);
  const used = process.cpuUsage(startedCpu);
  cpu.push((used.user + used.system) / 1000);
  if (positions.size !== graph.nodes.length) throw new Error('a node has no position');
}
const [cold, ...warm] = times;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
// Wall time suffers from other processes on a busy machine; CPU time is what the layout itself costs.
console.log(
  `elk layered: ${graph.nodes.length} pacticipants, ${graph.edges.length} integrations: first ${cold!.toFixed(0)} ms ` +
    `(${cpu[0]!.toFixed(0)} ms CPU), median of next ${warm.length}: ${median(warm).toFixed(0)} ms (${median(cpu.slice(1)).toFixed(0)} ms CPU)`,
);
