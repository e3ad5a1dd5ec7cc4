import { describe, expect, it } from 'vitest';
import { Layout, NAV } from '../../../src/ui/layout.js';
import { renderNotFound } from '../../../src/ui/shared/not-found.view.js';

describe('layout', () => {
  it('loads only the module scripts a page names, by URL, never inline', () => {
    const html = String(
      <Layout title="T" scripts={['/ui/assets/graph.js', '/ui/vendor/x@1.0.0/x.js?"><script>']}>
        <p>body</p>
      </Layout>,
    );
    expect(html).toContain('<script type="module" src="/ui/assets/graph.js"></script>');
    expect(html).toContain('src="/ui/vendor/x@1.0.0/x.js?&#34;><script>"'); // the quote is escaped: it stays one attribute
    expect(html.match(/<script type="module"/g)).toHaveLength(2);
    expect(String(<Layout title="T">x</Layout>)).not.toContain('<script');
  });

  it('marks the current page in the navigation', () => {
    const html = String(<Layout title="Graph" current="/ui/graph">x</Layout>);
    expect(html).toContain('<a href="/ui/graph" aria-current="page">Network graph</a>');
    expect(NAV.map((n) => n.href)).toEqual(['/', '/ui/graph', '/ui/can-i-deploy', '/ui/search', '/docs', '/?format=hal']);
  });

  it('renders a not-found page with the message escaped', () => {
    const html = renderNotFound('Pacticipant not found', 'No pacticipant named <script>x</script>');
    expect(html).toContain('<h1>Pacticipant not found</h1>');
    expect(html).toContain('No pacticipant named &lt;script>x&lt;/script>');
  });
});
