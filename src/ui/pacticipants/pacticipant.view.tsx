// The pacticipant page: who it is, its versions, where it runs, whom it talks to, what fires for it. Every value
// from the services reaches the markup through a `safe` child or an attribute (both escaped).
import { Layout } from '../layout.js';
import type { IntegrationRow, PacticipantPageModel } from './pacticipant.view-model.js';

/** The row of links under a page's heading (pacticipant and version pages). */
export function PageLinks({ label, links }: { label: string; links: ReadonlyArray<{ text: string; href: string }> }): JSX.Element {
  return (
    <nav class="page-links" aria-label={label}>
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.href} safe>
              {l.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Term/value pairs of a details list; a value with an href is a link (with `rel` when it may lead off Treaty). */
export function Fields({ fields, rel }: { fields: ReadonlyArray<{ term: string; text: string; href?: string }>; rel?: string }): JSX.Element {
  return (
    <>
      {fields.map((f) => (
        <>
          <dt safe>{f.term}</dt>
          <dd>
            {f.href ? (
              <a href={f.href} rel={rel} safe>
                {f.text}
              </a>
            ) : (
              <span safe>{f.text}</span>
            )}
          </dd>
        </>
      ))}
    </>
  );
}

export function Names({ items, label, cls }: { items: string[]; label: string; cls: string }): JSX.Element {
  if (items.length === 0) return <span class="muted">—</span>;
  return (
    <ul class={cls} aria-label={label}>
      {items.map((b) => (
        <li safe>{b}</li>
      ))}
    </ul>
  );
}

export function Status({ cell }: { cell: { status: string; icon: string; text: string } }): JSX.Element {
  return (
    <span class={`status status-${cell.status}`}>
      <span class="icon" aria-hidden="true" safe>
        {cell.icon}
      </span>{' '}
      <span safe>{cell.text}</span>
    </span>
  );
}

function Integrations({ rows, id, heading, otherSide }: { rows: IntegrationRow[]; id: string; heading: string; otherSide: string }): JSX.Element {
  return (
    <section aria-labelledby={id} class="integrations-section">
      <h3 id={id} safe>
        {heading}
      </h3>
      {rows.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table class={`integrations ${id}`}>
          <thead>
            <tr>
              <th scope="col" safe>
                {otherSide}
              </th>
              <th scope="col">Latest pact</th>
              <th scope="col">Latest verification</th>
              <th scope="col">Matrix</th>
              <th scope="col">Badge (Markdown)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={r.other.href} safe>
                    {r.other.text}
                  </a>
                </th>
                <td>
                  {r.pact ? (
                    <a class="version" href={r.pact.href} safe>
                      {r.pact.text}
                    </a>
                  ) : (
                    <span class="muted">no pact</span>
                  )}
                </td>
                <td>
                  <Status cell={r.verification} />
                  {r.verification.providerVersion ? (
                    <div>
                      by{' '}
                      <a class="version" href={r.verification.providerVersion.href} safe>
                        {r.verification.providerVersion.text}
                      </a>
                    </div>
                  ) : (
                    ''
                  )}
                  {r.verification.at ? (
                    <div class="muted" safe>
                      {r.verification.at}
                    </div>
                  ) : (
                    ''
                  )}
                </td>
                <td>
                  <a href={r.matrix.href} safe>
                    {r.matrix.text}
                  </a>
                </td>
                <td>
                  <code class="badge-markdown" safe>
                    {r.badgeMarkdown}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function PacticipantPage({ model }: { model: PacticipantPageModel }): JSX.Element {
  return (
    <Layout title={model.title}>
      <h1 safe>{model.title}</h1>
      <PageLinks label="About this pacticipant" links={model.links} />
      <section aria-labelledby="details">
        <h2 id="details">Details</h2>
        <dl class="details">
          <Fields fields={model.fields} rel="noopener noreferrer" />
          <dt>Labels</dt>
          <dd>
            <Names items={model.labels} label="Labels" cls="labels" />
          </dd>
        </dl>
      </section>
      <section aria-labelledby="integrations">
        <h2 id="integrations">Integrations</h2>
        <Integrations rows={model.asConsumer} id="as-consumer" heading="As consumer (→ provider)" otherSide="Provider" />
        <Integrations rows={model.asProvider} id="as-provider" heading="As provider (← consumer)" otherSide="Consumer" />
      </section>
      <section aria-labelledby="environments">
        <h2 id="environments">Environments</h2>
        {model.environments.length === 0 ? (
          <p class="muted">Not deployed or released anywhere.</p>
        ) : (
          <table class="environments">
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Currently deployed</th>
                <th scope="col">Released and supported</th>
              </tr>
            </thead>
            <tbody>
              {model.environments.map((e) => (
                <tr>
                  <th scope="row" safe>
                    {e.environment}
                  </th>
                  <td>
                    <ul class="placements">
                      {e.deployed.map((d) => (
                        <li>
                          <a class="version" href={d.version.href} safe>
                            {d.version.text}
                          </a>
                          {d.instance ? (
                            <span class="muted" safe>
                              {` (instance ${d.instance})`}
                            </span>
                          ) : (
                            ''
                          )}{' '}
                          <span class="muted" safe>
                            {`since ${d.since}`}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul class="placements">
                      {e.released.map((r) => (
                        <li>
                          <a class="version" href={r.version.href} safe>
                            {r.version.text}
                          </a>{' '}
                          <span class="muted" safe>
                            {`since ${r.since}`}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="versions" id="versions-section">
        <h2 id="versions">Versions</h2>
        {model.versions.length === 0 ? (
          <p class="muted">No versions.</p>
        ) : (
          <table class="versions">
            <caption class="visually-hidden">Versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Branches</th>
                <th scope="col">Tags</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {model.versions.map((v) => (
                <tr>
                  <th scope="row">
                    <a class="version" href={v.version.href} safe>
                      {v.version.text}
                    </a>
                  </th>
                  <td>
                    <Names items={v.branches} label="Branches" cls="branches" />
                  </td>
                  <td>
                    <Names items={v.tags} label="Tags" cls="tags" />
                  </td>
                  <td safe>{v.createdAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav class="pager" aria-label="Version pages">
          {model.pager.previous ? (
            <a href={model.pager.previous} rel="prev">
              ← Newer
            </a>
          ) : (
            ''
          )}
          <span safe>{model.pager.pages === null ? `Page ${model.pager.page}` : `Page ${model.pager.page} of ${model.pager.pages}`}</span>
          {model.pager.next ? (
            <a href={model.pager.next} rel="next">
              Older →
            </a>
          ) : (
            ''
          )}
        </nav>
      </section>
      <section aria-labelledby="webhooks">
        <h2 id="webhooks">Webhooks</h2>
        {model.webhooks.length === 0 ? (
          <p class="muted">No webhook applies to this pacticipant.</p>
        ) : (
          <table class="webhooks">
            <thead>
              <tr>
                <th scope="col">Webhook</th>
                <th scope="col">For</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {model.webhooks.map((w) => (
                <tr>
                  <th scope="row">
                    <a href={w.href} safe>
                      {w.text}
                    </a>
                  </th>
                  <td safe>{w.scope}</td>
                  <td safe>{w.events}</td>
                  <td safe>{w.enabled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
