// Every interaction of a pacticipant, grouped by integration (consumer → provider), with a text filter that works
// as a plain GET form.
import { Layout } from '../layout.js';
import type { InteractionGroup, InteractionsModel } from './interactions.view-model.js';

function Group({ group, index }: { group: InteractionGroup; index: number }): JSX.Element {
  const id = `integration-${index}`;
  return (
    <section class="interaction-group" aria-labelledby={id}>
      <h2 id={id}>
        <a href={group.consumer.href} safe>
          {group.consumer.text}
        </a>{' '}
        <span aria-label="to">→</span>{' '}
        <a href={group.provider.href} safe>
          {group.provider.text}
        </a>
      </h2>
      <p>
        <a href={group.pact.href} safe>
          {group.pact.text}
        </a>
      </p>
      {group.interactions.length === 0 ? (
        <p class="muted">This pact has no interactions.</p>
      ) : (
        <table class="interactions">
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col">Provider states</th>
              <th scope="col">Type</th>
              <th scope="col">Request</th>
              <th scope="col">Response status</th>
            </tr>
          </thead>
          <tbody>
            {group.interactions.map((row) => (
              <tr class={`interaction interaction-${row.kind}`}>
                <th scope="row" safe>
                  {row.description || '(no description)'}
                </th>
                <td>
                  {row.providerStates.length ? (
                    <ul class="states">
                      {row.providerStates.map((s) => (
                        <li safe>{s}</li>
                      ))}
                    </ul>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td safe>{row.type}</td>
                <td>
                  {row.request === null ? <span class="muted">message</span> : <code safe>{row.request}</code>}
                </td>
                <td safe>{row.status ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function InteractionsPage({ model }: { model: InteractionsModel }): JSX.Element {
  const summary = model.q ? `${model.shown} of ${model.total} interactions match` : `${model.total} interactions in ${model.groups.length} integrations`;
  return (
    <Layout title={`Interactions of ${model.name}`}>
      <p class="breadcrumb">
        <a href={model.pacticipant.href} safe>
          {model.pacticipant.text}
        </a>
      </p>
      <h1 safe>{`Interactions of ${model.name}`}</h1>
      <form class="filters" method="get" action={model.formAction} role="search" aria-label="Filter interactions">
        <label>
          Text contains
          <input type="search" name="q" value={model.q} maxlength="200" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <p class="summary" role="status" safe>
        {summary}
      </p>
      {model.groups.length === 0 ? (
        <p>{model.q ? 'No interaction matches the filter.' : 'This pacticipant has no pacts yet.'}</p>
      ) : (
        model.groups.map((g, i) => <Group group={g} index={i} />)
      )}
    </Layout>
  );
}
