// The can-i-deploy page's pure parts: which API form the page's question maps to, service errors as field messages,
// the answer (verdict, the API's notices, typed row reasons, links), and the view's escaping of hostile names.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/matrix/decide.js';
import type { MatrixResult } from '../../../src/matrix/matrix.service.js';
import type { MatrixRow, ResolvedSelector, VersionRef } from '../../../src/matrix/matrix.types.js';
import { noticesFor } from '../../../src/matrix/reason-text.js';
import { notFound, validationError } from '../../../src/shared/errors.js';
import {
  buildAnswer,
  buildCanIDeployPage,
  environmentLabel,
  errorsFrom,
  parseCanIDeployPageQuery,
  planQuestion,
  rowReasonText,
} from '../../../src/ui/can-i-deploy/can-i-deploy.view-model.js';
import { CanIDeployPage } from '../../../src/ui/can-i-deploy/can-i-deploy.view.js';

const SCRIPT = '<script>alert("x")</script>';
const RTL = 'خدمة الدفع';
const LONG = `1.0</td><img src=x>${'9'.repeat(300)}`;

const q = (o: Partial<Record<'pacticipant' | 'version' | 'branch' | 'environment' | 'tag', string>>) => parseCanIDeployPageQuery(o);

describe('parseCanIDeployPageQuery', () => {
  it('trims, bounds, takes the first of repeated values and reads `to` as the tag', () => {
    expect(parseCanIDeployPageQuery({ pacticipant: ' Web ', version: ['1', '2'], to: 'prod', environment: 'x'.repeat(1500) })).toEqual({
      pacticipant: 'Web',
      version: '1',
      branch: '',
      environment: 'x'.repeat(1000),
      tag: 'prod',
    });
    expect(parseCanIDeployPageQuery(undefined)).toEqual({ pacticipant: '', version: '', branch: '', environment: '', tag: '' });
  });
});

describe('planQuestion', () => {
  it.each([
    [{}, { kind: 'none' }],
    [{ pacticipant: 'Web' }, { kind: 'none' }],
    [{ pacticipant: 'Web', version: '1', environment: 'production' }, { kind: 'version', query: { pacticipant: 'Web', version: '1', environment: 'production' } }],
    [{ pacticipant: 'Web', version: '1', tag: 'prod' }, { kind: 'version', query: { pacticipant: 'Web', version: '1', to: 'prod' } }],
    [{ pacticipant: 'Web', branch: 'main', environment: 'production' }, { kind: 'branchToEnvironment', pacticipant: 'Web', branch: 'main', environment: 'production' }],
    [
      { pacticipant: 'Web', branch: 'main', tag: 'prod' },
      { kind: 'branchToTag', query: { q: [{ pacticipant: 'Web', branch: 'main', latest: 'true' }], tag: 'prod', latest: 'true', latestby: 'cvp' } },
    ],
  ])('%j → %j', (input, plan) => {
    expect(planQuestion(q(input))).toEqual(plan);
  });

  it.each([
    [{ version: '1', environment: 'production' }, ['pacticipant']],
    [{ pacticipant: 'Web', version: '1' }, ['environment']],
    [{ pacticipant: 'Web', environment: 'production' }, ['version']],
    [{ pacticipant: 'Web', version: '1', branch: 'main', environment: 'production', tag: 'prod' }, ['version', 'environment']],
  ])('%j is incomplete: %j', (input, fields) => {
    const plan = planQuestion(q(input));
    expect(plan.kind).toBe('invalid');
    if (plan.kind === 'invalid') expect(Object.keys(plan.errors).sort()).toEqual([...fields].sort());
  });
});

describe('errorsFrom', () => {
  it('puts the can-i-deploy form errors beside their fields, with the detail naming the value', () => {
    const error = validationError({ pacticipant: ['does not match an existing pacticipant'], environment: ["with name 'mars' does not exist"] }, "No pacticipant named 'X'; no environment named 'mars'");
    expect(errorsFrom(error)).toEqual({
      pacticipant: ['Pacticipant does not match an existing pacticipant.'],
      environment: ["Environment with name 'mars' does not exist."],
      form: ["No pacticipant named 'X'; no environment named 'mars'."],
    });
  });

  it('sorts the matrix form list errors by what they name, and a missing branch head to the version field', () => {
    expect(errorsFrom(validationError(['Pacticipant X not found', "Environment with name 'y' does not exist", 'other']))).toEqual({
      pacticipant: ['Pacticipant X not found'],
      environment: ["Environment with name 'y' does not exist"],
      form: ['other'],
    });
    expect(errorsFrom(notFound('No version of Web on branch nope found'))).toEqual({ version: ['No version of Web on branch nope found'] });
    expect(errorsFrom(notFound('Something else'))).toEqual({ form: ['Something else'] });
  });
});

describe('environmentLabel', () => {
  it.each([
    [{ name: 'production', displayName: 'Production' }, 'Production'],
    [{ name: 'prod-eu', displayName: 'Live' }, 'Live (prod-eu)'],
    [{ name: 'test', displayName: null }, 'test'],
  ])('%j → %s', (e, label) => expect(environmentLabel(e)).toBe(label));
});

