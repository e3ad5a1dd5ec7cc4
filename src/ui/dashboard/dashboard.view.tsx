// The dashboard page: one row per integration, consumer → provider. Every value from the estate goes through a
// `safe` child or an attribute (both escaped); `npm run lint` runs xss-scan to keep it so.
import { Layout } from '../layout.js';
import { vendorUrl } from '../vendor.js';
import type { DashboardModel, DashboardRow, PlacementCell } from './dashboard.view-model.js';
import { PAGE_SIZES } from './dashboard.view-model.js';

function Placements({ cells, side }: { cells: PlacementCell[]; side: string }): JSX.Element {
  if (cells.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="placements" aria-label={`${side} deployed or released`}>
      {cells.map((c) => (
        <li>
          <span class="env" safe>
            {c.environment}
          </span>{' '}
          <span class="version" safe>
            {c.version}
          </span>{' '}
          <span class="muted" safe>
            {c.label}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Row({ row }: { row: DashboardRow }): JSX.Element {
  const { pact, verification } = row;
  return (
    <tr>
      <th scope="row">
        <a href={row.consumer.href} safe>
          {row.consumer.text}
        </a>
      </th>
      <td>
        <span aria-hidden="true">→ </span>
        <a href={row.provider.href} safe>
          {row.provider.text}
        </a>
      </td>
      <td>
        {pact ? (
          <>
            <a class="version" href={pact.version.href} safe>
              {pact.version.text}
            </a>
            {pact.changed ? <span class="tag changed">changed</span> : ''}
            {pact.branches.length ? (
              <ul class="branches" aria-label="Branches">
                {pact.branches.map((b) => (
                  <li safe>{b}</li>
                ))}
              </ul>
            ) : (
              ''
            )}
            <div class="muted" safe>
              {pact.publishedAt}
            </div>
          </>
        ) : (
          <span class="muted">no pact</span>
        )}
      </td>
      <td class={`status status-${verification.status}`}>
        <a class="status-link" href={row.matrix} title="Compatibility matrix">
          <span class="icon" aria-hidden="true" safe>
            {verification.icon}
          </span>{' '}
          <span safe>{verification.text}</span>
          <span class="visually-hidden"> (compatibility matrix)</span>
        </a>
        {verification.providerVersion ? (
          <div>
            by{' '}
            <a class="version" href={verification.providerVersion.href} safe>
              {verification.providerVersion.text}
            </a>
          </div>
        ) : (
          ''
        )}
        {verification.verifiedAt ? (
          <div class="muted" safe>
            {verification.verifiedAt}
          </div>
        ) : (
          ''
        )}
      </td>
      <td>
        <Placements cells={row.consumerPlacements} side="Consumer" />
      </td>
      <td>
        <Placements cells={row.providerPlacements} side="Provider" />
      </td>
    </tr>
  );
}

/** The id of the region live filtering replaces (htmx answers carry just this element). */
export const RESULTS_ID = 'dashboard-results';

/**
 * A plain GET form; with htmx loaded, typing (after a pause), changing a control or submitting fetches the results
 * region only, swaps it in and pushes the URL. No hx-on and no trigger filters: both need eval, which the CSP forbids.
 */
function Filters({ model }: { model: DashboardModel }): JSX.Element {
  const { query } = model;
  return (
    <form
      class="filters"
      id="dashboard-filters"
      method="get"
      action="/"
      role="search"
      aria-label="Filter integrations"
      hx-get="/"
      hx-trigger="submit, input delay:300ms, change"
      hx-target={`#${RESULTS_ID}`}
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      <label>
        Name contains
        <input type="search" name="q" value={query.q} maxlength="200" list="pacticipant-names" autocomplete="off" />
      </label>
      <datalist id="pacticipant-names">
        {model.names.map((n) => (
          <option value={n}></option>
        ))}
      </datalist>
      <label>
        Label
        <select name="label">
          <option value="">any</option>
          {model.labels.map((l) => (
            <option value={l} selected={l === query.label} safe>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label class="checkbox">
        <input type="checkbox" name="deployed" value="1" checked={query.deployed} />
        Only deployed or released
      </label>
      <label>
        Environment
        <select name="environment">
          <option value="">any</option>
          {model.environments.map((e) => (
            <option value={e} selected={e === query.environment} safe>
              {e}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort by
        <select name="sort">
          {model.sorts.map((s) => (
            <option value={s.value} selected={s.value === query.sort} safe>
              {s.text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Per page
        <select name="size">
          {PAGE_SIZES.map((n) => (
            <option value={String(n)} selected={n === query.size} safe>
              {String(n)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

/** The summary, the table and the pager: what live filtering replaces. */
export function DashboardResults({ model }: { model: DashboardModel }): JSX.Element {
  const summary = `${model.matching} of ${model.total} integrations · page ${model.page} of ${model.pages}`;
  return (
    <div id={RESULTS_ID}>
      <p class="summary" role="status" safe>
        {summary}
      </p>
      {model.rows.length === 0 ? (
        <p>{model.total === 0 ? 'No pacts have been published yet.' : 'No integration matches the filter.'}</p>
      ) : (
        <table class="integrations">
          <caption class="visually-hidden">Integrations, consumer to provider, with their latest pact, verification and deployments</caption>
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">Provider</th>
              <th scope="col">Latest pact</th>
              <th scope="col">Latest verification</th>
              <th scope="col">Consumer deployed / released</th>
              <th scope="col">Provider deployed / released</th>
            </tr>
          </thead>
          <tbody>
            {model.rows.map((row) => (
              <Row row={row} />
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {model.previous ? (
          <a href={model.previous} rel="prev">
            ← Previous
          </a>
        ) : (
          ''
        )}
        {model.next ? (
          <a href={model.next} rel="next">
            Next →
          </a>
        ) : (
          ''
        )}
      </nav>
    </div>
  );
}

export function DashboardPage({ model }: { model: DashboardModel }): JSX.Element {
  return (
    <Layout title="Dashboard" current="/" scripts={[vendorUrl('htmx')]}>
      <h1>Integrations</h1>
      <Filters model={model} />
      <DashboardResults model={model} />
    </Layout>
  );
}
