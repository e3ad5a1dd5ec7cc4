// A pact as documentation: who published it, who verified it, then every interaction as a readable request and
// response (or message). Every value from the pact goes through a `safe` child or an attribute (both escaped).
import { Layout } from '../layout.js';
import type { Part, InteractionSection, NameValue, Snippet } from './pact-document.js';
import type { PactPageModel, PublisherRow, VerificationRow } from './pact.view-model.js';

function Chips({ items, label }: { items: string[]; label: string }): JSX.Element {
  if (items.length === 0) return '';
  return (
    <ul class="branches" aria-label={label}>
      {items.map((b) => (
        <li safe>{b}</li>
      ))}
    </ul>
  );
}

function Publishers({ rows, more }: { rows: PublisherRow[]; more: boolean }): JSX.Element {
  return (
    <section id="published-by" aria-labelledby="published-by-heading">
      <h2 id="published-by-heading">Published by</h2>
      <table class="data">
        <caption class="visually-hidden">Consumer versions whose pact has this content, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Consumer version</th>
            <th scope="col">Branches</th>
            <th scope="col">Tags</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <a class="version" href={r.version.href} safe>
                  {r.version.text}
                </a>
              </th>
              <td>{r.branches.length ? <Chips items={r.branches} label="Branches" /> : <span class="muted">—</span>}</td>
              <td>{r.tags.length ? <Chips items={r.tags} label="Tags" /> : <span class="muted">—</span>}</td>
              <td safe>{r.publishedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? <p class="muted">Older consumer versions with the same content are not listed.</p> : ''}
    </section>
  );
}

function BuildUrl({ url }: { url: VerificationRow['buildUrl'] }): JSX.Element {
  if (!url) return <span class="muted">—</span>;
  if (url.href === null) {
    return (
      <span class="version" safe>
        {url.text}
      </span>
    );
  }
  return (
    <a class="version" href={url.href} rel="noopener noreferrer" safe>
      {url.text}
    </a>
  );
}

