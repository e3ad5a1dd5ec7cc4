// Pure: validates a pacts-for-verification request and normalises its consumer version selectors
// (broker-semantics B1/B3). Field types are checked by the route's JSON schema first; this checks meaning and
// contradictory combinations, naming the selector by its index as the Pact Broker does.
import { addFieldError, type FieldErrors } from '../shared/errors.js';
import { nameProblems, type NameLimits } from '../shared/names.js';

/** A selector as clients send it (pact_verifier's ConsumerVersionSelector keys). */
export interface ConsumerVersionSelectorInput {
  mainBranch?: boolean;
  branch?: string | boolean;
  matchingBranch?: boolean;
  fallbackBranch?: string;
  tag?: string;
  fallbackTag?: string;
  latest?: boolean;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  released?: boolean;
  environment?: string;
  consumer?: string;
}

export interface ForVerificationInput {
  consumerVersionSelectors?: ConsumerVersionSelectorInput[];
  providerVersionBranch?: string;
  providerVersionTags?: string[];
  includePendingStatus?: boolean;
  includeWipPactsSince?: string;
}

/** A validated selector; `index` is its position in the request (for messages and traceability). */
export type Selector = { index: number; consumer?: string } & (
  | { kind: 'mainBranch' }
  | { kind: 'branch'; branch: string; fallbackBranch?: string; matching?: true }
  | { kind: 'allBranches' }
  | { kind: 'tag'; tag: string; latest: boolean; fallbackTag?: string }
  | { kind: 'latest' }
  | { kind: 'deployed'; environment?: string }
  | { kind: 'released'; environment?: string }
  | { kind: 'environment'; environment: string }
);

export interface ForVerificationRequest {
  /** Empty when the client gave none: the caller substitutes the default selectors. */
  selectors: Selector[];
  providerVersionBranch?: string;
  providerVersionTags: string[];
  includePendingStatus: boolean;
  includeWipPactsSince?: Date;
}

export type ParseResult = { ok: true; request: ForVerificationRequest } | { ok: false; errors: FieldErrors };

