// The graph page in a real browser: seeds a synthetic estate (default 200 pacticipants / 1,000 integrations) on
// PGlite through the services, serves Treaty, opens /ui/graph (whole estate, server positions) and a neighbourhood
// in Debian's Chromium with playwright-core, and reports console errors, CSP violations and the time until the graph
// is drawn. `npx tsx bench/graph-page.ts [pacticipants] [integrations] [screenshot-dir]`. Not a test: the lead's
// browser tests own assertions; this is a measurement and a smoke check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { syntheticEstate } from './graph-estate.js';
import { launchBenchChromium, watchedPage } from './ui-graph-browser.js';

const pacticipants = Number(process.argv[2] ?? 200);
const integrations = Number(process.argv[3] ?? 1000);
const shots = process.argv[4] ?? mkdtempSync(join(tmpdir(), 'treaty-graph-'));

const config = loadConfig({ TREATY_LOG_LEVEL: 'silent' });
const database = await openDatabase({ dataDir: ':memory:' });
await runMigrations(database);
const container = createContainer({ config, database });
const { services } = container;
const { pairs } = syntheticEstate(pacticipants, integrations);
const seeded = performance.now();
const byConsumer = new Map<string, string[]>();
for (const [c, p] of pairs) byConsumer.set(c, [...(byConsumer.get(c) ?? []), p]);
let n = 0;
for (const [consumer, providers] of byConsumer) {
  await services.pacts.publishContracts({
    pacticipantName: consumer,
    pacticipantVersionNumber: '1.0.0',
    branch: 'main',
    tags: [],
    contracts: providers.map((provider) => ({
      consumerName: consumer,
      providerName: provider,
      document: { consumer: { name: consumer }, provider: { name: provider }, interactions: [], metadata: { pactSpecification: { version: '2.0.0' } } } as never,
      onConflict: 'overwrite' as const,
    })),
  });
  // Verify some: a third verified, a tenth failed, the rest left unverified.
  for (const provider of providers) {
    n++;
    if (n % 3 !== 0 && n % 10 !== 0) continue;
    const pact = await services.pacts.forConsumerVersion(provider, consumer, '1.0.0');
    await services.verifications.publish({ providerName: provider, consumerName: consumer, sha: pact.sha, result: { success: n % 10 !== 0, providerApplicationVersion: '1.0.0' } });
  }
}
console.log(`seeded ${byConsumer.size} consumers, ${pairs.length} integrations in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

const app = await buildApp({ container });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await launchBenchChromium('/usr/bin/chromium');
try {
  const { page, problems } = await watchedPage(browser);
  for (const [name, url] of [
    ['estate (first: ELK runs)', '/ui/graph'],
    ['estate (layout cached)', '/ui/graph'],
    ['neighbourhood', `/ui/graph?pacticipant=${encodeURIComponent(pairs[0]![1])}&depth=1`],
  ] as const) {
    const started = performance.now();
    await page.goto(`${address}${url}`);
    await page.waitForSelector('#graph-canvas[data-ready]', { timeout: 60_000 });
    const ready = await page.getAttribute('#graph-canvas', 'data-ready');
    await page.waitForSelector('#graph-canvas[data-drawn-ms]', { timeout: 30_000 }).catch(() => undefined);
    const drawnMs = await page.getAttribute('#graph-canvas', 'data-drawn-ms');
    const ms = performance.now() - started;
    const status = await page.textContent('#graph-status');
    const data = await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/integrations/graph')).map((e) => Math.round(e.duration))[0]`);
    await page.screenshot({ path: join(shots, `graph-${name.split(' ')[0]}.png`) });
    console.log(`${name}: ${ready} after ${ms.toFixed(0)} ms (graph JSON ${String(data)} ms, cytoscape first render ${drawnMs ?? '?'} ms) — ${status?.trim()}`);
  }
  console.log(problems.length ? `problems:\n  ${problems.join('\n  ')}` : 'no console errors, no CSP violations');
  console.log(`screenshots in ${shots}`);
} finally {
  await browser.close();
  await app.close();
  await database.close();
}
