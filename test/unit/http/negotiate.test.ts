import { describe, expect, it } from 'vitest';
import { prefersHtml } from '../../../src/http/negotiate.js';

describe('prefersHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true], // Chromium, Firefox
    ['text/html', true],
    ['application/json, text/html', true],
    ['TEXT/HTML; charset=utf-8', true],
    [undefined, false],
    ['', false],
    ['*/*', false], // curl, the Pact clients
    ['application/hal+json', false],
    ['application/hal+json, application/json', false],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0, */*', false],
    ['text/html;q=abc', false],
  ])('%s → %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});
