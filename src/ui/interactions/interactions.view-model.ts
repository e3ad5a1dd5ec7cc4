// Every interaction a pacticipant takes part in (Pact Broker #591), as data: a pure function from the latest pact of
// each of its integrations to groups of rows a view prints. Reads pact specification v1–v4: v1/v2 `providerState`
// (a string; v1.0 also `provider_state`), v3 `providerStates` and message pacts' `messages`, v4 `interactions` with a
// `type`. Anything malformed is shown as far as it can be read, never thrown.
import { enc } from '../../http/urls.js';
import { pacticipantHref, pactHref } from '../pacticipants/pacticipant.view-model.js';
import type { Link } from '../dashboard/dashboard.view-model.js';

export interface InteractionRow {
  kind: 'http' | 'message';
  /** "Synchronous/HTTP", "Asynchronous/Messages", ... for v4; "HTTP" or "Message" otherwise. */
  type: string;
  description: string;
  providerStates: string[];
  /** HTTP only: "GET /orders/1" and the response status ("" when absent). */
  request: string | null;
  status: string | null;
}

export interface InteractionGroup {
  consumer: Link;
  provider: Link;
  /** The pact the interactions come from. */
  pact: Link;
  /** This pacticipant's side of the integration. */
  role: 'consumer' | 'provider';
  interactions: InteractionRow[];
  /** Interactions in the pact before the text filter. */
  total: number;
}

export interface InteractionsModel {
  name: string;
  q: string;
  groups: InteractionGroup[];
  shown: number;
  total: number;
  pacticipant: Link;
  formAction: string;
}

export interface LatestPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  /** The pact document as stored (JSON text). */
  content: string;
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

function statesOf(i: Record<string, unknown>): string[] {
  if (Array.isArray(i.providerStates)) return i.providerStates.map((s) => str(record(s).name) || str(s)).filter(Boolean);
  const single = str(i.providerState) || str(i.provider_state);
  return single ? [single] : [];
}

/** v4 paths are strings; some writers put a matcher object there ({ value }): read its value. */
const pathOf = (p: unknown) => str(p) || str(record(p).value);

function httpRow(i: Record<string, unknown>, type: string): InteractionRow {
  const request = record(i.request);
  const response = record(i.response);
  const method = str(request.method).toUpperCase();
  return {
    kind: 'http',
    type,
    description: str(i.description),
    providerStates: statesOf(i),
    request: `${method} ${pathOf(request.path)}`.trim(),
    status: str(response.status),
  };
}

const messageRow = (i: Record<string, unknown>, type: string): InteractionRow => ({
  kind: 'message',
  type,
  description: str(i.description),
  providerStates: statesOf(i),
  request: null,
  status: null,
});

/** The interactions of one pact document, in document order. */
export function interactionsOf(content: string): InteractionRow[] {
  let doc: Record<string, unknown>;
  try {
    doc = record(JSON.parse(content));
  } catch {
    return [];
  }
  const rows: InteractionRow[] = [];
  for (const raw of Array.isArray(doc.interactions) ? doc.interactions : []) {
    const i = record(raw);
    const type = str(i.type);
    if (type === '' || type === 'Synchronous/HTTP') rows.push(httpRow(i, type || 'HTTP'));
    else rows.push(messageRow(i, type));
  }
  for (const raw of Array.isArray(doc.messages) ? doc.messages : []) rows.push(messageRow(record(raw), 'Message'));
  return rows;
}

function matchesText(row: InteractionRow, group: { consumer: string; provider: string }, needle: string): boolean {
  const hay = [row.description, row.type, row.request ?? '', row.status ?? '', ...row.providerStates, group.consumer, group.provider];
  return hay.some((s) => s.toLocaleLowerCase('en').includes(needle));
}

/** Reads ?q= leniently (first value, trimmed, bounded). */
export function parseInteractionsQuery(raw: Record<string, unknown> | undefined): { q: string } {
  const v = Array.isArray(raw?.q) ? raw.q[0] : raw?.q;
  return { q: (typeof v === 'string' ? v : '').trim().slice(0, 200) };
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);

export function buildInteractions(name: string, pacts: LatestPact[], q: string): InteractionsModel {
  const needle = q.toLocaleLowerCase('en');
  const groups = pacts
    .filter((p) => p.consumer === name || p.provider === name)
    .sort((a, b) => byName(a.consumer, b.consumer) || byName(a.provider, b.provider))
    .map((p): InteractionGroup => {
      const all = interactionsOf(p.content);
      return {
        consumer: { text: p.consumer, href: pacticipantHref(p.consumer) },
        provider: { text: p.provider, href: pacticipantHref(p.provider) },
        pact: { text: `Pact of ${p.consumer} version ${p.consumerVersion}`, href: pactHref(p.provider, p.consumer, p.consumerVersion) },
        role: p.consumer === name ? 'consumer' : 'provider',
        interactions: needle ? all.filter((row) => matchesText(row, p, needle)) : all,
        total: all.length,
      };
    });
  const shownGroups = needle ? groups.filter((g) => g.interactions.length > 0) : groups;
  return {
    name,
    q,
    groups: shownGroups,
    shown: shownGroups.reduce((n, g) => n + g.interactions.length, 0),
    total: groups.reduce((n, g) => n + g.total, 0),
    pacticipant: { text: name, href: pacticipantHref(name) },
    formAction: `/ui/pacticipants/${enc(name)}/interactions`,
  };
}
