// Browser tests drive Debian's Chromium (apt-get install -y chromium; `.ci/run` installs it when missing) through
// playwright-core. Without Chromium they are skipped with a warning — except under CI=true, where that is a failure.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TREATY_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../.tmp/screenshots');

/** Whether browser tests can run here; under CI they must. */
export function chromiumAvailable(): boolean {
  const found = existsSync(CHROMIUM);
  if (!found && process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs it with apt-get install -y chromium`);
  if (!found) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return found;
}

export interface BrowserSession {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches headless Chromium with the flags the issue names. Playwright gives each launch a fresh temporary profile
 * (its own --user-data-dir, removed on close), so no state carries over between runs. */
export async function launchChromium(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export interface PageProblems {
  /** Console errors, uncaught exceptions and CSP violations, in order. */
  errors: string[];
}

/** Records everything on a page that should never happen: console errors, page errors, CSP violations, failed requests, dialogs. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { errors: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  // An alert() from a hostile name would mean injected script ran.
  page.on('dialog', (dialog) => {
    problems.errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('requestfailed', (request) => problems.errors.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Listens for securitypolicyviolation events in the page (registered before any page script runs). */
export async function watchCsp(page: Page): Promise<void> {
  // A string, not a function: it runs in the page (the project compiles without the DOM types).
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));",
  );
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP does not block it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then(({ violations }) =>
    violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) })))`);
}

/** The violations a page must not have: serious and critical. */
export const blocking = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
