// Pure: reasons → sentences. `reasonText` gives the Pact Broker's exact wording (clients and people's scripts read
// it); `nextStep` gives Treaty's one line a person can act on. Neither decides anything.
import type { MatrixRow, Reason, ResolvedIgnore, ResolvedSelector } from './matrix.types.js';
import type { Notice } from '../shared/errors.js';

const NOTHING_IN_ENVIRONMENT = 'no version is currently recorded as deployed/released in this environment';

/** How the Pact Broker names a selector in a reason, for the row's version `number` (first matching rule wins). */
export function describeSelector(s: ResolvedSelector, number?: string): string {
  const p = s.pacticipantName;
  const { latest, tag, mainBranch, environment, version } = s.selector;
  const branch = s.selector.branch ?? s.mainBranchName;
  const found = s.versions.length > 0;
  const v = number ?? s.versions[0]?.number;
  const many = s.versions.length > 1;
  if (s.anyVersion) return number === undefined ? `any version of ${p}` : `version ${number} of ${p}`;
  if (latest && tag !== undefined) return found ? `the latest version of ${p} with tag ${tag} (${v})` : `the latest version of ${p} with tag ${tag} (no such version exists)`;
  if (latest && mainBranch && !found) return `the latest version of ${p} from the main branch (no versions exist for this branch)`;
  if (mainBranch && !latest && !found) return `any version of ${p} from the main branch (no versions exist for this branch)`;
  if (latest && branch !== undefined) return found ? `the latest version of ${p} from branch ${branch} (${v})` : `the latest version of ${p} from branch ${branch} (no such version exists)`;
  if (branch !== undefined) {
    if (!found) return `a version of ${p} from branch ${branch} (no such version exists)`;
    return many ? `one of the versions of ${p} from branch ${branch} (${v})` : `the version of ${p} from branch ${branch} (${v})`;
  }
  if (latest) return found ? `the latest version of ${p} (${v})` : `the latest version of ${p} (no such version exists)`;
  if (tag !== undefined) return found ? `a version of ${p} with tag ${tag} (${v})` : `a version of ${p} with tag ${tag} (no such version exists)`;
  if (environment !== undefined) {
    if (!found) return `a version of ${p} currently in ${environment} (${NOTHING_IN_ENVIRONMENT})`;
    return many ? `one of the versions of ${p} currently in ${environment} (${v})` : `the version of ${p} currently in ${environment} (${v})`;
  }
  if (version !== undefined) return found ? `version ${version} of ${p}` : `version ${version} of ${p} (no such version exists)`;
  return `any version of ${p}`;
}

function describeIgnore(i: ResolvedIgnore): string {
  const { pacticipant, version } = i.selector;
  if (i.pacticipantId === undefined) return `any version of ${pacticipant} (no such pacticipant exists)`;
  return version === undefined ? `any version of ${pacticipant}` : `version ${version} of ${pacticipant} (no such version exists)`;
}

const consumerSide = (r: MatrixRow) => describeSelector(r.consumerSelector, r.consumerVersion.number);
const providerSide = (r: MatrixRow) => describeSelector(r.providerSelector, (r.providerVersion ?? r.expectedProviderVersion)?.number);

function versionNotFound(s: ResolvedSelector): string {
  const p = s.pacticipantName;
  const { tag, branch, mainBranch, environment, version } = s.selector;
  if (tag !== undefined) return `No version with tag ${tag} exists for ${p}`;
  if (branch !== undefined) return `No version of ${p} from branch ${branch} exists`;
  if (mainBranch) return `No version of ${p} from the main branch exists`;
  if (environment !== undefined) return `No version of ${p} is currently recorded as deployed or released in environment ${environment}`;
  if (version !== undefined) return `No pacts or verifications have been published for version ${version} of ${p}`;
  return `No pacts or verifications have been published for ${p}`;
}

export function reasonText(reason: Reason): string {
  switch (reason.kind) {
    case 'ignore_selector_not_found':
      return `WARN: Cannot ignore ${describeIgnore(reason.ignore)}`;
    case 'no_environment_specified':
      return 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.';
    case 'no_version_number_specified':
      return 'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';
    case 'specified_version_not_found':
      return versionNotFound(reason.selector);
    case 'verification_failed':
      return `The verification for the pact between ${consumerSide(reason.row)} and ${providerSide(reason.row)} failed`;
    case 'missing_verification':
      return `There is no verified pact between ${consumerSide(reason.row)} and ${providerSide(reason.row)}`;
    case 'required_integration_without_row': {
      const c = reason.consumerSelector ? describeSelector(reason.consumerSelector) : `any version of ${reason.integration.consumerName}`;
      const p = reason.providerSelector ? describeSelector(reason.providerSelector) : `any version of ${reason.integration.providerName}`;
      return `There is no verified pact between ${c} and ${p}`;
    }
    case 'all_verified':
      return 'All required verification results are published and successful';
    case 'no_dependencies_missing':
      return 'There are no missing dependencies';
  }
}

