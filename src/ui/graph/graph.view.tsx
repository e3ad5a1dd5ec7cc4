// The network graph page: a GET filter form, the canvas the page's script draws into (graph.js; everything it needs
// is in data- attributes, nothing inline), a legend in text, and the same integrations as a table.
import { Layout } from '../layout.js';
import { vendorUrl } from '../vendor.js';
import type { GraphPageModel, GraphRow } from './graph.view-model.js';
import { STATUS_TEXT } from './graph.view-model.js';

export const GRAPH_SCRIPT = '/ui/assets/graph.js';

function Filters({ model }: { model: GraphPageModel }): JSX.Element {
  const { query } = model;
  return (
    <form id="graph-filter" class="filters" method="get" action="/ui/graph" role="search" aria-label="Choose the graph">
      <label>
        Pacticipant (empty for the whole estate)
        <input id="graph-pacticipant" type="text" name="pacticipant" value={query.pacticipant} list="graph-names" autocomplete="off" />
      </label>
      <datalist id="graph-names">
        {model.names.map((n) => (
          <option value={n}></option>
        ))}
      </datalist>
      <label>
        Depth (hops either way)
        <select id="graph-depth" name="depth">
          {model.depths.map((d) => (
            <option value={String(d)} selected={d === query.depth} safe>
              {String(d)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Label
        <select id="graph-label" name="label">
          <option value="">any</option>
          {model.labels.map((l) => (
            <option value={l} selected={l === query.label} safe>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function Legend(): JSX.Element {
  return (
    <ul id="graph-legend" class="graph-legend" aria-label="Edge colours: latest verification of the latest pact">
      {(['verified', 'failed', 'unverified'] as const).map((status) => (
        <li class={`status status-${status}`}>
          <span class={`legend-line legend-${status}`} aria-hidden="true"></span>
          <span class="icon" aria-hidden="true" safe>
            {STATUS_TEXT[status].icon}
          </span>{' '}
          <span safe>{STATUS_TEXT[status].text}</span>
        </li>
      ))}
    </ul>
  );
}

function Row({ row }: { row: GraphRow }): JSX.Element {
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
      <td class={`status status-${row.status}`}>
        <span class="icon" aria-hidden="true" safe>
          {row.icon}
        </span>{' '}
        <span safe>{row.text}</span>
        {row.verifiedBy ? (
          <div>
            by{' '}
            <a class="version" href={row.verifiedBy.href} safe>
              {row.verifiedBy.text}
            </a>
          </div>
        ) : (
          ''
        )}
      </td>
      <td>
        {row.pact ? (
          <a class="version" href={row.pact.href} safe>
            {row.pact.text}
          </a>
        ) : (
          <span class="muted">no pact</span>
        )}
      </td>
    </tr>
  );
}

export function GraphPage({ model }: { model: GraphPageModel }): JSX.Element {
  return (
    <Layout title={model.heading} current="/ui/graph" scripts={[GRAPH_SCRIPT]}>
      <h1 safe>{model.heading}</h1>
      <Filters model={model} />
      <p class="summary">
        <a href="/ui/graph">Whole estate</a> · <a href={model.dot}>Download as Graphviz DOT</a>
      </p>
      {model.nodeCount === 0 ? (
        <p id="graph-empty">No integrations to show yet: publish a pact, or choose another label.</p>
      ) : (
        <>
          <Legend />
          <div
            id="graph-canvas"
            class="graph-canvas"
            role="img"
            aria-label={model.canvasLabel}
            data-source={model.source}
            data-layout={model.layout}
            data-centre={model.query.pacticipant}
            data-cytoscape={vendorUrl('cytoscape')}
            data-dagre={vendorUrl('cytoscapeDagre')}
          ></div>
          <p id="graph-status" class="muted" role="status">
            The graph is drawn by a script; the table lists the same integrations. Select a pacticipant in the graph to open its page.
          </p>
        </>
      )}
      <h2 id="graph-table-heading">Integrations shown</h2>
      {model.rows.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table id="graph-integrations" class="integrations" aria-labelledby="graph-table-heading">
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">Provider</th>
              <th scope="col">Latest verification</th>
              <th scope="col">Latest pact</th>
            </tr>
          </thead>
          <tbody>
            {model.rows.map((row) => (
              <Row row={row} />
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
