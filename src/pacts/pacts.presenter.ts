import { createHash } from 'node:crypto';
import { curies, link, timestamp, type Link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { createLru } from '../shared/lru.js';
import { nameProblems, type NameLimits } from '../shared/names.js';
import { decodePactMetadata } from './pact-metadata.js';
import type { PactContentEntry } from './pact-content-cache.js';
import type { Pact, PactSummary } from './pacts.types.js';

export const pactName = (p: PactSummary) => `Pact between ${p.consumerName} (${p.consumerVersionNumber}) and ${p.providerName}`;
const day = (d: Date) => d.toISOString().slice(0, 10).split('-').reverse().join('/');

function pactUrl(base: string, p: PactSummary) {
  return urls.pact(base, p.providerName, p.consumerName, p.consumerVersionNumber);
}

/**
 * The stored pact content with `createdAt` and the HAL links clients follow merged in. `metadata` is the segment of
 * the pact URL the pact was fetched through (…/pact-version/{sha}/metadata/{metadata}): the publish link then keeps
 * it, so the verification result records why the pact was selected and whether it was pending or WIP.
 */
export function presentPact(base: string, pact: Pact, options: PresentPactOptions = {}): Record<string, unknown> {
  const content = JSON.parse(pact.content) as Record<string, unknown>;
  return { ...content, ...pactAdditions(base, pact, options) };
}

type PresentPactOptions = { metadata?: undefined } | { metadata: string | undefined; limits: NameLimits };

/**
 * The bytes of {@link presentPact} (the same, key for key), from a cached content entry: the content's serialised
 * prefix and the additions, without parsing and serialising the content again. The strong ETag covers every input of
 * the bytes: the content (its sha), the additions (which carry the consumer version, names, base URL and metadata)
 * and the media type.
 */
export function presentPactBytes(base: string, pact: PactSummary, entry: PactContentEntry, mediaType: string, options: PresentPactOptions = {}) {
  return pactBytes(base, pact, entry, options, servedAdditions(base, pact, mediaType, options));
}

interface ServedAdditions {
  /** The serialised `createdAt` and `_links`. */
  additions: string;
  etag: string;
}

function servedAdditions(base: string, pact: PactSummary, mediaType: string, options: PresentPactOptions): ServedAdditions {
  const additions = JSON.stringify(pactAdditions(base, pact, options));
  return { additions, etag: `"${pact.sha}-${createHash('sha1').update(mediaType).update('\n').update(additions).digest('base64url')}"` };
}

function pactBytes(base: string, pact: PactSummary, entry: PactContentEntry, options: PresentPactOptions, served: ServedAdditions) {
  const { additions, etag } = served;
  const body =
    entry.prefix === undefined
      ? JSON.stringify({ ...(JSON.parse(entry.content) as Record<string, unknown>), ...pactAdditions(base, pact, options) })
      : entry.empty
        ? additions
        : `${entry.prefix},${additions.slice(1)}`;
  return { body, etag };
}

/**
 * {@link presentPactBytes} with the additions and ETag kept by their inputs (bounded by `maxBytes`): a hot pact is
 * served again and again with the same links, and building, serialising and hashing them cost more than the rest of
 * the response's JavaScript. One per app: a metadata URL's links depend on the app's name limits.
 */
export function createPactBytesPresenter(options: { maxBytes: number }) {
  const kept = createLru<string, ServedAdditions>({
    maxSize: options.maxBytes,
    sizeOf: (served, key) => 2 * (served.additions.length + served.etag.length + key.length) + 100,
  });
  return (base: string, pact: PactSummary, entry: PactContentEntry, mediaType: string, presentOptions: PresentPactOptions = {}) => {
    // Every input of pactAdditions and of the ETag (the names, consumer version, sha, creation time, base URL, metadata, media type).
    const key = JSON.stringify([base, mediaType, pact.providerName, pact.consumerName, pact.consumerVersionNumber, pact.sha, pact.createdAt.getTime(), presentOptions.metadata ?? null]);
    let served = kept.get(key);
    if (served === undefined) {
      served = servedAdditions(base, pact, mediaType, presentOptions);
      kept.set(key, served);
    }
    return pactBytes(base, pact, entry, presentOptions, served);
  };
}

/** What a served pact adds to its content: `createdAt` and `_links`. */
function pactAdditions(base: string, pact: PactSummary, options: PresentPactOptions): { createdAt: string; _links: Record<string, Link | Link[]> } {
  const self = pactUrl(base, pact);
  const integration = urls.integration(base, pact.providerName, pact.consumerName);
  const consumerVersion = urls.version(base, pact.consumerName, pact.consumerVersionNumber);
  const pactVersion = urls.pactVersion(base, pact.providerName, pact.consumerName, pact.sha);
  const links: Record<string, Link | Link[]> = {
    self: link(self, { title: 'Pact', name: pactName(pact) }),
    'pb:consumer': link(urls.pacticipant(base, pact.consumerName), { title: 'Consumer', name: pact.consumerName }),
    'pb:consumer-version': link(consumerVersion, { title: 'Consumer version', name: pact.consumerVersionNumber }),
    'pb:provider': link(urls.pacticipant(base, pact.providerName), { title: 'Provider', name: pact.providerName }),
    'pb:pact-version': link(pactVersion, { title: 'Pact content version permalink', name: pact.sha }),
    'pb:latest-pact-version': link(`${integration}/latest`, { title: 'Latest version of this pact' }),
    'pb:all-pact-versions': link(`${integration}/versions`, { title: 'All versions of this pact' }),
    'pb:latest-untagged-pact-version': link(`${integration}/latest-untagged`, { title: 'Latest untagged version of this pact' }),
    'pb:latest-tagged-pact-version': link(`${integration}/latest/{tag}`, { title: 'Latest tagged version of this pact', templated: true }),
    'pb:previous-distinct': link(`${self}/previous-distinct`, { title: 'Previous distinct version of this pact' }),
    'pb:diff-previous-distinct': link(`${self}/diff/previous-distinct`, { title: 'Diff with previous distinct version of this pact' }),
    'pb:diff': link(`${pactVersion}/diff/pact-version/{pactVersion}`, { title: 'Diff with another specified version of this pact', templated: true }),
    'pb:pact-webhooks': link(urls.scopedWebhooks(base, { provider: pact.providerName, consumer: pact.consumerName }), {
      title: `Webhooks for the pact between ${pact.consumerName} and ${pact.providerName}`,
    }),
    // The Pact Broker links its provider's name here (a bug); this is the consumer's webhooks, as the relation says.
    'pb:consumer-webhooks': link(urls.scopedWebhooks(base, { consumer: pact.consumerName }), { title: `Webhooks for all pacts with consumer ${pact.consumerName}` }),
    'pb:tag-prod-version': link(`${consumerVersion}/tags/prod`, { title: 'PUT to this resource to tag this consumer version as \'production\'' }),
    'pb:tag-version': link(`${consumerVersion}/tags/{tag}`, { title: 'PUT to this resource to tag this consumer version' }),
    // The Rust verifier publishes results only to a pact that has this link (and pb:provider).
    'pb:publish-verification-results': link(
      options.metadata === undefined
        ? urls.verificationResults(base, pact.providerName, pact.consumerName, pact.sha)
        : urls.verificationResultsWithMetadata(base, pact.providerName, pact.consumerName, pact.sha, options.metadata),
      { title: 'Publish verification results' },
    ),
    'pb:latest-verification-results': link(urls.latestVerificationResult(base, pact.providerName, pact.consumerName, pact.sha)),
    'pb:triggered-webhooks': link(urls.pactTriggeredWebhooks(base, pact.providerName, pact.consumerName, pact.consumerVersionNumber), {
      title: 'Webhooks triggered by the publication of this pact',
    }),
    'pb:matrix-for-consumer-version': link(urls.matrixForVersion(base, pact.consumerName, pact.consumerVersionNumber), {
      title: 'View matrix rows for the consumer version to which this pact belongs',
    }),
  };
  if (options.metadata !== undefined) {
    // The consumer versions the selectors resolved to (as the Pact Broker lists them for a metadata URL).
    // Anyone can write metadata: version numbers that could not exist (or be percent-encoded) are left out.
    const selected = [...new Set((decodePactMetadata(options.metadata).s ?? []).map((s) => s.cv))].filter((cv) => nameProblems(cv, options.limits).length === 0);
    if (selected.length) {
      links['pb:consumer-versions'] = selected.map((cv) => link(urls.version(base, pact.consumerName, cv), { title: 'Consumer version', name: cv }));
    }
  }
  links.curies = curies(base, 'pact');
  return { createdAt: timestamp(pact.createdAt), _links: links };
}

/** The header that names the consumer version of the pact a response carries (see {@link pactDocumentHeaders}). */
export const CONSUMER_VERSION_HEADER = 'X-Pact-Consumer-Version';

/**
 * The headers of every response that serves a pact document: `X-Pact-Consumer-Version` is the consumer version number
 * of the pact served (the Pact Broker sets it on its latest-pact resource; the official client's contract expects it
 * on the latest and latest-tagged pact). A header value is bytes: the number goes out as its UTF-8 bytes, as the
 * Pact Broker sends it, so a version number with letters beyond Latin-1 does not make Node refuse the response.
 */
export function pactDocumentHeaders(pact: PactSummary): Record<string, string> {
  return { [CONSUMER_VERSION_HEADER]: Buffer.from(pact.consumerVersionNumber, 'utf8').toString('latin1') };
}

const pacticipantLink = (base: string, name: string) => ({ href: urls.pacticipant(base, name) });

/** GET /pacts/latest: the CLI's list-latest-pact-versions reads the top-level `pacts` array. */
export function presentLatestPacts(base: string, pacts: PactSummary[]) {
  return {
    pacts: pacts.map((p) => ({
      createdAt: timestamp(p.createdAt),
      _embedded: {
        consumer: {
          name: p.consumerName,
          _embedded: {
            version: {
              number: p.consumerVersionNumber,
              _links: { self: link(urls.version(base, p.consumerName, p.consumerVersionNumber), { title: 'Version', name: p.consumerVersionNumber }) },
            },
          },
          _links: { self: pacticipantLink(base, p.consumerName) },
        },
        provider: { name: p.providerName, _links: { self: pacticipantLink(base, p.providerName) } },
      },
      _links: { self: [link(urls.latestPact(base, p.providerName, p.consumerName)), link(pactUrl(base, p))] },
    })),
    _links: {
      self: link(urls.latestPacts(base)),
      'pb:pacts': pacts.map((p) => link(urls.latestPact(base, p.providerName, p.consumerName), { title: `Latest pact between ${p.consumerName} and ${p.providerName}` })),
      pacts: pacts.map((p) =>
        link(urls.latestPact(base, p.providerName, p.consumerName), {
          title: `Latest pact between ${p.consumerName} and ${p.providerName}`,
          name: 'DEPRECATED - please use the pb:pacts relation',
        }),
      ),
      curies: curies(base, 'pacts'),
    },
  };
}

/** Provider pact lists: `pb:pacts` for the CLI, the deprecated `pacts` for the verifier's non-selector mode. */
export function presentProviderPacts(
  base: string,
  providerName: string,
  pacts: PactSummary[],
  self: { href: string; title: string },
  paging: Record<string, Link> = {},
) {
  return {
    _links: {
      self: link(self.href, { title: self.title }),
      'pb:provider': link(urls.pacticipant(base, providerName), { name: providerName }),
      'pb:pacts': pacts.map((p) => link(pactUrl(base, p), { title: pactName(p), name: p.consumerName })),
      provider: link(urls.pacticipant(base, providerName), { title: providerName, name: 'DEPRECATED - please use the pb:provider relation' }),
      pacts: pacts.map((p) => link(pactUrl(base, p), { title: 'DEPRECATED - please use the pb:pacts relation. ' + pactName(p), name: p.consumerName })),
      ...paging,
    },
  };
}

/** The pact versions of one integration, newest first. */
export function presentIntegrationPacts(
  base: string,
  consumerName: string,
  providerName: string,
  pacts: PactSummary[],
  selfHref: string,
  paging: Record<string, Link> = {},
) {
  return {
    _embedded: {
      pacts: pacts.map((p) => ({
        createdAt: timestamp(p.createdAt),
        _embedded: {
          consumerVersion: {
            number: p.consumerVersionNumber,
            _links: { self: link(urls.version(base, p.consumerName, p.consumerVersionNumber), { title: 'Version', name: p.consumerVersionNumber }) },
          },
        },
        _links: { self: link(pactUrl(base, p), { title: pactName(p) }) },
      })),
    },
    _links: {
      self: link(selfHref, { title: `All versions of the pact between ${consumerName} and ${providerName}` }),
      consumer: link(urls.pacticipant(base, consumerName), { title: 'Consumer', name: consumerName }),
      provider: link(urls.pacticipant(base, providerName), { title: 'Provider', name: providerName }),
      'pact-versions': pacts.map((p) => link(pactUrl(base, p), { title: 'Pact', name: `Version ${p.consumerVersionNumber} - ${day(p.createdAt)}` })),
      ...paging,
    },
  };
}

/** Human-readable diff document (text/plain). */
export function presentDiff(base: string, pact: PactSummary, previous: PactSummary | undefined, diff: string | undefined): string {
  if (!previous || diff === undefined) {
    return `No previous distinct version was found for ${pactName(pact)}\n`;
  }
  return [
    `# Diff between versions ${previous.consumerVersionNumber} and ${pact.consumerVersionNumber} of the pact between ${pact.consumerName} and ${pact.providerName}`,
    '',
    `The following changes were made at ${timestamp(pact.createdAt)}`,
    '',
    diff,
    '',
    '## Links',
    '',
    `pact-version:\n  title: Pact\n  name: ${pactName(pact)}\n  href: ${pactUrl(base, pact)}`,
    `comparison-pact-version:\n  title: Pact\n  name: ${pactName(previous)}\n  href: ${pactUrl(base, previous)}`,
    '',
  ].join('\n');
}

