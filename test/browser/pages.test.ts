// Every page of a seeded estate in a real Chromium: no console errors, no CSP violations, no failed requests, and no
// serious or critical axe-core violations, in light and dark mode. Screenshots go to test/.tmp/screenshots/.
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, blocking, chromiumAvailable, launchChromium, screenshot, watchCsp, watchPage, type BrowserSession } from '../support/browser.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const EVIL = '<script>alert(1)</script>';
const run = chromiumAvailable();

let t: TestApp;
let base: string;
let chromium: BrowserSession;

beforeAll(async () => {
  if (!run) return;
  t = await buildTestApp();
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w1', branch: 'main' })
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w2', branch: 'main', interactions: ['a changed one'] })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w2', providerVersion: 'o7', success: false })
    .publishPact({ consumer: 'Web', provider: 'Billing', version: 'w2', branch: 'main' })
    .verify({ consumer: 'Web', provider: 'Billing', consumerVersion: 'w2', providerVersion: 'b3', success: true })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '1"><img src=x onerror=alert(2)>' })
    .recordDeployment({ pacticipant: 'Web', version: 'w1', environment: 'production' })
    .recordRelease({ pacticipant: 'Orders', version: 'o7', environment: 'production' })
    .done();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await t?.close();
});

async function open(path: string, scheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
  const context = await chromium.browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await watchCsp(page);
  const { errors } = watchPage(page);
  const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return { page, errors };
}

async function checkPage(path: string, name: string): Promise<Page> {
  for (const scheme of ['light', 'dark'] as const) {
    const { page, errors } = await open(path, scheme);
    await page.waitForLoadState('networkidle');
    await screenshot(page, `${name}-${scheme}`);
    expect(errors, `${path} (${scheme})`).toEqual([]);
    expect(blocking(await axeViolations(page)), `${path} (${scheme})`).toEqual([]);
    if (scheme === 'dark') return page;
    await page.context().close();
  }
  throw new Error('unreachable');
}

describe.runIf(run)('pages in Chromium', () => {
  it('dashboard: loads clean, accessible in light and dark, hostile names stay text', async () => {
    const page = await checkPage('/', 'dashboard');
    expect(await page.locator('table.integrations tbody tr').count()).toBe(3);
    await expect(page.getByRole('link', { name: EVIL }).count()).resolves.toBe(1);
    
    await page.context().close();
  });

  it('dashboard: the keyboard reaches the skip link first and it moves focus to the content', async () => {
    const { page } = await open('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent?.trim()')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('main');
    await page.context().close();
  });
});
