// The search page view: the form keeps the term (escaped), matches link to the pact page anchors, hostile text stays text.
import { describe, expect, it } from 'vitest';
import { searchPacts } from '../../../src/ui/search/search-pacts.js';
import { renderSearchPage } from '../../../src/ui/search/search.view.js';

const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""');
const hostile = {
  consumerName: '<script>alert(1)</script>',
  providerName: 'خدمة الدفع 🍕',
  consumerVersionNumber: `"><img src=x>${'9'.repeat(200)}`,
  content: JSON.stringify({
    interactions: [{ description: '<b>total</b>', request: { path: '/<p>total', headers: { '<h>': 'total' } }, response: { status: 200, body: { '<i>total': 1 } } }],
  }),
};

describe('search page', () => {
  it('without a term: the form only', () => {
    const html = renderSearchPage('', null);
    expect(html).toContain('<form class="filters" method="get" action="/ui/search" role="search"');
    expect(html).toContain('name="q" value=""');
    expect(html).toContain('aria-current="page"');
    expect(html).not.toContain('search-summary');
  });

  it('escapes the term, names, descriptions and matches', () => {
    const term = 'total"><script>';
    const html = renderSearchPage(term, searchPacts([hostile], 'total'));
    const markup = markupOf(html);
    for (const tag of ['<script', '<img', '<b>', '<p>', '<h>', '<i>']) expect(markup, tag).not.toContain(tag);
    expect(html).toContain('value="total&#34;><script>"');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('خدمة الدفع 🍕');
    expect(html).toContain('#interaction-1">&lt;b>total&lt;/b></a>');
    expect(html).toContain('<code>response.body.&lt;i>total</code>'.replace('response.body.&lt;i>total', 'response.body[&#34;&lt;i>total&#34;]'));
    expect(html).toContain('4 matches in 1 integration · searched the latest pact of 1 integration');
    expect(markup).not.toMatch(/<style|\sstyle=|<[^>]*\son[a-z]+=/i);
  });

  it('says when nothing matched and when matches were cut', () => {
    expect(renderSearchPage('zzz', searchPacts([hostile], 'zzz'))).toContain('No pact matches this term.');
    const cut = renderSearchPage('total', { term: 'total', groups: [], matches: 200, scanned: 3, truncated: true });
    expect(cut).toContain('Only the first 200 matches are shown');
  });
});
