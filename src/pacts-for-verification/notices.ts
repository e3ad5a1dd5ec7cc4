// Pure: the sentences pacts-for-verification attaches to each pact (broker-semantics B7): why it is verified, whether
// it is pending and what a failure will do, and a short description some clients use as a test name.
import type { PendingStatus, WipReason } from './pending.js';
import type { CandidateFact, Selection, VerifiablePact } from './select-pacts.js';

export interface Notice {
  when: string;
  text: string;
}

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/** Environments of deployed/released facts, non-production first (as the Pact Broker lists them). */
function environments(facts: CandidateFact[], cv: string): string {
  const envs = facts.filter((f): f is Extract<CandidateFact, { environment: string }> => 'environment' in f);
  const sorted = [...envs].sort((a, b) => Number(a.production) - Number(b.production) || (a.environment < b.environment ? -1 : 1));
  const names = [...new Set(sorted.map((f) => f.environment))].map((e) => `${e} (${cv})`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** One bullet of the inclusion notice. */
export function describeSelection(s: Selection, providerName: string): string {
  const { selector, consumerVersionNumber: cv } = s;
  const of = selector.consumer !== undefined ? ` of ${selector.consumer}` : '';
  const branchOf = (f: CandidateFact) => ('branch' in f ? f.branch : '');
  switch (selector.kind) {
    case 'mainBranch':
      return `latest version${of} from the main branch '${branchOf(s.facts[0]!)}' (${cv})`;
    case 'branch':
      return s.fallback !== undefined
        ? `latest version${of} from branch '${s.fallback}' (fallback branch used as no pact was found from branch '${selector.branch}') (${cv})`
        : `latest version${of} from branch '${selector.branch}' (${cv})`;
    case 'allBranches':
      return `latest version${of} from branch ${list([...new Set(s.facts.map(branchOf))])} (${cv})`;
    case 'tag':
      if (s.fallback !== undefined) return `latest version${of} tagged '${s.fallback}' (fallback tag used as no pact was found with tag '${selector.tag}') (${cv})`;
      return selector.latest ? `latest version${of} tagged '${selector.tag}' (${cv})` : `all consumer versions${of} tagged '${selector.tag}' (${cv})`;
    case 'latest':
      return selector.consumer !== undefined
        ? `latest version of ${selector.consumer} that has a pact with ${providerName} (${cv})`
        : `latest version of a consumer that has a pact with ${providerName} (${cv})`;
    case 'deployed':
      return `consumer version(s)${of} currently deployed to ${environments(s.facts, cv)}`;
    case 'released':
      return `consumer version(s)${of} released and supported in ${environments(s.facts, cv)}`;
    case 'environment':
      return `a consumer version${of} in environment ${selector.environment} (${cv})`;
  }
}

function shortFor(s: Selection): string {
  const { selector } = s;
  switch (selector.kind) {
    case 'mainBranch':
      return 'latest from main branch';
    case 'branch':
      return `latest from branch ${s.fallback ?? selector.branch}`;
    case 'allBranches':
      return `latest from branch ${[...new Set(s.facts.map((f) => ('branch' in f ? f.branch : '')))].join(', ')}`;
    case 'tag':
      return selector.latest || s.fallback !== undefined ? `latest with tag ${s.fallback ?? selector.tag}` : `one of ${selector.tag}`;
    case 'latest':
      return 'latest';
    case 'deployed':
      return `deployed to ${[...new Set(s.facts.map((f) => ('environment' in f ? f.environment : '')))].join(', ')}`;
    case 'released':
      return `released in ${[...new Set(s.facts.map((f) => ('environment' in f ? f.environment : '')))].join(', ')}`;
    case 'environment':
      return `in ${selector.environment}`;
  }
}

/**
 * Selections that say the same thing (one selector, several consumer versions with this content) are merged into one
 * bullet listing the versions; bullets keep request order.
 */
function bullets(pact: VerifiablePact, providerName: string): { bullets: string[]; short: string[] } {
  const seen = new Map<string, { bullet: string; short: string; versions: string[]; listed: Set<string> }>();
  for (const s of pact.selections) {
    const key = `${s.selector.index}:${s.selector.kind}:${s.fallback ?? ''}:${describeSelection({ ...s, consumerVersionNumber: '' }, providerName)}`;
    const existing = seen.get(key);
    if (existing) {
      if (!existing.listed.has(s.consumerVersionNumber)) {
        existing.listed.add(s.consumerVersionNumber);
        existing.versions.push(s.consumerVersionNumber);
      }
      continue;
    }
    seen.set(key, { bullet: describeSelection(s, providerName), short: shortFor(s), versions: [s.consumerVersionNumber], listed: new Set([s.consumerVersionNumber]) });
  }
  const out = [...seen.values()];
  return {
    bullets: out.map((b) => (b.versions.length > 1 ? b.bullet.replace(/\(([^()]*)\)$/, `(${b.versions.join(', ')})`) : b.bullet)),
    short: [...new Set(out.map((b) => b.short))],
  };
}

export function shortDescription(pact: VerifiablePact, providerName: string): string {
  return describePact(pact, providerName).shortDescription;
}

export function inclusionNotice(pact: VerifiablePact, pactUrl: string, providerName: string): Notice {
  return describePact(pact, providerName).inclusionNotice(pactUrl);
}

/** The short description and the inclusion notice of one pact, from one pass over its selections. */
export function describePact(pact: VerifiablePact, providerName: string): { shortDescription: string; inclusionNotice: (pactUrl: string) => Notice } {
  const described = bullets(pact, providerName);
  return { shortDescription: described.short.join(', '), inclusionNotice: (pactUrl) => inclusionText(pact, pactUrl, described.bullets) };
}

function inclusionText(pact: VerifiablePact, pactUrl: string, lines: string[]): Notice {
  const versions = new Set(pact.selections.map((s) => s.consumerVersionNumber)).size;
  const subject = versions > 1 ? 'consumer versions' : 'consumer version';
  const criteria = lines.length > 1 ? 'criteria' : 'criterion';
  return {
    when: 'before_verification',
    text: `The pact at ${pactUrl} is being verified because the pact content belongs to the ${subject} matching the following ${criteria}:\n${lines.map((l) => `    * ${l}`).join('\n')}`,
  };
}

/** "a version of Bar from branch 'main'" / "… with tag 'dev'" / "Bar" */
function providerVersionPhrase(status: PendingStatus, providerName: string, article: 'a' | 'any'): string {
  if (status.mode === 'branch') return `${article} version of ${providerName} from branch '${status.branch}'`;
  if (status.mode === 'tags') {
    const tags = status.pending ? status.pendingTags : status.nonPendingTags;
    return `${article} version of ${providerName} with tag${tags.length > 1 ? 's' : ''} ${list(tags)}`;
  }
  return article === 'any' ? `any version of ${providerName}` : providerName;
}

const PENDING_DOCS = 'Read more at https://docs.pact.io/go/pending';

/** The pending notices: before verification, and what each outcome means while pending. */
export function pendingNotices(status: PendingStatus, providerName: string): Notice[] {
  const a = providerVersionPhrase(status, providerName, 'a');
  if (!status.pending) {
    return [
      {
        when: 'before_verification',
        text: `This pact has previously been successfully verified by ${a}. If this verification fails, it will fail the build. ${PENDING_DOCS}`,
      },
    ];
  }
  const any = providerVersionPhrase(status, providerName, 'any');
  return [
    {
      when: 'before_verification',
      text: `This pact is in pending state for this version of ${providerName} because a successful verification result for ${a} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${PENDING_DOCS}`,
    },
    ...afterVerificationNotices(any, providerName),
  ];
}

function afterVerificationNotices(any: string, providerName: string): Notice[] {
  return [
    { when: 'after_verification:success_true_published_false', text: `This pact is still in pending state for ${any} as the successful verification results have not yet been published.` },
    { when: 'after_verification:success_false_published_false', text: `This pact is still in pending state for ${any} as a successful verification result has not yet been published` },
    {
      when: 'after_verification:success_true_published_true',
      text: `This pact is no longer in pending state for ${any}, as a successful verification result has been published. If a verification for a version of ${providerName} fails in the future, it will fail the build. ${PENDING_DOCS}`,
    },
    { when: 'after_verification:success_false_published_true', text: `This pact is still in pending state for ${any} as a successful verification result has not yet been published` },
  ];
}

function wipReasonText(r: WipReason, consumerName: string): string {
  return r.kind === 'branch' ? `the latest version of ${consumerName} from branch '${r.name}'` : `the latest version of ${consumerName} tagged '${r.name}'`;
}

/** A WIP pact: why it is included, and that it is pending because it is WIP. */
export function wipNotices(options: {
  pactUrl: string;
  consumerName: string;
  providerName: string;
  reasons: WipReason[];
  provider: { branch?: string; tags: string[] };
  includePendingStatus: boolean;
}): Notice[] {
  const { providerName } = options;
  const by = options.provider.branch !== undefined
    ? `a version of ${providerName} from branch '${options.provider.branch}'`
    : `a version of ${providerName} with tag${options.provider.tags.length > 1 ? 's' : ''} ${list(options.provider.tags)}`;
  const which = options.reasons.map((r) => wipReasonText(r, options.consumerName)).join(' or ');
  const notices: Notice[] = [
    {
      when: 'before_verification',
      text: `The pact at ${options.pactUrl} is being verified because it is a 'work in progress' pact (ie. it is the pact for ${which} and it has not yet been successfully verified by ${by} when the pact's application version was explicitly specified in the consumer version selectors). Read more at https://docs.pact.io/go/wip`,
    },
  ];
  if (options.includePendingStatus) {
    notices.push({
      when: 'before_verification',
      text: `This pact is in pending state for this version of ${providerName} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/wip`,
    });
    const any = options.provider.branch !== undefined
      ? `any version of ${providerName} from branch '${options.provider.branch}'`
      : `any version of ${providerName} with tag${options.provider.tags.length > 1 ? 's' : ''} ${list(options.provider.tags)}`;
    notices.push(...afterVerificationNotices(any, providerName));
  }
  return notices;
}

export function wipShortDescription(reasons: WipReason[]): string {
  return `work in progress: ${reasons.map((r) => (r.kind === 'branch' ? `latest from branch ${r.name}` : `latest with tag ${r.name}`)).join(', ')}`;
}

export const DEPRECATED_GET_NOTICE: Notice = {
  when: 'before_verification',
  text: 'WARNING - this version of the Pact library uses a beta version of the API which will be removed in the future. Please upgrade your Pact library. See https://docs.pact.io/pact_broker/advanced_topics/provider_verification_results/#pacts-for-verification for minimum required versions.',
};
