// The whole-estate graph drawn in a real browser, for the ui group of `npm run bench`: Debian's Chromium (through
// playwright-core) opens /ui/graph once cold (the server computes and caches the layout) and three times warm; the best
// warm navigation-to-drawn time is the number issue 13 set a target for (under 2 s at 200 pacticipants and 1,000
// integrations). The browser test (test/browser/graph-estate.test.ts) checks that the graph draws, clean and
// accessible; the time lives here because a busy CI machine made a timed assertion flaky.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const GRAPH_DRAWN_TARGET_MS = 2000;

/** Headless Chromium with the flags the browser tests use (test/support/browser.ts). */
export function launchBenchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records what must never happen: console errors and warnings, failed responses, page errors, CSP violations. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // Runs in the page (a string: this file is compiled without the DOM library).
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`);
  return { page, problems };
}

export interface GraphBrowserTiming {
  coldMs: number;
  /** Navigation to drawn, warm rounds in order. */
  warmMs: number[];
  /** cytoscape's own first render of the best warm round (the page's data-drawn-ms). */
  inPageMs: number | undefined;
  /** What must never happen: console errors, CSP violations, failed requests, a graph that did not draw them all. */
  problems: string[];
}

export async function timeGraphInBrowser(
  baseUrl: string,
  expected: { pacticipants: number; integrations: number },
): Promise<GraphBrowserTiming | string> {
  const executablePath = process.env.TREATY_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return `no Chromium at ${executablePath} (apt-get install -y chromium)`;
  const browser = await launchBenchChromium(executablePath);
  try {
    const { page, problems } = await watchedPage(browser);
    const drawn = `Drawn: ${expected.pacticipants} pacticipants, ${expected.integrations} integrations.`;
    const times: number[] = [];
    let inPageMs: number | undefined;
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 4; round++) {
      const started = performance.now();
      await page.goto(`${baseUrl}/ui/graph`);
      await page.waitForSelector('#graph-canvas[data-ready]', { timeout: 60_000 });
      const ms = performance.now() - started;
      const status = (await page.textContent('#graph-status'))?.trim() ?? '';
      if ((await page.getAttribute('#graph-canvas', 'data-ready')) !== 'true' || !status.startsWith(drawn)) {
        problems.push(`round ${round + 1}: the graph did not draw the whole estate: ${status}`);
        break;
      }
      times.push(ms);
      if (round > 0 && ms < best) {
        best = ms;
        await page.waitForSelector('#graph-canvas[data-drawn-ms]', { timeout: 30_000 }).catch(() => undefined);
        const attribute = await page.getAttribute('#graph-canvas', 'data-drawn-ms');
        inPageMs = attribute === null ? undefined : Number(attribute);
      }
    }
    return { coldMs: times[0] ?? Number.NaN, warmMs: times.slice(1), inPageMs, problems };
  } finally {
    await browser.close();
  }
}
