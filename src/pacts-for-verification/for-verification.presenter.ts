import { link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { encodePactMetadata, type SelectedBy } from '../pacts/pact-metadata.js';
import type { PactsForVerification } from './for-verification.service.js';
import { DEPRECATED_GET_NOTICE, inclusionNotice, pendingNotices, shortDescription, wipNotices, wipShortDescription, type Notice } from './notices.js';
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

export function presentPactsForVerification(base: string, result: PactsForVerification, options: { deprecatedGet?: boolean } = {}) {
  const { providerName, request } = result;
  const name = (consumer: string, cv: string) => `Pact between ${consumer} (${cv}) and ${providerName}`;
  const explicit = result.pacts.map((p) => {
    const permalink = urls.pactVersion(base, providerName, p.consumerName, p.sha);
    const metadata = encodePactMetadata({ s: p.selections.map(selectedBy), ...(request.includePendingStatus ? { p: p.pending.pending } : {}) });
    const notices: Notice[] = options.deprecatedGet ? [DEPRECATED_GET_NOTICE] : [];
    notices.push(inclusionNotice(p, permalink, providerName));
    if (request.includePendingStatus) notices.push(...pendingNotices(p.pending, providerName));
    return {
      shortDescription: shortDescription(p, providerName),
      verificationProperties: {
        ...(request.includePendingStatus ? { pending: p.pending.pending } : {}),
        notices,
      },
      _links: { self: link(`${permalink}/metadata/${metadata}`, { name: name(p.consumerName, p.consumerVersionNumber) }) },
    };
  });
  const wip = result.wip.map((w) => {
    const permalink = urls.pactVersion(base, providerName, w.consumerName, w.sha);
    const metadata = encodePactMetadata({ s: [{ cv: w.consumerVersionNumber }], p: true, w: true });
    const notices = wipNotices({
      pactUrl: permalink,
      consumerName: w.consumerName,
      providerName,
      reasons: w.reasons,
      provider: { ...(result.provider.branch ? { branch: result.provider.branch.name } : {}), tags: result.provider.tags.map((t) => t.name) },
      includePendingStatus: request.includePendingStatus,
    });
    return {
      shortDescription: wipShortDescription(w.reasons),
      verificationProperties: { ...(request.includePendingStatus ? { pending: true } : {}), wip: true, notices },
      _links: { self: link(`${permalink}/metadata/${metadata}`, { name: name(w.consumerName, w.consumerVersionNumber) }) },
    };
  });
  return {
    _embedded: { pacts: [...explicit, ...wip] },
    _links: { self: link(`${urls.providerPacts(base, providerName)}/for-verification`, { title: 'Pacts to be verified' }) },
  };
}
