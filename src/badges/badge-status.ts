// Pure: what a pact badge says. The Pact Broker's rules (badges/service.rb, verifications/pseudo_branch_status.rb):
// the status compares the latest pact of the pseudo branch (latest / tag / branch) with the newest verification result
// on that pseudo branch; the title names the integration, lower-cased.

export type BadgeColor = 'brightgreen' | 'red' | 'orange' | 'lightgrey';

/** The text and colour of one badge, before drawing. */
export interface BadgeLook {
  label: string;
  message: string;
  color: BadgeColor;
}

export type PactBadgeStatus = 'verified' | 'failed' | 'failed (pending)' | 'changed' | 'unknown';

/** The newest result on the pseudo branch, reduced to what the status needs. */
export interface LatestResult {
  sha: string;
  success: boolean;
  /** Verified with the pact marked pending (a failure then does not break the provider build). */
  pending: boolean | null;
}

/** verified, or changed when the pact's content is newer than what passed; failed (pending) when it was pending. */
export function pactBadgeStatus(latestPactSha: string, result: LatestResult | undefined): PactBadgeStatus {
  if (!result) return 'unknown';
  if (result.success) return result.sha === latestPactSha ? 'verified' : 'changed';
  return result.pending ? 'failed (pending)' : 'failed';
}

const COLORS: Record<PactBadgeStatus, BadgeColor> = {
  verified: 'brightgreen',
  failed: 'red',
  'failed (pending)': 'red',
  changed: 'orange',
  unknown: 'lightgrey',
};

export interface TitleOptions {
  /** `label=consumer` or `label=provider` names one side only; anything else names both. */
  label?: string | undefined;
  /** `initials=true`: "foo-bar" → "fb", "FooBar" → "fb" (a one-word name stays whole). */
  initials?: boolean;
  /** The matrix badge shows the tags after the names: "foo (dev)/bar (prod) pact". */
  consumerTag?: string | undefined;
  providerTag?: string | undefined;
}

const words = (name: string): string[] => {
  const split = name.split(/[\s_-]/).filter(Boolean);
  if (split.length > 1) return split;
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .split('_')
    .filter(Boolean);
};

function shortName(name: string, initials: boolean, tag: string | undefined): string {
  const parts = initials ? words(name) : [];
  const base = parts.length > 1 ? parts.map((p) => [...p][0]).join('') : name;
  return `${base}${tag === undefined ? '' : ` (${tag})`}`;
}

export function pactBadgeTitle(consumerName: string, providerName: string, options: TitleOptions = {}): string {
  const consumer = shortName(consumerName, options.initials ?? false, options.consumerTag);
  const provider = shortName(providerName, options.initials ?? false, options.providerTag);
  const which = (options.label ?? '').toLowerCase();
  const names = which === 'consumer' ? consumer : which === 'provider' ? provider : `${consumer}/${provider}`;
  return `${names} pact`.toLowerCase();
}

/** The badge of an integration; no pact (or no such pacticipant) gives the grey "pact not found | unknown". */
export function pactBadge(
  found: { consumerName: string; providerName: string; latestPactSha: string; result: LatestResult | undefined } | undefined,
  options: TitleOptions = {},
): BadgeLook {
  if (!found) return { label: 'pact not found', message: 'unknown', color: 'lightgrey' };
  const status = pactBadgeStatus(found.latestPactSha, found.result);
  return { label: pactBadgeTitle(found.consumerName, found.providerName, options), message: status, color: COLORS[status] };
}
