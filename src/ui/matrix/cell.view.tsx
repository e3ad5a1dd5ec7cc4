// One matrix cell's page: the results, the pact link and the diff against the previous distinct pact. Every value
// from the database goes through a `safe` child or an attribute (both escaped); build URLs are links only for http(s).
import { Layout } from '../layout.js';
import type { CellPageModel, ResultModel } from './cell.view-model.js';
import type { VersionHeader } from './matrix.view-model.js';

function VersionFacts({ header, label }: { header: VersionHeader; label: string }): JSX.Element {
  const facts = [
    ...header.branches.map((b) => `branch ${b}`),
    ...header.tags.map((t) => `tag ${t}`),
    ...header.environments.map((e) => `in ${e}`),
  ];
  return (
    <>
      <dt safe>{label}</dt>
      <dd>
        <a class="version" href={header.href} safe>
          {header.number}
        </a>
        {facts.length ? (
          <ul class="chips">
            {facts.map((f) => (
              <li class="chip" safe>
                {f}
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </dd>
    </>
  );
}

function Result({ result }: { result: ResultModel }): JSX.Element {
  return (
    <tr>
      <td class={`status status-${result.success ? 'verified' : 'failed'}`}>
        <span class="icon" aria-hidden="true" safe>
          {result.icon}
        </span>{' '}
        <span safe>{result.text}</span>
      </td>
      <td safe>{result.verifiedAt}</td>
      <td>
        {result.buildUrl ? (
          <a href={result.buildUrl.href} rel="noopener noreferrer" class="build-url" safe>
            {result.buildUrl.text}
          </a>
        ) : result.buildUrlText ? (
          <span class="build-url" safe>
            {result.buildUrlText}
          </span>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      <td>{result.testSummary ? <span safe>{result.testSummary}</span> : <span class="muted">none sent</span>}</td>
      <td>
        <a href={result.json} safe>
          {`result ${result.id}`}
        </a>
      </td>
    </tr>
  );
}

export function CellPage({ model }: { model: CellPageModel }): JSX.Element {
  const { consumer, provider } = model;
  return (
    <Layout title={`${consumer.text} ${model.consumerVersion.number} × ${provider.text} ${model.providerVersion.number}`}>
      <div id="cell-content">
        <p class="breadcrumb">
          <a href={model.matrix} safe>{`Matrix ${consumer.text} → ${provider.text}`}</a>
        </p>
        <h1 safe>{`${consumer.text} ${model.consumerVersion.number} with ${provider.text} ${model.providerVersion.number}`}</h1>
        <p class={`cell-state status status-${model.state}`} id="cell-state">
          <span class="icon" aria-hidden="true" safe>
            {model.icon}
          </span>{' '}
          <strong safe>{model.text}</strong>
          {model.state === 'not-applicable' ? <span safe>{` — ${consumer.text} ${model.consumerVersion.number} has no pact with ${provider.text}.`}</span> : ''}
          {model.state === 'unverified' ? <span safe>{` — ${provider.text} ${model.providerVersion.number} has not published a result for this pact.`}</span> : ''}
        </p>
        <dl class="facts">
          <VersionFacts header={model.consumerVersion} label={`Consumer ${consumer.text}`} />
          <VersionFacts header={model.providerVersion} label={`Provider ${provider.text}`} />
          <dt>Pact</dt>
          <dd>
            {model.pact ? (
              <>
                <a href={model.pact.href} id="cell-pact">
                  The pact of this consumer version
                </a>{' '}
                <span class="muted" safe>{`published ${model.pact.publishedAt}`}</span>
              </>
            ) : (
              <span class="muted">none</span>
            )}
          </dd>
        </dl>
        <p>
          <a href={model.canIDeploy} safe>{`Can I deploy ${consumer.text} ${model.consumerVersion.number}?`}</a>
        </p>

        <section aria-labelledby="results-heading" id="cell-results">
          <h2 id="results-heading">Verification results</h2>
          {model.results.length === 0 ? (
            <p class="muted">No results from this provider version for this pact.</p>
          ) : (
            <table class="integrations results">
              <caption class="visually-hidden">Verification results, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Result</th>
                  <th scope="col">When</th>
                  <th scope="col">Build</th>
                  <th scope="col">Tests</th>
                  <th scope="col">JSON</th>
                </tr>
              </thead>
              <tbody>
                {model.results.map((r) => (
                  <Result result={r} />
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section aria-labelledby="diff-heading" id="cell-diff">
          <h2 id="diff-heading">Changes since the previous distinct pact</h2>
          {model.diff === null ? (
            <p class="muted">No pact, so no diff.</p>
          ) : model.diff.previous === null ? (
            <p class="muted">This is the first pact with this content: there is no earlier distinct version to compare with.</p>
          ) : (
            <>
              <p>
                Compared with the pact of consumer version{' '}
                <a class="version" href={model.diff.previous.href} safe>
                  {model.diff.previous.text}
                </a>
                .
              </p>
              <pre class="diff" tabindex="0" aria-label="Diff">
                {model.diff.lines.map((line) => (
                  <span class={`diff-line diff-${line.kind}`} safe>
                    {`${line.text}\n`}
                  </span>
                ))}
              </pre>
            </>
          )}
        </section>
      </div>
    </Layout>
  );
}