// --- answers, from the real decide() over hand-made rows ---
const ref = (id: number, number: string): VersionRef => ({ id, number, order: id });
const selector = (id: number, name: string, s: ResolvedSelector['selector'], versions: VersionRef[], source: ResolvedSelector['source']): ResolvedSelector => ({
  pacticipantId: id,
  pacticipantName: name,
  source,
  selector: s,
  versions,
  anyVersion: false,
  strict: source === 'inferred',
});
const consumerSel = selector(1, SCRIPT, { pacticipant: SCRIPT, version: LONG }, [ref(10, LONG)], 'specified');
const providerSel = selector(2, RTL, { pacticipant: RTL, environment: 'production' }, [ref(20, 'p1')], 'inferred');
const pact = { consumerId: 1, consumerVersionId: 10, providerId: 2, pactVersionId: 5, sha: 's', publishedAt: new Date(0) };

function row(kind: 'verified' | 'failed' | 'missing'): MatrixRow {
  const base = { consumer: { id: 1, name: SCRIPT }, consumerVersion: ref(10, LONG), provider: { id: 2, name: RTL }, pact, consumerSelector: consumerSel, providerSelector: providerSel, ignored: false };
  if (kind === 'missing') return { ...base, providerVersion: null, expectedProviderVersion: ref(20, 'p1'), verification: null, reason: { kind: 'missing_verification', providerVersion: 'p1' } };
  const verification = { source: 'pact_verification' as const, pactVersionId: 5, providerVersion: ref(20, 'p1'), verificationId: 1, success: kind === 'verified', verifiedAt: new Date(0) };
  return { ...base, providerVersion: ref(20, 'p1'), verification, reason: { kind } };
}

function result(kind: 'verified' | 'failed' | 'missing'): MatrixResult {
  const rows = [row(kind)];
  const decision = decide({ specified: [consumerSel], inferred: [providerSel], integrations: [{ consumerId: 1, consumerName: SCRIPT, providerId: 2, providerName: RTL, required: true }], rows, ignores: [], target: { kind: 'environment', environment: 'production' } });
  return { query: { selectors: [consumerSel.selector], ignore: [] }, decision, rows: decision.rows, versions: new Map() };
}
const query = q({ pacticipant: SCRIPT, version: LONG, environment: 'production' });

describe('buildAnswer', () => {
  it.each([
    ['verified', 'yes', '✓', 'Yes', 'verified'],
    ['failed', 'no', '✗', 'No', 'failed'],
    ['missing', 'unknown', '?', 'Unknown', 'unverified'],
  ] as const)('%s → %s', (kind, verdict, icon, text, state) => {
    const r = result(kind);
    const answer = buildAnswer(query, r);
    expect(answer).toMatchObject({ verdict, icon, text, question: `Can ${SCRIPT} ${LONG} be deployed to production?` });
    // The API's notices, split into reasons and next steps, in the API's order.
    const notices = noticesFor(r.decision.reasons);
    expect(answer.reasons).toEqual(notices.filter((n) => n.type !== 'prompt'));
    expect(answer.nextSteps).toEqual(notices.filter((n) => n.type === 'prompt').map((n) => n.text));
    expect(answer.rows).toHaveLength(1);
    expect(answer.rows[0]!.result.state).toBe(state);
    expect(answer.rows[0]!.cell).toContain('/cell?consumerVersion=');
  });

  it('names the expected provider version of an unverified row, and the typed reason', () => {
    const [r] = buildAnswer(query, result('missing')).rows;
    expect(r!.providerVersion).toMatchObject({ text: 'p1', expected: true });
    expect(r!.reason).toEqual({ kind: 'missing_verification', text: `${RTL} p1 has not verified this pact` });
  });

  it.each([
    [{ kind: 'verified' }, 'The pact was verified successfully'],
    [{ kind: 'failed' }, 'The verification failed'],
    [{ kind: 'missing_verification' }, `${RTL} has not verified this pact`],
    [{ kind: 'no_deployed_version' }, `No version of ${RTL} is in the target`],
    [{ kind: 'ignored', wouldBe: 'missing_verification' }, 'Ignored (would be missing verification)'],
  ] as const)('row reason %j', (reason, text) => {
    expect(rowReasonText(reason, { provider: { id: 2, name: RTL } })).toBe(text);
  });

  it('adds a missing specified version to the version field', () => {
    const missing = { ...consumerSel, versions: [] };
    const decision = decide({ specified: [missing], integrations: [], rows: [], ignores: [], target: { kind: 'environment', environment: 'production' } });
    const model = buildCanIDeployPage({ query, pacticipants: [], environments: [], result: { query: { selectors: [], ignore: [] }, decision, rows: [], versions: new Map() } });
    expect(model.errors.version?.[0]).toContain(`Treaty has no version ${LONG} of ${SCRIPT}`);
    expect(model.answer?.verdict).toBe('no');
  });
});

describe('can-i-deploy view', () => {
  const markupOf = (html: string) => html.replace(/="[^"]*"/g, '=""');

  it('escapes names, versions, suggestions, environments, reasons and errors; status is icon and word', () => {
    const model = buildCanIDeployPage({
      query,
      pacticipants: [SCRIPT, RTL, '🍕'],
      environments: [{ name: '<env>', displayName: '<b>Env</b>' }],
      errors: { form: [`No pacticipant named '${SCRIPT}'`] },
      result: result('failed'),
    });
    const html = String(<CanIDeployPage model={model} />);
    const markup = markupOf(html);
    for (const tag of ['<script', '<img', '<env>', '<b>']) expect(markup, tag).not.toContain(tag);
    expect(markup).not.toMatch(/<style| style=|hx-on/);
    expect(html).toContain('id="verdict"><span class="icon" aria-hidden="true">✗</span> <strong>No</strong>');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('<code>failed</code>');
    expect(html).toContain(RTL);
    expect(html.match(/<th scope="col">/g)).toHaveLength(7);
  });
});
