// A pact document (any specification, v1 to v4) as readable sections: pure, and total — whatever JSON a consumer
// published, this returns sections and never throws. Interactions of a type it does not know are shown as JSON.
// Bodies are cut at MAX_BODY_CHARS with a note (the raw JSON link has everything), and at most MAX_INTERACTIONS
// interactions are laid out.
import { summariseMatchingRules } from './matching-rules.js';

export const MAX_BODY_CHARS = 20_000;
export const MAX_INTERACTIONS = 500;

export interface Snippet {
  text: string;
  /** 'json' when pretty-printed JSON. */
  format: 'json' | 'text';
  /** Set when the text was cut, e.g. "Showing the first 20,000 of 1,234,567 characters". */
  note: string | null;
}

export interface NameValue {
  name: string;
  value: string;
}

/** One side of an interaction: an HTTP request or response, or a message. */
export interface Part {
  title: string;
  /** "GET /orders?status=open" or "200"; null for messages. */
  line: string | null;
  headers: NameValue[];
  metadata: NameValue[];
  body: Snippet | null;
  /** Matching rules, one line each ("body.total: type"). */
  rules: string[];
}

export type InteractionKind = 'http' | 'message' | 'sync-message' | 'unknown';

export interface ProviderState {
  name: string;
  /** Pretty JSON of the parameters; null when there are none. */
  params: string | null;
}

export interface InteractionSection {
  /** The page anchor (`interaction-3`), stable for the order of interactions in the document. */
  anchor: string;
  kind: InteractionKind;
  kindLabel: string;
  description: string;
  providerStates: ProviderState[];
  pending: boolean;
  comments: string[];
  parts: Part[];
  /** The whole interaction as JSON, for types this module does not know. */
  raw: Snippet | null;
}

export interface PactSections {
  specification: string | null;
  interactions: InteractionSection[];
  /** Interactions in the document (the sections may hold fewer: MAX_INTERACTIONS). */
  total: number;
  notes: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? safeJson(v) : String(v));
const number = (n: number) => n.toLocaleString('en');

function safeJson(v: unknown, indent?: number): string {
  try {
    return JSON.stringify(v, null, indent) ?? String(v);
  } catch {
    return String(v);
  }
}

export function snippet(full: string, format: Snippet['format']): Snippet {
  if (full.length <= MAX_BODY_CHARS) return { text: full, format, note: null };
  return { text: full.slice(0, MAX_BODY_CHARS), format, note: `Showing the first ${number(MAX_BODY_CHARS)} of ${number(full.length)} characters; the raw JSON has the rest.` };
}

const jsonSnippet = (v: unknown) => snippet(safeJson(v, 2), 'json');

/** A body as the pact holds it: JSON values pretty, strings as text (pretty when they hold JSON), v4 `{content, contentType, encoded}` unwrapped. */
export function bodySnippet(body: unknown, v4: boolean): Snippet | null {
  if (body === undefined || body === null) return null;
  if (v4 && isObject(body) && 'content' in body) {
    const { content, contentType, encoded } = body;
    if (encoded === 'base64' || (typeof encoded === 'string' && encoded !== 'json')) {
      const raw = text(content);
      const base = snippet(raw, 'text');
      const what = `${encoded} encoded${contentType ? ` ${text(contentType)}` : ''}, ${number(raw.length)} characters`;
      return { ...base, note: base.note ? `${what}. ${base.note}` : `${what}.` };
    }
    if (typeof content === 'string' && encoded === 'json') return stringBody(content);
    return bodySnippet(content, false);
  }
  if (typeof body === 'string') return stringBody(body);
  return jsonSnippet(body);
}

function stringBody(s: string): Snippet {
  const trimmed = s.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length <= 5 * MAX_BODY_CHARS) {
    try {
      return jsonSnippet(JSON.parse(trimmed));
    } catch {
      // not JSON after all: shown as text
    }
  }
  return snippet(s, 'text');
}

/** Headers or metadata: `{name: value | [values]}` → rows (values joined with ", "). */
export function nameValues(v: unknown): NameValue[] {
  if (!isObject(v)) return [];
  return Object.entries(v).map(([name, value]) => ({ name, value: Array.isArray(value) ? value.map(text).join(', ') : text(value) }));
}

/** v2 query strings stay as they are; v3/v4 `{name: [values]}` become one. */
export function queryString(q: unknown): string {
  if (typeof q === 'string') return q;
  if (!isObject(q)) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q)) for (const one of Array.isArray(value) ? value : [value]) params.append(name, text(one));
  return params.toString();
}

function providerStates(i: Json): ProviderState[] {
  const states: ProviderState[] = [];
  const legacy = i.providerState ?? i.provider_state;
  if (typeof legacy === 'string' && legacy) states.push({ name: legacy, params: null });
  if (Array.isArray(i.providerStates)) {
    for (const s of i.providerStates) {
      if (typeof s === 'string') states.push({ name: s, params: null });
      else if (isObject(s)) states.push({ name: text(s.name), params: isObject(s.params) && Object.keys(s.params).length ? safeJson(s.params, 2) : null });
    }
  }
  return states;
}

