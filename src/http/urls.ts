// Every URL the API renders is built here, from the request's base URL and names encoded per path segment.

const UNRESERVED = /^[A-Za-z0-9_.~-]*$/;

/** Percent-encodes everything except unreserved characters (space → %20, / → %2F), like Ruby's url_encode. */
export function enc(segment: string): string {
  // Most names and numbers are unreserved characters only: nothing to encode (a hub's answer builds ~3,000 URLs).
  if (UNRESERVED.test(segment)) return segment;
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const pactVersionUrl = (b: string, provider: string, consumer: string, sha: string) =>
  `${b}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/pact-version/${enc(sha)}`;

/** `?…` of a request URL as sent (empty when there is none), for list `self` links that echo their query. */
export function queryStringOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 || at === url.length - 1 ? '' : url.slice(at);
}

export const urls = {
  index: (b: string) => b,
  heartbeat: (b: string) => `${b}/diagnostic/status/heartbeat`,
  pacticipants: (b: string) => `${b}/pacticipants`,
  pacticipant: (b: string, p: string) => `${b}/pacticipants/${enc(p)}`,
  pacticipantsWithLabel: (b: string, label: string) => `${b}/pacticipants/label/${enc(label)}`,
  label: (b: string, p: string, label: string) => `${b}/pacticipants/${enc(p)}/labels/${enc(label)}`,
  versions: (b: string, p: string) => `${b}/pacticipants/${enc(p)}/versions`,
  version: (b: string, p: string, v: string) => `${b}/pacticipants/${enc(p)}/versions/${enc(v)}`,
  latestVersion: (b: string, p: string) => `${b}/pacticipants/${enc(p)}/latest-version`,
  tags: (b: string, p: string, v: string) => `${b}/pacticipants/${enc(p)}/versions/${enc(v)}/tags`,
  tag: (b: string, p: string, v: string, t: string) => `${b}/pacticipants/${enc(p)}/versions/${enc(v)}/tags/${enc(t)}`,
  branches: (b: string, p: string) => `${b}/pacticipants/${enc(p)}/branches`,
  branch: (b: string, p: string, br: string) => `${b}/pacticipants/${enc(p)}/branches/${enc(br)}`,
  branchVersions: (b: string, p: string, br: string) => `${b}/pacticipants/${enc(p)}/branches/${enc(br)}/versions`,
  branchVersion: (b: string, p: string, br: string, v: string) =>
    `${b}/pacticipants/${enc(p)}/branches/${enc(br)}/versions/${enc(v)}`,
  branchLatestVersion: (b: string, p: string, br: string) => `${b}/pacticipants/${enc(p)}/branches/${enc(br)}/latest-version`,
  latestVerificationForConsumerVersion: (b: string, p: string, v: string) =>
    `${b}/verification-results/consumer/${enc(p)}/version/${enc(v)}/latest`,
  /** The audit trail of writes (admins). */
  audit: (b: string) => `${b}/audit`,
  environments: (b: string) => `${b}/environments`,
  environment: (b: string, uuid: string) => `${b}/environments/${uuid}`,
  currentlyDeployed: (b: string, environmentUuid: string) => `${b}/environments/${environmentUuid}/deployed-versions/currently-deployed`,
  currentlySupported: (b: string, environmentUuid: string) => `${b}/environments/${environmentUuid}/released-versions/currently-supported`,
  deployedVersion: (b: string, uuid: string) => `${b}/deployed-versions/${uuid}`,
  releasedVersion: (b: string, uuid: string) => `${b}/released-versions/${uuid}`,
  deployedVersionsForVersion: (b: string, p: string, v: string, environmentUuid: string) =>
    `${b}/pacticipants/${enc(p)}/versions/${enc(v)}/deployed-versions/environment/${environmentUuid}`,
  releasedVersionsForVersion: (b: string, p: string, v: string, environmentUuid: string) =>
    `${b}/pacticipants/${enc(p)}/versions/${enc(v)}/released-versions/environment/${environmentUuid}`,
  publishContracts: (b: string) => `${b}/contracts/publish`,
  webhooks: (b: string) => `${b}/webhooks`,
  webhook: (b: string, uuid: string) => `${b}/webhooks/${enc(uuid)}`,
  webhookExecute: (b: string, uuid: string) => `${b}/webhooks/${enc(uuid)}/execute`,
  /** Webhooks scoped to a provider and/or consumer (both: the pact's webhooks). */
  scopedWebhooks: (b: string, scope: { provider?: string | undefined; consumer?: string | undefined }) =>
    `${b}/webhooks${scope.provider !== undefined ? `/provider/${enc(scope.provider)}` : ''}${scope.consumer !== undefined ? `/consumer/${enc(scope.consumer)}` : ''}`,
  latestPacts: (b: string) => `${b}/pacts/latest`,
  integration: (b: string, provider: string, consumer: string) => `${b}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}`,
  pact: (b: string, provider: string, consumer: string, v: string) =>
    `${b}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/version/${enc(v)}`,
  pactVersion: pactVersionUrl,
  pactVersionWithMetadata: (b: string, provider: string, consumer: string, sha: string, metadata: string) =>
    `${pactVersionUrl(b, provider, consumer, sha)}/metadata/${enc(metadata)}`,
  /** POST here to publish a result; GET lists the results of this content. */
  verificationResults: (b: string, provider: string, consumer: string, sha: string) =>
    `${pactVersionUrl(b, provider, consumer, sha)}/verification-results`,
  /** The publish URL handed out with a pact fetched through a metadata URL: the metadata travels with the result. */
  verificationResultsWithMetadata: (b: string, provider: string, consumer: string, sha: string, metadata: string) =>
    `${pactVersionUrl(b, provider, consumer, sha)}/metadata/${enc(metadata)}/verification-results`,
  verificationResult: (b: string, provider: string, consumer: string, sha: string, id: number) =>
    `${pactVersionUrl(b, provider, consumer, sha)}/verification-results/${id}`,
  latestVerificationResult: (b: string, provider: string, consumer: string, sha: string) =>
    `${pactVersionUrl(b, provider, consumer, sha)}/verification-results/latest`,
  pactTriggeredWebhooks: (b: string, provider: string, consumer: string, v: string) =>
    `${b}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/version/${enc(v)}/triggered-webhooks`,
  triggeredWebhookLogs: (b: string, uuid: string) => `${b}/triggered-webhooks/${enc(uuid)}/logs`,
  verificationTriggeredWebhooks: (b: string, provider: string, consumer: string, sha: string, id: number) =>
    `${pactVersionUrl(b, provider, consumer, sha)}/verification-results/${id}/triggered-webhooks`,
  latestPact: (b: string, provider: string, consumer: string) =>
    `${b}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/latest`,
  integrationPactVersions: (b: string, provider: string, consumer: string) =>
    `${b}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/versions`,
  providerPacts: (b: string, provider: string) => `${b}/pacts/provider/${enc(provider)}`,
  /** The matrix rows of one consumer version (every provider version that verified its pacts). */
  matrixForVersion: (b: string, p: string, v: string) => `${b}/matrix?q[][pacticipant]=${enc(p)}&q[][version]=${enc(v)}&latestby=cvpv`,
  secrets: (b: string) => `${b}/secrets`,
  secret: (b: string, name: string) => `${b}/secrets/${enc(name)}`,
};