const FIELD = 'consumerVersionSelectors';
const BRANCHISH = ['latest', 'tag', 'fallbackTag', 'branch', 'fallbackBranch', 'matchingBranch', 'mainBranch'] as const;
const ENVIRONMENTISH = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date or date-time as the verifier sends `includeWipPactsSince`; a bare date is midnight UTC. */
export function parseSince(value: string): Date | undefined {
  if (!DATE.test(value.trim())) return undefined;
  const date = new Date(/T| /.test(value) ? value.trim() : `${value.trim()}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Keys that are present with a meaningful value (false booleans and absent keys say nothing). */
function presentKeys(s: ConsumerVersionSelectorInput): string[] {
  return Object.entries(s)
    .filter(([key, value]) => value !== undefined && value !== null && !(value === false && key !== 'latest'))
    .map(([key]) => key);
}

function parseSelector(
  s: ConsumerVersionSelectorInput,
  index: number,
  ctx: { environmentNames: ReadonlySet<string>; providerVersionBranch: string | undefined; limits: NameLimits },
  fail: (message: string) => void,
): Selector[] {
  const at = (message: string) => fail(`${message} (at index ${index})`);
  const keys = presentKeys(s);
  const has = (key: string) => keys.includes(key);
  const base = { index, ...(s.consumer !== undefined ? { consumer: s.consumer } : {}) };
  const before = { count: 0 };
  const check = (condition: boolean, message: string) => {
    if (condition) {
      before.count++;
      at(message);
    }
  };

  if (s.consumer !== undefined && nameProblems(s.consumer, ctx.limits).length) check(true, `consumer ${nameProblems(s.consumer, ctx.limits)[0]}`);
  for (const key of ['tag', 'fallbackTag', 'fallbackBranch', 'environment'] as const) {
    const value = s[key];
    if (value !== undefined && nameProblems(value, ctx.limits).length) check(true, `${key} ${nameProblems(value, ctx.limits)[0]}`);
  }
  if (typeof s.branch === 'string' && nameProblems(s.branch, ctx.limits).length) check(true, `branch ${nameProblems(s.branch, ctx.limits)[0]}`);

  const criteria = keys.filter((k) => k !== 'consumer' && k !== 'latest' && k !== 'fallbackTag' && k !== 'fallbackBranch');
  if (criteria.length === 0 && s.latest !== true && !has('fallbackTag') && !has('fallbackBranch')) {
    check(
      true,
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
    );
    return [];
  }
  const others = (allowed: string[]) => keys.filter((k) => !allowed.includes(k));
  if (s.mainBranch && (others(['mainBranch', 'consumer', 'latest']).length || s.latest === false)) {
    check(true, 'cannot specify mainBranch=true with any other criteria apart from consumer');
  }
  if (s.matchingBranch && others(['matchingBranch', 'consumer', 'latest']).length) {
    check(true, 'cannot specify matchingBranch=true with any other criteria apart from consumer');
  }
  if (s.matchingBranch && !ctx.providerVersionBranch) {
    check(true, 'the providerVersionBranch must be specified when the selector matchingBranch=true is used');
  }
  check(has('tag') && has('branch'), 'cannot specify both a tag and a branch');
  const branchish = BRANCHISH.filter((k) => has(k));
  const environmentish = ENVIRONMENTISH.filter((k) => has(k));
  check(
    branchish.length > 0 && environmentish.length > 0,
    `cannot combine ${branchish.join('/')} with ${environmentish.join('/')}: a selector picks versions either from branches and tags or from environments`,
  );
  check(environmentish.filter((k) => k !== 'environment').length > 1, 'cannot specify more than one of deployed=true, released=true and deployedOrReleased=true');
  check(has('fallbackTag') && !has('tag'), 'a tag must be specified when a fallbackTag is specified');
  check(has('fallbackTag') && has('tag') && s.latest !== true, 'fallbackTag can only be set if latest is true');
  check(has('fallbackBranch') && !has('branch'), 'a branch must be specified when a fallbackBranch is specified');
  check(has('fallbackBranch') && s.latest === false, 'fallbackBranch can only be set if latest is true');
  check(has('fallbackBranch') && s.branch === true, 'a fallbackBranch needs a named branch, not branch=true');
  check(typeof s.branch === 'string' && s.latest === false, 'cannot specify latest=false with a branch: a branch selector always selects the latest version of the branch');
  if (s.environment !== undefined && !nameProblems(s.environment, ctx.limits).length && !ctx.environmentNames.has(s.environment)) {
    check(true, `environment with name '${s.environment}' does not exist`);
  }
  if (before.count > 0) return [];

  if (s.mainBranch) return [{ ...base, kind: 'mainBranch' }];
  if (s.matchingBranch) return [{ ...base, kind: 'branch', branch: ctx.providerVersionBranch!, matching: true }];
  if (s.branch === true) return [{ ...base, kind: 'allBranches' }];
  if (typeof s.branch === 'string') {
    return [{ ...base, kind: 'branch', branch: s.branch, ...(s.fallbackBranch ? { fallbackBranch: s.fallbackBranch } : {}) }];
  }
  if (s.tag !== undefined) {
    return [{ ...base, kind: 'tag', tag: s.tag, latest: s.latest === true, ...(s.fallbackTag ? { fallbackTag: s.fallbackTag } : {}) }];
  }
  const environment = s.environment !== undefined ? { environment: s.environment } : {};
  if (s.deployedOrReleased) return [{ ...base, kind: 'deployed', ...environment }, { ...base, kind: 'released', ...environment }];
  if (s.deployed) return [{ ...base, kind: 'deployed', ...environment }];
  if (s.released) return [{ ...base, kind: 'released', ...environment }];
  if (s.environment !== undefined) return [{ ...base, kind: 'environment', environment: s.environment }];
  return [{ ...base, kind: 'latest' }];
}

export function parseForVerificationRequest(
  input: ForVerificationInput,
  ctx: { environmentNames: ReadonlySet<string>; limits: NameLimits },
): ParseResult {
  const errors: FieldErrors = {};
  const tags = input.providerVersionTags ?? [];
  tags.forEach((tag, i) => {
    for (const problem of nameProblems(tag, ctx.limits)) addFieldError(errors, 'providerVersionTags', `${problem} (at index ${i})`);
  });
  const branch = input.providerVersionBranch;
  if (branch !== undefined && branch !== '') {
    for (const problem of nameProblems(branch, ctx.limits)) addFieldError(errors, 'providerVersionBranch', problem);
  }
  const includePendingStatus = input.includePendingStatus ?? true;
  let since: Date | undefined;
  if (input.includeWipPactsSince !== undefined) {
    since = parseSince(input.includeWipPactsSince);
    if (!since) addFieldError(errors, 'includeWipPactsSince', `must be a date, eg. 2024-01-31 or 2024-01-31T10:00:00Z (got '${input.includeWipPactsSince}')`);
  }
  if (branch === '' && tags.length === 0 && (includePendingStatus || since)) {
    addFieldError(
      errors,
      'providerVersionBranch',
      'when pending or WIP pacts are enabled and there are no tags provided, the provider version branch must not be an empty string, as it is used in the calculations for WIP/pending. A value must be provided (recommended), or it must not be set at all.',
    );
  }
  const providerVersionBranch = branch === '' ? undefined : branch;
  const selectors: Selector[] = [];
  (input.consumerVersionSelectors ?? []).forEach((s, index) => {
    selectors.push(...parseSelector(s, index, { ...ctx, providerVersionBranch }, (m) => addFieldError(errors, FIELD, m)));
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    request: {
      selectors,
      ...(providerVersionBranch !== undefined ? { providerVersionBranch } : {}),
      providerVersionTags: tags,
      includePendingStatus,
      ...(since ? { includeWipPactsSince: since } : {}),
    },
  };
}

/** What the default selectors need to know about each consumer of the provider. */
export interface ConsumerMainBranchInfo {
  name: string;
  mainBranch: string | null;
  mainBranchHasHead: boolean;
  hasTagNamedAfterMainBranch: boolean;
}

/**
 * No selectors given (B3): per consumer its main branch head, else its latest version tagged with the main branch
 * name, else its latest pact; plus everything currently deployed or released.
 */
export function defaultSelectors(consumers: ConsumerMainBranchInfo[]): Selector[] {
  const perConsumer = consumers.map((c): Selector => {
    if (c.mainBranch && c.mainBranchHasHead) return { index: -1, consumer: c.name, kind: 'mainBranch' };
    if (c.mainBranch && c.hasTagNamedAfterMainBranch) return { index: -1, consumer: c.name, kind: 'tag', tag: c.mainBranch, latest: true };
    return { index: -1, consumer: c.name, kind: 'latest' };
  });
  return [...perConsumer, { index: -1, kind: 'deployed' }, { index: -1, kind: 'released' }];
}
