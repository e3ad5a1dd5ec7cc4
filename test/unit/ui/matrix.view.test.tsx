// Rendering the matrix and cell pages with hostile names: everything from the database reaches the HTML escaped,
// every cell has an icon and a word, the grid is a table with scoped headers, and nothing inline is emitted.
import { describe, expect, it } from 'vitest';
import type { Grid, GridCell } from '../../../src/matrix/grid.service.js';
import { buildCellPage } from '../../../src/ui/matrix/cell.view-model.js';
import { CellPage } from '../../../src/ui/matrix/cell.view.js';
import { buildMatrixPage, parseMatrixPageQuery } from '../../../src/ui/matrix/matrix.view-model.js';
import { MatrixPage } from '../../../src/ui/matrix/matrix.view.js';

const SCRIPT = '<script>alert("x")</script>';
const QUOTES = `O'Reilly "quotes" & <img src=x onerror=alert(1)>`;
const LONG = `1.0</th><script>v</script>${'9'.repeat(300)}`;
const v = (id: number, number: string) => ({ id, number, order: id });

const grid: Grid = {
  consumer: { id: 1, name: SCRIPT, mainBranch: null },
  provider: { id: 2, name: QUOTES, mainBranch: null },
  consumerVersions: { items: [v(12, LONG), v(11, '🍕 خدمة')], more: true },
  providerVersions: { items: [v(22, '"><svg onload=alert(1)>'), v(21, 'p1')], more: false },
  pacts: [{ consumerId: 1, consumerVersionId: 12, providerId: 2, pactVersionId: 100, sha: 'a', publishedAt: new Date(0) }],
  verifications: [{ source: 'pact_verification', pactVersionId: 100, providerVersion: v(21, 'p1'), verificationId: 1, success: true, verifiedAt: new Date(0) }],
  versions: new Map([
    [12, { versionId: 12, branches: [{ name: '<b>branch</b>', latest: true }], tags: [{ name: '<i>tag</i>', latest: true }], environments: [{ uuid: 'u', name: '<env>', displayName: null, production: false, createdAt: new Date(0) }] }],
  ]),
  branchNames: { consumer: ['<b>branch</b>'], provider: [] },
};

/**
 * The markup with every attribute value emptied and the page's own module scripts (src only, no inline code) taken
 * out: what remains must hold no tag that came from data.
 */
const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""').replaceAll('<script type="" src=""></script>', '');

describe('matrix view', () => {
  const html = String(<MatrixPage model={buildMatrixPage(grid, parseMatrixPageQuery({ cbranch: '"><script>x</script>' }), ['<env>'])} />);

  it('escapes every name, version, branch, tag, environment and filter value', () => {
    const markup = markupOf(html);
    for (const tag of ['<script', '<img', '<svg', '<b>', '<i>', '<env>']) expect(markup, tag).not.toContain(tag);
    expect(html).toContain('&lt;script>alert(&#34;x&#34;)&lt;/script>');
    expect(html).toContain('name="cbranch" value="&#34;><script>x</script>"');
    expect(html).toContain('🍕 خدمة');
  });

  it('is a table with scoped headers, icons with words, and no inline script or style', () => {
    expect(html).toContain('<table class="matrix" id="matrix-grid">');
    expect(html).toContain('<script type="module" src="/ui/assets/matrix-panel.js"></script>');
    expect(html.match(/<th scope="col"/g)).toHaveLength(3); // corner + two provider versions
    expect(html.match(/<th scope="row"/g)).toHaveLength(2);
    expect(html).toMatch(/<td class="cell cell-verified"><a [^]*?><span class="icon" aria-hidden="true">✓<\/span> <span class="cell-text">Verified<\/span>/);
    expect(html).toMatch(/<td class="cell cell-not-applicable"><a [^]*?><span class="icon" aria-hidden="true">–<\/span> <span class="cell-text">No pact<\/span>/);
    expect(markupOf(html)).not.toMatch(/<script|<style| style=|hx-on/);
    // Every control has a label.
    for (const name of ['cbranch', 'ctag', 'cenv', 'csize', 'conly', 'pbranch', 'ptag', 'penv', 'psize', 'ponly']) {
      expect(html, name).toMatch(new RegExp(`<label[^>]*>(?:(?!</label>).)*name="${name}"`));
    }
    expect(html).toContain('id="consumer-pager"');
  });
});

describe('cell view', () => {
  const cell: GridCell = {
    consumer: grid.consumer,
    provider: grid.provider,
    consumerVersion: v(12, LONG),
    providerVersion: v(21, 'p1'),
    pact: grid.pacts[0],
    verifications: [
      {
        id: 1, pactVersionId: 100, sha: 'a', consumerId: 1, consumerName: SCRIPT, providerId: 2, providerName: QUOTES, providerVersionId: 21,
        providerVersionNumber: 'p1', providerVersionOrder: 21, consumerVersionNumber: LONG, success: false, buildUrl: 'javascript:alert("x")',
        testResults: { summary: { testCount: 2, failureCount: 1 } }, verifiedBy: null, wip: false, pending: null, consumerVersionSelectors: null, createdAt: new Date(0),
      },
    ],
    versions: new Map(),
  };
  const html = String(<CellPage model={buildCellPage(cell, { previousVersion: '<prev>', text: 'Interactions: 1 changed\n+ "<script>"\n- </pre><img src=x>' })} />);

  it('escapes names, versions, the diff, and never links a javascript: build URL', () => {
    const markup = markupOf(html);
    for (const tag of ['<script', '<img', '<prev>']) expect(markup, tag).not.toContain(tag);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<span class="build-url">javascript:alert(&#34;x&#34;)</span>');
    expect(html).toContain('<span>2 tests, 1 failed</span>');
    expect(html).toContain('<span class="diff-line diff-add">+ &#34;&lt;script>&#34;\n</span>');
  });
});
