import { compact, link, timestamp } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { ConsumerVersionVerificationSummary, Verification } from './verifications.types.js';

/** "Pact between Foo (3) and Bar", with the latest consumer version that has this content. */
function pactName(v: Verification): string {
  const version = v.consumerVersionNumber === undefined ? '' : ` (${v.consumerVersionNumber})`;
  return `Pact between ${v.consumerName}${version} and ${v.providerName}`;
}

/**
 * A verification result as the Pact Broker renders it (testResults echoed as sent, verifiedBy `{}` when not sent),
 * plus Treaty's `consumerName`, `wip` and `pending` (the flags the pact URL's metadata recorded; pending only when
 * known) and a `pb:provider-version` link.
 */
export function presentVerification(base: string, v: Verification) {
  const name = pactName(v);
  return {
    providerName: v.providerName,
    providerApplicationVersion: v.providerVersionNumber,
    success: v.success,
    verificationDate: timestamp(v.createdAt),
    ...compact({ buildUrl: v.buildUrl, testResults: v.testResults }),
    verifiedBy: v.verifiedBy ?? {},
    consumerName: v.consumerName,
    wip: v.wip,
    ...compact({ pending: v.pending }),
    _links: {
      self: link(urls.verificationResult(base, v.providerName, v.consumerName, v.sha, v.id), {
        title: 'Verification result',
        name: `Verification result ${v.id} for ${name}`,
      }),
      'pb:pact-version': link(urls.pactVersion(base, v.providerName, v.consumerName, v.sha), { title: 'Pact', name }),
      'pb:provider-version': link(urls.version(base, v.providerName, v.providerVersionNumber), { title: 'Provider version', name: v.providerVersionNumber }),
      'pb:triggered-webhooks': link(urls.verificationTriggeredWebhooks(base, v.providerName, v.consumerName, v.sha, v.id), {
        title: 'Webhooks triggered by the publication of this verification result',
      }),
    },
  };
}

/** Treaty's list of the results of one content, newest first (GET on the collection is a 405 in the Pact Broker). */
export function presentVerifications(base: string, pact: { providerName: string; consumerName: string; consumerVersionNumber: string; sha: string }, list: Verification[]) {
  const { providerName, consumerName, sha } = pact;
  return {
    _embedded: { verificationResults: list.map((v) => presentVerification(base, v)) },
    _links: {
      self: link(urls.verificationResults(base, providerName, consumerName, sha), {
        title: `Verification results for the pact between ${consumerName} and ${providerName} with content version ${sha}`,
      }),
      'pb:pact-version': link(urls.pactVersion(base, providerName, consumerName, sha), {
        title: 'Pact',
        name: `Pact between ${consumerName} (${pact.consumerVersionNumber}) and ${providerName}`,
      }),
      'pb:latest-verification-results': link(urls.latestVerificationResult(base, providerName, consumerName, sha), { title: 'Latest verification result' }),
    },
  };
}

/** The Pact Broker's verification summary for a consumer version (VerificationSummaryDecorator's shape). */
export function presentConsumerVersionSummary(base: string, summary: ConsumerVersionVerificationSummary) {
  const { consumerName, consumerVersionNumber } = summary;
  return {
    success: summary.success,
    providerSummary: summary.providerSummary,
    _embedded: { verificationResults: summary.verifications.map((v) => presentVerification(base, v)) },
    _links: {
      self: link(urls.latestVerificationForConsumerVersion(base, consumerName, consumerVersionNumber), {
        title: `Latest verification results for consumer ${consumerName} version ${consumerVersionNumber}`,
      }),
      'pb:consumer-version': link(urls.version(base, consumerName, consumerVersionNumber), { title: 'Consumer version', name: consumerVersionNumber }),
    },
  };
}
