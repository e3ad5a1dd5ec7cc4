// The can-i-deploy page: a GET form (works without scripts), then the answer in a live region: the decision (icon and
// word), the API's reasons, every integration row with its typed reason, and the next steps. Every value goes through
// a `safe` child or an attribute (both escaped); `npm run lint` runs xss-scan to keep it so.
import { Layout } from '../layout.js';
import type { Answer, CanIDeployModel, Field } from './can-i-deploy.view-model.js';

function FieldErrors({ model, field }: { model: CanIDeployModel; field: Field }): JSX.Element {
  const messages = model.errors[field] ?? [];
  if (messages.length === 0) return '';
  return (
    <ul class="field-errors" id={`${field}-errors`}>
      {messages.map((m) => (
        <li safe>{m}</li>
      ))}
    </ul>
  );
}

const describedBy = (model: CanIDeployModel, field: Field, hint?: string) =>
  [hint, model.errors[field]?.length ? `${field}-errors` : undefined].filter(Boolean).join(' ') || undefined;
const invalid = (model: CanIDeployModel, field: Field) => (model.errors[field]?.length ? 'true' : undefined);

function Form({ model }: { model: CanIDeployModel }): JSX.Element {
  const { query } = model;
  const knownEnvironment = !query.environment || model.environments.some((e) => e.name === query.environment);
  return (
    <form class="filters can-i-deploy-form" id="can-i-deploy-form" method="get" action="/ui/can-i-deploy" aria-label="Can I deploy?">
      <FieldErrors model={model} field="form" />
      <div class="form-row">
        <label>
          Pacticipant
          <input
            type="text"
            name="pacticipant"
            id="cid-pacticipant"
            value={query.pacticipant}
            list="pacticipant-names"
            maxlength="1000"
            autocomplete="off"
            aria-invalid={invalid(model, 'pacticipant')}
            aria-describedby={describedBy(model, 'pacticipant')}
          />
        </label>
        <datalist id="pacticipant-names">
          {model.pacticipants.map((name) => (
            <option value={name}></option>
          ))}
        </datalist>
        <FieldErrors model={model} field="pacticipant" />
      </div>
      <fieldset class="form-row">
        <legend>Which version</legend>
        <label>
          Version number
          <input type="text" name="version" id="cid-version" value={query.version} maxlength="1000" aria-invalid={invalid(model, 'version')} aria-describedby={describedBy(model, 'version', 'version-hint')} />
        </label>
        <label>
          or the latest on branch
          <input type="text" name="branch" id="cid-branch" value={query.branch} maxlength="1000" aria-invalid={invalid(model, 'version')} aria-describedby={describedBy(model, 'version', 'version-hint')} />
        </label>
        <p class="hint muted" id="version-hint">
          Give one: a version number is exact; a branch means its newest version.
        </p>
        <FieldErrors model={model} field="version" />
      </fieldset>
      <fieldset class="form-row">
        <legend>Where to</legend>
        <label>
          Environment
          <select name="environment" id="cid-environment" aria-invalid={invalid(model, 'environment')} aria-describedby={describedBy(model, 'environment')}>
            <option value="">choose an environment</option>
            {model.environments.map((e) => (
              <option value={e.name} selected={e.name === query.environment} safe>
                {e.label}
              </option>
            ))}
            {knownEnvironment ? (
              ''
            ) : (
              <option value={query.environment} selected safe>
                {`${query.environment} (no such environment)`}
              </option>
            )}
          </select>
        </label>
        <label>
          or alongside the latest with tag
          <input type="text" name="tag" id="cid-tag" value={query.tag} maxlength="1000" aria-invalid={invalid(model, 'environment')} aria-describedby={describedBy(model, 'environment')} />
        </label>
        <FieldErrors model={model} field="environment" />
      </fieldset>
      <div class="filter-actions">
        <button type="submit">Check</button>
      </div>
    </form>
  );
}

function AnswerView({ answer }: { answer: Answer }): JSX.Element {
  return (
    <>
      <h2 safe>{answer.question}</h2>
      <p class={`verdict verdict-${answer.verdict}`} id="verdict">
        <span class="icon" aria-hidden="true" safe>
          {answer.icon}
        </span>{' '}
        <strong safe>{answer.text}</strong>
        <span class="muted" safe>{` — ${answer.counts.success} verified, ${answer.counts.failed} failed, ${answer.counts.unknown} unknown${answer.counts.ignored === undefined ? '' : `, ${answer.counts.ignored} ignored`}`}</span>
      </p>
      <h3>Why</h3>
      <ul class="notices" id="reasons">
        {answer.reasons.map((r) => (
          <li class={`notice notice-${r.type}`}>
            <span class="notice-type" safe>{`${r.type}: `}</span>
            <span safe>{r.text}</span>
          </li>
        ))}
      </ul>
      {answer.nextSteps.length ? (
        <>
          <h3>Next steps</h3>
          <ol class="next-steps" id="next-steps">
            {answer.nextSteps.map((s) => (
              <li safe>{s}</li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
      <h3>Integrations</h3>
      {answer.rows.length === 0 ? (
        <p class="muted">No integration rows: nothing to check against.</p>
      ) : (
        <table class="integrations answer-rows" id="answer-rows">
          <caption class="visually-hidden">Every integration row the decision considered, consumer to provider</caption>
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">Consumer version</th>
              <th scope="col">Provider</th>
              <th scope="col">Provider version</th>
              <th scope="col">Result</th>
              <th scope="col">Reason</th>
              <th scope="col">Matrix</th>
            </tr>
          </thead>
          <tbody>
            {answer.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={row.consumer.href} safe>
                    {row.consumer.text}
                  </a>
                </th>
                <td>
                  <a class="version" href={row.consumerVersion.href} safe>
                    {row.consumerVersion.text}
                  </a>
                </td>
                <td>
                  <a href={row.provider.href} safe>
                    {row.provider.text}
                  </a>
                </td>
                <td>
                  {row.providerVersion ? (
                    <>
                      <a class="version" href={row.providerVersion.href} safe>
                        {row.providerVersion.text}
                      </a>
                      {row.providerVersion.expected ? <span class="muted"> (expected)</span> : ''}
                    </>
                  ) : (
                    <span class="muted">none</span>
                  )}
                </td>
                <td class={`status status-${row.result.state}`}>
                  <span class="icon" aria-hidden="true" safe>
                    {row.result.icon}
                  </span>{' '}
                  <span safe>{row.result.text}</span>
                </td>
                <td>
                  <code safe>{row.reason.kind}</code> <span safe>{row.reason.text}</span>
                </td>
                <td>
                  {row.cell ? (
                    <a href={row.cell} safe>
                      {`Cell ${row.consumerVersion.text} × ${row.providerVersion?.text ?? ''}`}
                    </a>
                  ) : (
                    ''
                  )}{' '}
                  <a href={row.matrix}>Matrix</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function CanIDeployPage({ model }: { model: CanIDeployModel }): JSX.Element {
  return (
    <Layout title="Can I deploy?" current="/ui/can-i-deploy">
      <h1>Can I deploy?</h1>
      <Form model={model} />
      <section class="answer" id="answer" aria-live="polite" aria-label="Answer">
        {model.answer ? <AnswerView answer={model.answer} /> : ''}
      </section>
    </Layout>
  );
}
