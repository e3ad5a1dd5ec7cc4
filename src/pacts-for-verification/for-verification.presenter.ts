import { link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { utf8Concat } from '../shared/utf8.js';
import { encodePactMetadata, type SelectedBy } from '../pacts/pact-metadata.js';
import type { PactsForVerification } from './for-verification.service.js';
import { DEPRECATED_GET_NOTICE, describePact, pendingNotices, wipNotices, wipShortDescription } from './notices.js';
import type { Selection } from './select-pacts.js';

/** What the pact URL's metadata records about one selection (read back when results are published). */
function selectedBy(s: Selection): SelectedBy {
  const out: SelectedBy = { cv: s.consumerVersionNumber };
  const sel = s.selector;
  switch (sel.kind) {
    case 'mainBranch':
      out.m = true;
      out.l = true;
      break;
    case 'branch':
      out.b = s.fallback ?? sel.branch;
      out.l = true;
      break;
    case 'allBranches':
      out.b = s.facts.map((f) => ('branch' in f ? f.branch : '')).join(',');
      out.l = true;
      break;
    case 'tag':
      out.t = s.fallback ?? sel.tag;
      if (sel.latest || s.fallback !== undefined) out.l = true;
      break;
    case 'latest':
      out.l = true;
      break;
    case 'deployed':
      out.d = true;
      break;
    case 'released':
      out.r = true;
      break;
    case 'environment':
      out.e = sel.environment;
      break;
  }
  const environment = s.facts.find((f) => 'environment' in f);
  if (environment && 'environment' in environment && out.e === undefined) out.e = environment.environment;
  if (s.fallback !== undefined) out.f = true;
  return out;
}

const json = JSON.stringify;
const selfLink = (href: string, name: string) => `{"self":{"href":${json(href)},"name":${json(name)}}}`;

/**
 * The response body as JSON text, byte for byte what JSON.stringify gives for the HAL document (key order included),
 * written entry by entry so that what many entries share is serialised once: the pending notices of one status, the
 * notices after a WIP pact's first. Bullets are described once per pact (the short description and the inclusion
 * notice share them). One text per entry, encoded into one buffer (utf8Concat: a hub's 600 KiB never becomes one string).
 */
export function presentPactsForVerification(base: string, result: PactsForVerification, options: { deprecatedGet?: boolean } = {}): Buffer {
  const { providerName, request } = result;
  const name = (consumer: string, cv: string) => `Pact between ${consumer} (${cv}) and ${providerName}`;
  const deprecated = options.deprecatedGet ? `${json(DEPRECATED_GET_NOTICE)},` : '';
  const pendingText = new Map<string, string>();
  const pendingOf = (status: PactsForVerification['pacts'][number]['pending']) => {
    const key = json(status);
    let text = pendingText.get(key);
    if (text === undefined) pendingText.set(key, (text = pendingNotices(status, providerName).map((n) => `,${json(n)}`).join('')));
    return text;
  };
  const entries: string[] = [];
  for (const p of result.pacts) {
    const permalink = urls.pactVersion(base, providerName, p.consumerName, p.sha);
    const metadata = encodePactMetadata({ s: p.selections.map(selectedBy), ...(request.includePendingStatus ? { p: p.pending.pending } : {}) });
    const described = describePact(p, providerName);
    const pending = request.includePendingStatus ? `"pending":${p.pending.pending},` : '';
    const notices = `[${deprecated}${json(described.inclusionNotice(permalink))}${request.includePendingStatus ? pendingOf(p.pending) : ''}]`;
    entries.push(
      `${entries.length ? ',' : ''}{"shortDescription":${json(described.shortDescription)},"verificationProperties":{${pending}"notices":${notices}},` +
        `"_links":${selfLink(`${permalink}/metadata/${metadata}`, name(p.consumerName, p.consumerVersionNumber))}}`,
    );
  }
  // After its first (which names the pact), a WIP pact's notices depend only on the request: the same for every one.
  let wipTail: string | undefined;
  const provider = { ...(result.provider.branch ? { branch: result.provider.branch.name } : {}), tags: result.provider.tags.map((t) => t.name) };
  for (const w of result.wip) {
    const permalink = urls.pactVersion(base, providerName, w.consumerName, w.sha);
    const metadata = encodePactMetadata({ s: [{ cv: w.consumerVersionNumber }], p: true, w: true });
    const [first, ...rest] = wipNotices({
      pactUrl: permalink,
      consumerName: w.consumerName,
      providerName,
      reasons: w.reasons,
      provider,
      includePendingStatus: request.includePendingStatus,
    });
    wipTail ??= rest.map((n) => `,${json(n)}`).join('');
    const pending = request.includePendingStatus ? '"pending":true,' : '';
    entries.push(
      `${entries.length ? ',' : ''}{"shortDescription":${json(wipShortDescription(w.reasons))},"verificationProperties":{${pending}"wip":true,"notices":[${json(first)}${wipTail}]},` +
        `"_links":${selfLink(`${permalink}/metadata/${metadata}`, name(w.consumerName, w.consumerVersionNumber))}}`,
    );
  }
  const self = json(link(`${urls.providerPacts(base, providerName)}/for-verification`, { title: 'Pacts to be verified' }));
  return utf8Concat(['{"_embedded":{"pacts":[', ...entries, `]},"_links":{"self":${self}}}`]);
}