function comments(i: Json): string[] {
  const c = i.comments;
  if (!isObject(c)) return [];
  const out = Array.isArray(c.text) ? c.text.map(text) : [];
  if (c.testname !== undefined) out.push(`Test: ${text(c.testname)}`);
  return out;
}

/** An HTTP request or response; its matching rules are summarised whichever layout they use (matching-rules.ts). */
function httpPart(title: 'Request' | 'Response', side: Json, v4: boolean): Part {
  const isRequest = title === 'Request';
  const query = queryString(side.query);
  const line = isRequest ? `${text(side.method).toUpperCase() || 'GET'} ${text(side.path) || '/'}${query ? `?${query}` : ''}` : text(side.status) || '200';
  return { title, line, headers: nameValues(side.headers), metadata: [], body: bodySnippet(side.body, v4), rules: summariseMatchingRules(side.matchingRules) };
}

function messagePart(title: string, m: Json, v4: boolean): Part {
  return { title, line: null, headers: [], metadata: nameValues(m.metadata ?? m.metaData), body: bodySnippet(m.contents, v4), rules: summariseMatchingRules(m.matchingRules) };
}

function section(i: unknown, index: number, defaults: { v4: boolean; message: boolean }): InteractionSection {
  const anchor = `interaction-${index + 1}`;
  if (!isObject(i)) return unknown(anchor, i, 'Not an interaction object');
  const base = {
    anchor,
    description: text(i.description) || `Interaction ${index + 1}`,
    providerStates: providerStates(i),
    pending: i.pending === true,
    comments: comments(i),
    raw: null,
  };
  const type = i.type === undefined ? undefined : text(i.type);
  try {
    if (type === 'Synchronous/HTTP' || (type === undefined && !defaults.message && isObject(i.request) && isObject(i.response))) {
      return { ...base, kind: 'http', kindLabel: 'HTTP', parts: [httpPart('Request', i.request as Json, defaults.v4), httpPart('Response', i.response as Json, defaults.v4)] };
    }
    if (type === 'Asynchronous/Messages' || (type === undefined && defaults.message)) {
      return { ...base, kind: 'message', kindLabel: 'Message', parts: [messagePart('Message', i, defaults.v4)] };
    }
    if (type === 'Synchronous/Messages' && isObject(i.request)) {
      const responses = Array.isArray(i.response) ? i.response.filter(isObject) : isObject(i.response) ? [i.response] : [];
      const parts = [messagePart('Request message', i.request, true), ...responses.map((r, n) => messagePart(responses.length > 1 ? `Response message ${n + 1}` : 'Response message', r, true))];
      return { ...base, kind: 'sync-message', kindLabel: 'Synchronous message', parts };
    }
  } catch {
    // a shape this module did not expect: fall through to the JSON view
  }
  return { ...unknown(anchor, i, type ? `Interaction type ${type}` : 'Unknown interaction'), ...base, raw: jsonSnippet(i) };
}

function unknown(anchor: string, i: unknown, label: string): InteractionSection {
  return { anchor, kind: 'unknown', kindLabel: label, description: label, providerStates: [], pending: false, comments: [], parts: [], raw: jsonSnippet(i) };
}

/** The pact specification version the document declares (`metadata.pactSpecification.version` or older spellings). */
export function specificationOf(doc: Json): string | null {
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  for (const key of ['pactSpecification', 'pact-specification', 'pactSpecificationVersion']) {
    const v = meta[key];
    if (isObject(v) && v.version !== undefined) return text(v.version);
    if (typeof v === 'string') return v;
  }
  return null;
}

/** The sections of a pact document (parsed JSON of any shape). */
export function pactSections(doc: unknown): PactSections {
  if (!isObject(doc)) return { specification: null, interactions: [], total: 0, notes: ['The pact is not a JSON object; see the raw JSON.'] };
  const specification = specificationOf(doc);
  const v4 = specification?.startsWith('4') ?? false;
  const http = Array.isArray(doc.interactions) ? doc.interactions : [];
  const messages = Array.isArray(doc.messages) ? doc.messages : [];
  const all: Array<[unknown, boolean]> = [...http.map((i): [unknown, boolean] => [i, false]), ...messages.map((m): [unknown, boolean] => [m, true])];
  const notes: string[] = [];
  if (all.length > MAX_INTERACTIONS) notes.push(`Showing the first ${number(MAX_INTERACTIONS)} of ${number(all.length)} interactions; the raw JSON has them all.`);
  const interactions = all.slice(0, MAX_INTERACTIONS).map(([i, message], index) => section(i, index, { v4, message }));
  return { specification, interactions, total: all.length, notes };
}