function Verifications({ rows, more }: { rows: VerificationRow[]; more: boolean }): JSX.Element {
  return (
    <section id="verifications" aria-labelledby="verifications-heading">
      <h2 id="verifications-heading">Verifications</h2>
      {rows.length === 0 ? (
        <p class="status status-unverified">
          <span class="icon" aria-hidden="true">
            ○
          </span>{' '}
          Not yet verified
        </p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">Verification results of this pact content, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Provider version</th>
              <th scope="col">Result</th>
              <th scope="col">Verified</th>
              <th scope="col">Build</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr>
                <th scope="row">
                  <a class="version" href={v.providerVersion.href} safe>
                    {v.providerVersion.text}
                  </a>
                </th>
                <td class={`status status-${v.status}`}>
                  <span class="icon" aria-hidden="true" safe>
                    {v.icon}
                  </span>{' '}
                  <span safe>{v.text}</span>
                  {v.flags.map((f) => (
                    <span class="tag" safe>
                      {f}
                    </span>
                  ))}
                </td>
                <td safe>{v.verifiedAt}</td>
                <td>
                  <BuildUrl url={v.buildUrl} />
                </td>
                <td>
                  <a href={v.result.href} aria-label={`Verification result ${v.result.text} as JSON`} safe>
                    {v.result.text}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more ? <p class="muted">Older verification results are not listed.</p> : ''}
    </section>
  );
}

function Code({ snippet, label }: { snippet: Snippet; label: string }): JSX.Element {
  return (
    <>
      <pre class={`code code-${snippet.format}`} tabindex="0" role="group" aria-label={label}>
        <code safe>{snippet.text}</code>
      </pre>
      {snippet.note ? (
        <p class="muted note" safe>
          {snippet.note}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

function Pairs({ rows, title }: { rows: NameValue[]; title: string }): JSX.Element {
  if (rows.length === 0) return '';
  return (
    <>
      <p class="pairs-title" safe>
        {title}
      </p>
      <dl class="pairs">
        {rows.map((r) => (
          <div>
            <dt safe>{r.name}</dt>
            <dd safe>{r.value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function PartView({ part, interaction }: { part: Part; interaction: string }): JSX.Element {
  return (
    <div class="part">
      <h4 safe>{part.title}</h4>
      {part.line === null ? (
        ''
      ) : (
        <p class="line">
          <code safe>{part.line}</code>
        </p>
      )}
      <Pairs rows={part.headers} title="Headers" />
      <Pairs rows={part.metadata} title="Metadata" />
      {part.body ? <Code snippet={part.body} label={`${part.title} body of ${interaction}`} /> : ''}
      {part.rules.length ? (
        <details class="rules">
          <summary safe>{`Matching rules (${part.rules.length})`}</summary>
          <ul>
            {part.rules.map((r) => (
              <li>
                <code safe>{r}</code>
              </li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
    </div>
  );
}

function Interaction({ i }: { i: InteractionSection }): JSX.Element {
  return (
    <section class={`interaction interaction-${i.kind}`} id={i.anchor} aria-labelledby={`${i.anchor}-heading`}>
      <h3 id={`${i.anchor}-heading`}>
        <span safe>{i.description}</span> <span class="kind" safe>{i.kindLabel}</span>
        {i.pending ? <span class="tag pending">pending</span> : ''}
      </h3>
      {i.providerStates.length ? (
        <div class="states">
          <p>Given</p>
          <ul>
            {i.providerStates.map((s) => (
              <li>
                <span safe>{s.name}</span>
                {s.params ? (
                  <pre class="code code-json params" tabindex="0" role="group" aria-label={`Parameters of ${s.name}`}>
                    <code safe>{s.params}</code>
                  </pre>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {i.comments.map((c) => (
        <p class="muted" safe>
          {c}
        </p>
      ))}
      <div class="parts">
        {i.parts.map((p) => (
          <PartView part={p} interaction={i.description} />
        ))}
      </div>
      {i.raw ? <Code snippet={i.raw} label={`${i.description} as JSON`} /> : ''}
    </section>
  );
}

export function PactPage({ model }: { model: PactPageModel }): JSX.Element {
  const { sections } = model;
  return (
    <Layout title={`Pact ${model.title}`}>
      <h1 class="pact-title">
        <a href={model.consumer.href} safe>
          {model.consumer.text}
        </a>{' '}
        <span aria-hidden="true">→</span>
        <span class="visually-hidden">to</span>{' '}
        <a href={model.provider.href} safe>
          {model.provider.text}
        </a>
      </h1>
      <p class="pact-meta">
        Pact of consumer version{' '}
        <a class="version" href={model.consumerVersion.href} safe>
          {model.consumerVersion.text}
        </a>
        , published <span safe>{model.publishedAt}</span>
        {sections.specification ? <span safe>{` · Pact specification ${sections.specification}`}</span> : ''} · content{' '}
        <a class="version" href={model.links.permalink} safe>
          {model.sha.slice(0, 12)}
        </a>
      </p>
      <ul class="pact-links" aria-label="Related">
        <li>
          <a href={model.links.raw} id="raw-json">
            Raw JSON
          </a>
        </li>
        <li>
          <a href={model.links.diff} id="diff-previous">
            Diff with the previous version
          </a>
        </li>
        <li>
          <a href={model.links.allVersions}>All versions (JSON)</a>
        </li>
        <li>
          <a href={model.links.matrix} id="matrix-link">
            Compatibility matrix
          </a>
        </li>
      </ul>
      <Publishers rows={model.publishers} more={model.morePublishers} />
      <Verifications rows={model.verifications} more={model.moreVerifications} />
      <section id="interactions" aria-labelledby="interactions-heading">
        <h2 id="interactions-heading" safe>{`Interactions (${sections.total})`}</h2>
        {model.parseError ? (
          <p role="alert" safe>
            {model.parseError}
          </p>
        ) : (
          ''
        )}
        {sections.notes.map((n) => (
          <p class="muted" safe>
            {n}
          </p>
        ))}
        {model.toc.length ? (
          <nav aria-label="Interactions" class="toc">
            <ol>
              {model.toc.map((t) => (
                <li>
                  <a href={t.href} safe>
                    {t.text}
                  </a>{' '}
                  <span class="muted" safe>
                    {t.kindLabel}
                  </span>
                  {t.pending ? <span class="tag pending">pending</span> : ''}
                </li>
              ))}
            </ol>
          </nav>
        ) : (
          <p>This pact has no interactions.</p>
        )}
        {sections.interactions.map((i) => (
          <Interaction i={i} />
        ))}
      </section>
    </Layout>
  );
}
