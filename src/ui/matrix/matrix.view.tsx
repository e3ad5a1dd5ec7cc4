// The matrix page of one integration: a GET filter form, then consumer versions (rows) × provider versions (columns).
// Every cell is a link to its own page, with an icon and a word (never colour alone). Every value from the
// database goes through a `safe` child or an attribute (both escaped); `npm run lint` runs xss-scan to keep it so.
import { ASSETS_PREFIX, Layout } from '../layout.js';
import type { MatrixPageModel, MatrixRowModel, Pager, SideFilter, VersionHeader } from './matrix.view-model.js';
import { CELL_STATES, COLUMN_SIZES, ROW_SIZES } from './matrix.view-model.js';

function Chips({ header }: { header: VersionHeader }): JSX.Element {
  const chips = [
    ...header.branches.map((name) => ({ kind: 'branch', name })),
    ...header.tags.map((name) => ({ kind: 'tag', name })),
    ...header.environments.map((name) => ({ kind: 'env', name })),
  ];
  if (chips.length === 0) return '';
  return (
    <ul class="chips">
      {chips.map((chip) => (
        <li class={`chip chip-${chip.kind}`}>
          <span class="visually-hidden" safe>{`${chip.kind === 'env' ? 'environment' : chip.kind} `}</span>
          <span safe>{chip.name}</span>
        </li>
      ))}
    </ul>
  );
}