export function noticeType(reason: Reason): Notice['type'] {
  switch (reason.kind) {
    case 'ignore_selector_not_found':
    case 'no_environment_specified':
    case 'no_version_number_specified':
      return 'warning';
    case 'all_verified':
    case 'no_dependencies_missing':
      return 'success';
    default:
      return 'error';
  }
}

/** "currently in production", "latest with tag prod": where the version in a row was looked for. */
function scopeOf(s: ResolvedSelector): string | undefined {
  const { environment, tag, latest, mainBranch } = s.selector;
  const branch = s.selector.branch ?? s.mainBranchName;
  if (environment !== undefined) return `currently in ${environment}`;
  if (tag !== undefined) return latest ? `the latest with tag ${tag}` : `tagged ${tag}`;
  if (mainBranch) return branch === undefined ? 'on the main branch' : `the latest on ${branch}, the main branch`;
  if (branch !== undefined) return latest ? `the latest on branch ${branch}` : `on branch ${branch}`;
  if (latest) return 'the latest version';
  return undefined;
}

/** Why the version the target needs is missing, and what to do; `needed` names who needs it (for a row). */
function whereMissing(s: ResolvedSelector, needed?: string): string {
  const { environment, tag, mainBranch, branch } = s.selector;
  const p = s.pacticipantName;
  const but = (problem: string) => (needed ? `${needed}, but ${problem}` : problem.charAt(0).toUpperCase() + problem.slice(1));
  if (environment !== undefined) {
    return `${but(`no version of ${p} is recorded as deployed or released in ${environment}`)}: record the deployment of the ${p} version running there (pact broker record-deployment), or deploy ${p} first`;
  }
  if (tag !== undefined) return `${but(`no version of ${p} has the tag ${tag}`)}: tag the ${p} version that is there, or deploy ${p} first`;
  if (mainBranch) {
    return s.mainBranchName === undefined
      ? `${but(`${p} has no main branch`)}: set it (pact broker create-or-update-pacticipant --main-branch) and publish a version from it`
      : `${but(`${p} has no version on its main branch ${s.mainBranchName}`)}: publish one`;
  }
  if (branch !== undefined) return `${but(`${p} has no version on branch ${branch}`)}: publish one, or check the branch name`;
  return `${but(`${p} has no versions`)}: publish its pacts or verification results first`;
}

/** Treaty's next step for a reason, or undefined when there is nothing to do. */
export function nextStep(reason: Reason): string | undefined {
  switch (reason.kind) {
    case 'specified_version_not_found': {
      const s = reason.selector;
      if (s.selector.version !== undefined) {
        return `Treaty has no version ${s.selector.version} of ${s.pacticipantName}: check the version number, and publish its pacts (or, for a provider, its verification results) before asking.`;
      }
      return `${whereMissing(s)}.`;
    }
    case 'verification_failed': {
      const { row } = reason;
      return `${row.provider.name} version ${row.providerVersion!.number} failed to verify ${row.consumer.name}'s pact for version ${row.consumerVersion.number}: fix ${row.consumer.name} or ${row.provider.name} so they agree, then publish and verify again (see the verification result for details).`;
    }
    case 'missing_verification': {
      const { row } = reason;
      if (row.reason.kind === 'no_deployed_version') {
        return `${whereMissing(row.providerSelector, `${row.consumer.name} version ${row.consumerVersion.number} needs ${row.provider.name}`)}.`;
      }
      const expected = row.providerVersion ?? row.expectedProviderVersion;
      const scope = scopeOf(row.providerSelector);
      const forVersion = expected ? ` for version ${expected.number}${scope ? ` (${scope})` : ''}` : '';
      return `${row.provider.name} has not verified ${row.consumer.name}'s pact for version ${row.consumerVersion.number}: run the ${row.provider.name} provider build${forVersion}, or wait for it.`;
    }
    case 'required_integration_without_row':
      return `${reason.integration.providerName} has not verified a pact from ${reason.integration.consumerName} for these versions: run the ${reason.integration.providerName} provider build, or wait for it.`;
    default:
      return undefined;
  }
}

/** The Pact Broker's reason notices (de-duplicated, in order), then Treaty's next steps. */
export function noticesFor(reasons: Reason[]): Notice[] {
  const seen = new Set<string>();
  const notices: Notice[] = [];
  for (const reason of reasons) {
    const text = reasonText(reason);
    if (seen.has(text)) continue;
    seen.add(text);
    notices.push({ type: noticeType(reason), text });
  }
  const steps = new Set<string>();
  for (const reason of reasons) {
    const step = nextStep(reason);
    if (step && !steps.has(step)) {
      steps.add(step);
      notices.push({ type: 'prompt', text: step });
    }
  }
  return notices;
}

/** `summary.reason`: the de-duplicated reason texts joined by newlines. */
export function summaryReason(reasons: Reason[]): string {
  return [...new Set(reasons.map(reasonText))].join('\n');
}

