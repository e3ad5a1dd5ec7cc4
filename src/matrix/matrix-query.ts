// Pure: the query forms of /matrix and /can-i-deploy → a MatrixQuery, or the validation messages the Pact Broker's
// clients print. Checks that need the database (does the pacticipant / environment exist) are the service's.
import type { NestedValue } from '../http/nested-query.js';
import type { FieldErrors } from '../shared/errors.js';
import { limitProblem, type Limits } from '../shared/limits.js';
import type { IgnoreSelector, LatestBy, MatrixQuery, Target, UnresolvedSelector } from './matrix.types.js';

export type Parsed<E> = { ok: true; query: MatrixQuery } | { ok: false; errors: E };

const text = (value: NestedValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const flag = (value: NestedValue | undefined): boolean => text(value) === 'true';
const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/** How many entries a repeated parameter has, counted before any of them is looked at. */
const entries = (value: NestedValue | undefined): number => (Array.isArray(value) ? value.length : value === undefined ? 0 : 1);

/**
 * The problems of `q[]` and `ignore[]` lists longer than limits.selectorsPerRequest allows, checked before any
 * selector is parsed (more selectors than any deploy question needs would only build huge queries).
 */
function selectorCountProblems(q: Record<string, NestedValue>, limits: Limits, fields: Array<'q' | 'ignore'>): Array<[string, string]> {
  return fields.flatMap((field) => {
    const problem = limitProblem(limits, 'selectorsPerRequest', entries(q[field]), `${field === 'q' ? 'version' : 'ignore'} selectors`);
    return problem ? [[field, problem] as [string, string]] : [];
  });
}

function hashes(value: NestedValue | undefined): Array<Record<string, string>> {
  if (!Array.isArray(value)) return value && typeof value === 'object' ? [value] : [];
  return value.filter((v): v is Record<string, string> => typeof v === 'object');
}

function selectorFrom(hash: Record<string, string>): UnresolvedSelector {
  const selector: UnresolvedSelector = { pacticipant: hash.pacticipant ?? '' };
  if (present(hash.version)) selector.version = hash.version;
  if (hash.latest === 'true') selector.latest = true;
  if (present(hash.tag)) selector.tag = hash.tag;
  if (present(hash.branch)) selector.branch = hash.branch;
  if (hash.mainBranch === 'true' || hash.main_branch === 'true') selector.mainBranch = true;
  if (present(hash.environment)) selector.environment = hash.environment;
  return selector;
}

/** `ignore[][pacticipant]=…&ignore[][version]=…`, and the `ignore[]=Name` shorthand where it is allowed. */
function ignoresFrom(value: NestedValue | undefined, allowNames: boolean, errors: string[]): IgnoreSelector[] {
  const out: IgnoreSelector[] = [];
  for (const entry of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
    if (typeof entry === 'string') {
      if (allowNames && entry !== '') out.push({ pacticipant: entry });
      else errors.push('Please specify the pacticipant name to ignore');
      continue;
    }
    if (!present(entry.pacticipant)) {
      errors.push('Please specify the pacticipant name to ignore');
      continue;
    }
    out.push(present(entry.version) ? { pacticipant: entry.pacticipant, version: entry.version } : { pacticipant: entry.pacticipant });
  }
  return out;
}

function targetFrom(q: Record<string, NestedValue>): Target | undefined {
  const latest = flag(q.latest);
  const environment = text(q.environment);
  const tag = text(q.tag);
  const branch = text(q.branch);
  if (present(environment)) return { kind: 'environment', environment };
  if (present(tag)) return { kind: 'tag', tag, latest };
  if (flag(q.mainBranch)) return { kind: 'mainBranch', latest };
  if (present(branch)) return { kind: 'branch', branch, latest };
  return latest ? { kind: 'latest' } : undefined;
}

function latestbyFrom(value: NestedValue | undefined, errors: string[]): LatestBy | undefined {
  const given = text(value);
  if (given === undefined || given === '') return undefined;
  if (given === 'cvp' || given === 'cvpv') return given;
  errors.push(`latestby must be cvp or cvpv (got '${given}')`);
  return undefined;
}

/** GET /matrix: `q[][…]` selectors, options and `ignore[][…]`; errors as one flat list. */
export function parseMatrixQuery(q: Record<string, NestedValue>, limits: Limits): Parsed<string[]> {
  const tooMany = selectorCountProblems(q, limits, ['q', 'ignore']);
  if (tooMany.length) return { ok: false, errors: tooMany.map(([field, problem]) => `${field}[] ${problem}`) };
  const errors: string[] = [];
  const selectors = hashes(q.q).map(selectorFrom);
  if (selectors.length === 0) errors.push('Please provide 1 or more version selectors.');
  for (const s of selectors) {
    if (s.pacticipant === '') errors.push('Please specify the pacticipant name');
    else if (s.version !== undefined && s.latest) errors.push(`A version number and latest flag cannot both be specified for ${s.pacticipant}`);
  }
  const targets = [present(text(q.tag)), present(text(q.environment)), flag(q.mainBranch)].filter(Boolean).length;
  if (targets > 1) errors.push('Cannot specify more than one of tag, environment and mainBranch.');
  if (flag(q.latest) && present(text(q.environment))) errors.push('Cannot specify both latest=true and an environment.');
  let limit: number | undefined;
  const rawLimit = text(q.limit);
  if (present(rawLimit)) {
    limit = /^-?\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1)) errors.push('The limit must be 1 or greater.');
    else {
      const problem = limitProblem(limits, 'pageSize', limit, 'rows');
      if (problem) errors.push(`limit ${problem}`);
    }
  }
  const latestby = latestbyFrom(q.latestby, errors);
  const ignore = ignoresFrom(q.ignore, false, errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, query: { selectors, target: targetFrom(q), latestby, ignore, ...(limit === undefined ? {} : { limit }) } };
}

/**
 * GET /can-i-deploy?pacticipant=&version=&environment=|to=: one selector; `to` means the latest version with that
 * tag, and an environment is checked with cvpv (every version there, not only the newest). Errors keyed by parameter.
 */
export function parseCanIDeployQuery(q: Record<string, NestedValue>, limits: Limits): Parsed<FieldErrors> {
  const tooMany = selectorCountProblems(q, limits, ['ignore']);
  if (tooMany.length) return { ok: false, errors: Object.fromEntries(tooMany.map(([field, problem]) => [field, [problem]])) };
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const pacticipant = text(q.pacticipant);
  const version = text(q.version);
  const environment = text(q.environment);
  const to = text(q.to);
  if (!present(pacticipant)) add('pacticipant', pacticipant === '' ? 'must be filled' : 'is missing');
  if (!present(version)) add('version', version === '' ? 'must be filled' : 'is missing');
  if (present(environment) && present(to)) add('', "Cannot specify both a 'to' tag and an environment.");
  else if (!present(environment) && !present(to)) add('', "Must specify either an environment or a 'to' tag.");
  const ignoreErrors: string[] = [];
  const ignore = ignoresFrom(q.ignore, true, ignoreErrors);
  if (ignoreErrors.length) errors.ignore = ignoreErrors;
  if (Object.keys(errors).length) return { ok: false, errors };
  const target: Target = present(environment) ? { kind: 'environment', environment } : { kind: 'tag', tag: to!, latest: true };
  return {
    ok: true,
    query: { selectors: [{ pacticipant: pacticipant!, version: version! }], target, latestby: target.kind === 'environment' ? 'cvpv' : 'cvp', ignore },
  };
}
