// Search across pact contents (the Pact Broker's #317: "which consumers use the field `total`?"). Pure: the latest pact
// of each integration in, matches out, grouped by integration (consumer → provider) and interaction. A term matches,
// case-insensitively as a substring: JSON keys anywhere in request, response and message bodies (reported with their
// path, e.g. `response.body.items[].total`), request paths and queries, header names and values, message metadata
// keys, interaction descriptions and provider states. The work is bounded: the caller passes at most MAX_PACTS pacts,
// at most MAX_RESULTS matches are kept, and each body walk stops after MAX_NODES values.
import { enc } from '../../http/urls.js';
import { MAX_INTERACTIONS, queryString } from '../pacts/pact-document.js';

export const MAX_PACTS = 500;
export const MAX_RESULTS = 200;
export const MAX_NODES = 20_000;
export const MIN_TERM = 2;
export const MAX_TERM = 100;

export type MatchKind = 'field' | 'path' | 'header' | 'metadata' | 'description' | 'provider state';

export interface Match {
  kind: MatchKind;
  /** Where: `response.body.items[].total`, `request.path`, `request.headers`, … */
  location: string;
  /** What matched: the key, path, header, description or state. */
  text: string;
}

export interface InteractionMatches {
  description: string;
  anchor: string;
  matches: Match[];
}

export interface PactToSearch {
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string;
  content: string;
}

export interface IntegrationMatches {
  consumer: string;
  provider: string;
  consumerVersion: string;
  consumerHref: string;
  providerHref: string;
  /** The pact page of that consumer version. */
  pactHref: string;
  interactions: InteractionMatches[];
}

export interface SearchResult {
  term: string;
  groups: IntegrationMatches[];
  matches: number;
  scanned: number;
  /** True when MAX_RESULTS was reached and later matches were not collected. */
  truncated: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v));

/** The term as the page and the API accept it: trimmed, at most MAX_TERM characters; '' when absent or too short. */
export function parseTerm(raw: unknown): string {
  const v = Array.isArray(raw) ? raw[0] : raw;
  const term = typeof v === 'string' ? v.trim().slice(0, MAX_TERM) : '';
  return term.length >= MIN_TERM ? term : '';
}

/** A v4 body `{content, contentType, encoded}` holds its value in `content` (JSON, or a string of JSON when encoded 'json'). */
function bodyValue(body: unknown, v4: boolean): unknown {
  if (v4 && isObject(body) && 'content' in body) {
    if (body.encoded === 'json' && typeof body.content === 'string') return parseQuietly(body.content);
    return typeof body.encoded === 'string' ? undefined : body.content;
  }
  if (typeof body === 'string') {
    const t = body.trim();
    return t.startsWith('{') || t.startsWith('[') ? parseQuietly(t) : undefined;
  }
  return body;
}

