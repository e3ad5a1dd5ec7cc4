// The version page: its branches and tags, where it runs, the pacts it published and the verifications it made.
import { Layout } from '../layout.js';
import { Fields, Names, PageLinks, Status } from '../pacticipants/pacticipant.view.js';
import type { VersionPageModel } from './version.view-model.js';

export function VersionPage({ model }: { model: VersionPageModel }): JSX.Element {
  return (
    <Layout title={model.title}>
      <p class="breadcrumb">
        <a href={model.pacticipant.href} safe>
          {model.pacticipant.text}
        </a>
      </p>
      <h1 safe>{model.title}</h1>
      <PageLinks label="About this version" links={model.links} />
      <section aria-labelledby="details">
        <h2 id="details">Details</h2>
        <dl class="details">
          <Fields fields={model.fields} />
          <dt>Branches</dt>
          <dd>
            <Names items={model.branches} label="Branches" cls="branches" />
          </dd>
          <dt>Tags</dt>
          <dd>
            <Names items={model.tags} label="Tags" cls="tags" />
          </dd>
        </dl>
      </section>
      <section aria-labelledby="environments">
        <h2 id="environments">Deployed and released</h2>
        {model.environments.length === 0 ? (
          <p class="muted">Never deployed or released.</p>
        ) : (
          <table class="environments">
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Recorded as</th>
                <th scope="col">State</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {model.environments.map((e) => (
                <tr>
                  <th scope="row" safe>
                    {e.environment}
                  </th>
                  <td safe>{e.kind}</td>
                  <td safe>{e.state}</td>
                  <td safe>{e.since}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="pacts">
        <h2 id="pacts">Pacts published (as consumer)</h2>
        {model.pacts.length === 0 ? (
          <p class="muted">This version published no pacts.</p>
        ) : (
          <table class="pacts">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Pact</th>
                <th scope="col">Latest verification</th>
              </tr>
            </thead>
            <tbody>
              {model.pacts.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={row.provider.href} safe>
                      {row.provider.text}
                    </a>
                  </th>
                  <td>
                    <a href={row.pact.href} safe>
                      {row.pact.text}
                    </a>
                  </td>
                  <td>
                    <Status cell={row.status} />
                    {row.by ? (
                      <div>
                        by{' '}
                        <a class="version" href={row.by.href} safe>
                          {row.by.text}
                        </a>
                        {row.at ? <span class="muted" safe>{` at ${row.at}`}</span> : ''}
                        {row.result ? (
                          <>
                            {' '}
                            <a href={row.result}>result</a>
                          </>
                        ) : (
                          ''
                        )}
                      </div>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="verified">
        <h2 id="verified">Verifications made (as provider)</h2>
        {model.verified.length === 0 ? (
          <p class="muted">This version verified no pacts.</p>
        ) : (
          <table class="verifications">
            <thead>
              <tr>
                <th scope="col">Consumer</th>
                <th scope="col">Consumer version</th>
                <th scope="col">Result</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {model.verified.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={row.consumer.href} safe>
                      {row.consumer.text}
                    </a>
                  </th>
                  <td>
                    <a class="version" href={row.consumerVersion.href} safe>
                      {row.consumerVersion.text}
                    </a>{' '}
                    (<a href={row.pact.href} safe>{row.pact.text}</a>)
                  </td>
                  <td>
                    <Status cell={row.status} /> <a href={row.result}>details</a>
                  </td>
                  <td safe>{row.at}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
