// The search page: a GET form (works without scripts), then the matches grouped by integration, consumer → provider,
// each interaction linking to its anchor on the pact page. Every value goes through a `safe` child or an attribute.
import { Layout } from '../layout.js';
import { MAX_PACTS, MAX_RESULTS, MIN_TERM, MAX_TERM, type SearchResult } from './search-pacts.js';

const KIND_TEXT: Record<string, string> = {
  field: 'field',
  path: 'path',
  header: 'header',
  metadata: 'metadata',
  description: 'description',
  'provider state': 'provider state',
};

function Results({ result }: { result: SearchResult }): JSX.Element {
  const summary = `${result.matches} ${result.matches === 1 ? 'match' : 'matches'} in ${result.groups.length} ${result.groups.length === 1 ? 'integration' : 'integrations'} · searched the latest pact of ${result.scanned} ${result.scanned === 1 ? 'integration' : 'integrations'}`;
  return (
    <>
      <p class="summary" role="status" id="search-summary" safe>
        {summary}
      </p>
      {result.truncated ? (
        <p class="muted" id="search-truncated">
          {`Only the first ${MAX_RESULTS} matches are shown: narrow the term to see the rest.`}
        </p>
      ) : (
        ''
      )}
      {result.groups.length === 0 ? <p>No pact matches this term.</p> : ''}
      {result.groups.map((g) => (
        <section class="search-group">
          <h2>
            <a href={g.consumerHref} safe>
              {g.consumer}
            </a>{' '}
            <span aria-hidden="true">→</span>
            <span class="visually-hidden">to</span>{' '}
            <a href={g.providerHref} safe>
              {g.provider}
            </a>{' '}
            <span class="muted">
              pact of{' '}
              <a class="version" href={g.pactHref} safe>
                {g.consumerVersion}
              </a>
            </span>
          </h2>
          <ul class="search-interactions">
            {g.interactions.map((i) => (
              <li>
                <a href={`${g.pactHref}#${i.anchor}`} safe>
                  {i.description}
                </a>
                <ul class="search-matches">
                  {i.matches.map((m) => (
                    <li>
                      <span class="tag" safe>
                        {KIND_TEXT[m.kind] ?? m.kind}
                      </span>{' '}
                      <code safe>{m.kind === 'field' ? m.location : m.text}</code>
                      {m.kind === 'field' || m.kind === 'description' ? (
                        ''
                      ) : (
                        <span class="muted" safe>
                          {` in ${m.location}`}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function SearchPage({ term, result }: { term: string; result: SearchResult | null }): JSX.Element {
  return (
    <Layout title={term ? `Search: ${term}` : 'Search pacts'} current="/ui/search">
      <h1>Search pacts</h1>
      <form class="filters" method="get" action="/ui/search" role="search" aria-label="Search pact contents" id="search-form">
        <label>
          Field, path, header, description or provider state
          <input type="search" name="q" value={term} minlength={String(MIN_TERM)} maxlength={String(MAX_TERM)} required />
        </label>
        <button type="submit">Search</button>
      </form>
      <p class="muted">
        {`Searches the latest pact of each integration (at most ${MAX_PACTS} integrations, by consumer name) for JSON field names in request, response and message bodies, request paths, headers, message metadata, descriptions and provider states; at most ${MAX_RESULTS} matches are shown.`}
      </p>
      {result ? <Results result={result} /> : ''}
    </Layout>
  );
}

export function renderSearchPage(term: string, result: SearchResult | null): string {
  return String(<SearchPage term={term} result={result} />);
}