function SideFields(props: { side: 'c' | 'p'; legend: string; filter: SideFilter; environments: string[]; branches: string[]; only: string; sizeLabel: string; sizes: readonly number[] }): JSX.Element {
  const { side, filter } = props;
  const list = `${side}-branches`;
  return (
    <fieldset class="filter-side" id={`${side}-filters`}>
      <legend safe>{props.legend}</legend>
      <label>
        Branch
        <input type="text" name={`${side}branch`} value={filter.branch} maxlength="1000" list={list} autocomplete="off" />
      </label>
      <datalist id={list}>
        {props.branches.map((b) => (
          <option value={b}></option>
        ))}
      </datalist>
      <label>
        Tag
        <input type="text" name={`${side}tag`} value={filter.tag} maxlength="1000" />
      </label>
      <label>
        Deployed or released in
        <select name={`${side}env`}>
          <option value="">any environment</option>
          {props.environments.map((e) => (
            <option value={e} selected={e === filter.environment} safe>
              {e}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span safe>{props.sizeLabel}</span>
        <select name={`${side}size`}>
          {props.sizes.map((n) => (
            <option value={String(n)} selected={n === filter.size} safe>
              {String(n)}
            </option>
          ))}
        </select>
      </label>
      <label class="checkbox">
        <input type="checkbox" name={`${side}only`} value="1" checked={filter.integrated} />
        <span safe>{props.only}</span>
      </label>
    </fieldset>
  );
}

function PagerNav({ pager, label, previous, next, id }: { pager: Pager; label: string; previous: string; next: string; id: string }): JSX.Element {
  if (!pager.previous && !pager.next) return '';
  return (
    <nav class="pager" aria-label={label} id={id}>
      {pager.previous ? (
        <a href={pager.previous} rel="prev" safe>
          {previous}
        </a>
      ) : (
        ''
      )}
      <span class="muted" safe>{`page ${pager.page}`}</span>
      {pager.next ? (
        <a href={pager.next} rel="next" safe>
          {next}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}

function Row({ row }: { row: MatrixRowModel }): JSX.Element {
  return (
    <tr>
      <th scope="row" class="version-head">
        <a class="version" href={row.version.href} safe>
          {row.version.number}
        </a>
        <Chips header={row.version} />
        {row.pact ? (
          <a class="pact-link muted" href={row.pact.href} safe>
            {row.pact.text}
          </a>
        ) : (
          ''
        )}
      </th>
      {row.cells.map((cell) => (
        <td class={`cell cell-${cell.state}`}>
          <a href={cell.href} title={cell.label} class="cell-link">
            <span class="icon" aria-hidden="true" safe>
              {cell.icon}
            </span>{' '}
            <span class="cell-text" safe>
              {cell.text}
            </span>
            <span class="visually-hidden" safe>{`: ${cell.label}`}</span>
          </a>
        </td>
      ))}
    </tr>
  );
}

export function MatrixPage({ model }: { model: MatrixPageModel }): JSX.Element {
  const { consumer, provider, query } = model;
  const title = `${consumer.text} → ${provider.text}`;
  const summary = `${model.rows.length} ${consumer.text} versions × ${model.columns.length} ${provider.text} versions: ${model.counts.verified} verified, ${model.counts.failed} failed, ${model.counts.unverified} unverified, ${model.counts['not-applicable']} without a pact`;
  return (
    <Layout title={`Matrix ${title}`} scripts={[`${ASSETS_PREFIX}matrix-panel.js`]}>
      <h1>Compatibility matrix</h1>
      <p class="integration">
        Consumer{' '}
        <a href={consumer.href} safe>
          {consumer.text}
        </a>{' '}
        <span aria-hidden="true">→</span> provider{' '}
        <a href={provider.href} safe>
          {provider.text}
        </a>{' '}
        · <a href={model.canIDeploy}>Can I deploy?</a>
      </p>
      <form class="filters matrix-filters" id="matrix-filters" method="get" action={model.action} aria-label="Filter versions">
        <SideFields
          side="c"
          legend={`Consumer versions (${consumer.text}, rows)`}
          filter={query.consumer}
          environments={model.environments}
          branches={model.branchNames.consumer}
          only={`Only versions with a pact with ${provider.text}`}
          sizeLabel="Rows per page"
          sizes={ROW_SIZES}
        />
        <SideFields
          side="p"
          legend={`Provider versions (${provider.text}, columns)`}
          filter={query.provider}
          environments={model.environments}
          branches={model.branchNames.provider}
          only={`Only versions that verified ${consumer.text}`}
          sizeLabel="Columns per page"
          sizes={COLUMN_SIZES}
        />
        <div class="filter-actions">
          <button type="submit">Apply</button>
          <a href={model.action}>Clear filters</a>
        </div>
      </form>
      <ul class="legend" aria-label="Legend">
        {Object.entries(CELL_STATES).map(([state, s]) => (
          <li class={`cell-${state}`}>
            <span class="icon" aria-hidden="true" safe>
              {s.icon}
            </span>{' '}
            <span safe>{s.text}</span>
          </li>
        ))}
      </ul>
      <p class="summary" role="status" id="matrix-summary" safe>
        {summary}
      </p>
      {model.rows.length === 0 || model.columns.length === 0 ? (
        <p id="matrix-empty">
          {model.filtered ? 'No versions match the filters on this page. ' : 'There are no versions to show on this page. '}
          <a href={model.action}>Show the newest versions without filters</a>
        </p>
      ) : (
        <div class="matrix-with-panel">
          <div class="matrix-scroll" role="region" aria-label="Matrix grid" tabindex="0">
            <table class="matrix" id="matrix-grid">
              <caption safe>{`${consumer.text} versions (rows, newest first) × ${provider.text} versions (columns, newest first)`}</caption>
              <thead>
                <tr>
                  <th scope="col" class="corner">
                    <span safe>{`${consumer.text} ↓`}</span> <span safe>{`${provider.text} →`}</span>
                  </th>
                  {model.columns.map((column) => (
                    <th scope="col" class="version-head">
                      <a class="version" href={column.href} safe>
                        {column.number}
                      </a>
                      <Chips header={column} />
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {model.rows.map((row) => (
                  <Row row={row} />
                ))}
              </tbody>
            </table>
          </div>
          {/* Filled by /ui/assets/matrix-panel.js with the clicked cell's page; hidden (and unused) without scripts. */}
          <aside id="cell-panel" class="cell-panel" aria-labelledby="cell-panel-title" hidden>
            <div class="cell-panel-head">
              <h2 id="cell-panel-title" class="cell-panel-title" tabindex="-1">
                Cell details
              </h2>
              <button type="button" class="cell-panel-close">Close</button>
            </div>
            <div class="cell-panel-body" aria-live="polite"></div>
          </aside>
        </div>
      )}
      <div class="pagers">
        <PagerNav pager={model.consumerPager} label="Consumer version pages" previous="↑ Newer consumer versions" next="↓ Older consumer versions" id="consumer-pager" />
        <PagerNav pager={model.providerPager} label="Provider version pages" previous="← Newer provider versions" next="Older provider versions →" id="provider-pager" />
      </div>
    </Layout>
  );
}