function parseQuietly(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface Collector {
  needle: string;
  add(match: Match): boolean;
}

/** Every JSON key under `value` whose name contains the needle, with its path (`items[].total`), in document order. */
function walkKeys(value: unknown, path: string, c: Collector, budget: { nodes: number }): void {
  const stack: Array<[unknown, string, string | null]> = [[value, path, null]];
  while (stack.length) {
    const [v, p, key] = stack.pop()!;
    if (--budget.nodes < 0) return;
    if (key !== null && key.toLowerCase().includes(c.needle) && !c.add({ kind: 'field', location: p, text: key })) return;
    if (Array.isArray(v)) {
      for (let n = v.length - 1; n >= 0; n--) stack.push([v[n], `${p}[]`, null]);
    } else if (isObject(v)) {
      const entries = Object.entries(v);
      for (let n = entries.length - 1; n >= 0; n--) {
        const [k, child] = entries[n]!;
        stack.push([child, /^[A-Za-z_$][\w$]*$/.test(k) ? `${p}.${k}` : `${p}["${k}"]`, k]);
      }
    }
  }
}

function matchHeaders(headers: unknown, location: string, kind: MatchKind, c: Collector): void {
  if (!isObject(headers)) return;
  for (const [name, value] of Object.entries(headers)) {
    const shown = `${name}: ${Array.isArray(value) ? value.map(str).join(', ') : str(value)}`;
    if (shown.toLowerCase().includes(c.needle)) c.add({ kind, location, text: kind === 'metadata' ? name : shown });
  }
}

function searchInteraction(i: Json, v4: boolean, message: boolean, c: Collector, budget: { nodes: number }): void {
  const description = str(i.description);
  if (description.toLowerCase().includes(c.needle)) c.add({ kind: 'description', location: 'description', text: description });
  const states = [i.providerState, i.provider_state, ...(Array.isArray(i.providerStates) ? i.providerStates.map((s) => (isObject(s) ? s.name : s)) : [])];
  for (const s of states.map(str)) if (s && s.toLowerCase().includes(c.needle)) c.add({ kind: 'provider state', location: 'providerStates', text: s });

  const type = str(i.type);
  const httpLike = type === 'Synchronous/HTTP' || (!type && !message && isObject(i.request));
  if (httpLike) {
    const req = isObject(i.request) ? i.request : {};
    const res = isObject(i.response) ? i.response : {};
    const query = queryString(req.query);
    const path = `${str(req.path)}${query ? `?${query}` : ''}`;
    if (path.toLowerCase().includes(c.needle)) c.add({ kind: 'path', location: 'request.path', text: `${str(req.method).toUpperCase() || 'GET'} ${path}` });
    matchHeaders(req.headers, 'request.headers', 'header', c);
    matchHeaders(res.headers, 'response.headers', 'header', c);
    walkKeys(bodyValue(req.body, v4), 'request.body', c, budget);
    walkKeys(bodyValue(res.body, v4), 'response.body', c, budget);
  } else if (type === 'Asynchronous/Messages' || (!type && message)) {
    matchHeaders(i.metadata ?? i.metaData, 'metadata', 'metadata', c);
    walkKeys(bodyValue(i.contents, v4), 'contents', c, budget);
  } else if (type === 'Synchronous/Messages') {
    const req = isObject(i.request) ? i.request : {};
    matchHeaders(req.metadata, 'request.metadata', 'metadata', c);
    walkKeys(bodyValue(req.contents, true), 'request.contents', c, budget);
    const responses = Array.isArray(i.response) ? i.response : [i.response];
    for (const r of responses.filter(isObject)) {
      matchHeaders(r.metadata, 'response.metadata', 'metadata', c);
      walkKeys(bodyValue(r.contents, true), 'response.contents', c, budget);
    }
  }
}

export function searchPacts(pacts: readonly PactToSearch[], term: string): SearchResult {
  const needle = term.toLowerCase();
  const groups: IntegrationMatches[] = [];
  let matches = 0;
  let truncated = false;
  let scanned = 0;
  if (!needle) return { term, groups, matches, scanned, truncated };
  for (const pact of pacts) {
    if (truncated) break;
    scanned++;
    const doc = parseQuietly(pact.content);
    if (!isObject(doc)) continue;
    const spec = isObject(doc.metadata) && isObject(doc.metadata.pactSpecification) ? str(doc.metadata.pactSpecification.version) : '';
    const v4 = spec.startsWith('4');
    const all: Array<[unknown, boolean]> = [
      ...(Array.isArray(doc.interactions) ? doc.interactions : []).map((i): [unknown, boolean] => [i, false]),
      ...(Array.isArray(doc.messages) ? doc.messages : []).map((m): [unknown, boolean] => [m, true]),
    ].slice(0, MAX_INTERACTIONS);
    const found: InteractionMatches[] = [];
    const budget = { nodes: MAX_NODES };
    all.forEach(([i, message], index) => {
      if (truncated || !isObject(i)) return;
      const list: Match[] = [];
      const seen = new Set<string>();
      const collector: Collector = {
        needle,
        add(match) {
          const key = `${match.kind}\u0000${match.location}\u0000${match.text}`;
          if (seen.has(key)) return true;
          if (matches >= MAX_RESULTS) {
            truncated = true;
            return false;
          }
          seen.add(key);
          list.push(match);
          matches++;
          return true;
        },
      };
      searchInteraction(i, v4, message, collector, budget);
      if (list.length) found.push({ description: str(i.description) || `Interaction ${index + 1}`, anchor: `interaction-${index + 1}`, matches: list });
    });
    if (found.length) {
      groups.push({
        consumer: pact.consumerName,
        provider: pact.providerName,
        consumerVersion: pact.consumerVersionNumber,
        consumerHref: `/pacticipants/${enc(pact.consumerName)}`,
        providerHref: `/pacticipants/${enc(pact.providerName)}`,
        pactHref: `/pacts/provider/${enc(pact.providerName)}/consumer/${enc(pact.consumerName)}/version/${enc(pact.consumerVersionNumber)}`,
        interactions: found,
      });
    }
  }
  return { term, groups, matches, scanned, truncated };
}
