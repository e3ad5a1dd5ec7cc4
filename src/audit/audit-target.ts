// Pure: what an audit event says about a write, from the request's route, parameters and body.

/** Read-only POSTs (the Pact Broker lets the read role use them): not writes, so not audited. */
export const READ_ONLY_POSTS: ReadonlySet<string> = new Set(['/pacts/provider/:provider/for-verification']);

export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a request is a write worth recording (any write method except the read-only POSTs). */
export function isAuditedWrite(method: string, route: string | undefined): boolean {
  if (!WRITE_METHODS.has(method)) return false;
  return !(method === 'POST' && route !== undefined && READ_ONLY_POSTS.has(route));
}

const MAX_URL = 2048;
const MAX_NAME = 255;
const SECRET_QUERY_KEY = /token|secret|passw|pwd|auth|key|signature|credential|session/i;

/** Path and query; the values of secret-looking query parameters become `[redacted]`; cut at 2,048 characters. */
export function auditUrl(url: string): string {
  const q = url.indexOf('?');
  let out = url;
  if (q !== -1) {
    const pairs = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq === -1 ? pair : pair.slice(0, eq);
        let name = key;
        try {
          name = decodeURIComponent(key.replace(/\+/g, ' '));
        } catch {
          // a malformed escape: judge the raw key
        }
        return eq !== -1 && SECRET_QUERY_KEY.test(name) ? `${key}=[redacted]` : pair;
      });
    out = `${url.slice(0, q)}?${pairs.join('&')}`;
  }
  return out.length > MAX_URL ? `${out.slice(0, MAX_URL - 1)}…` : out;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? (value.length > MAX_NAME ? value.slice(0, MAX_NAME) : value) : null;

const field = (object: unknown, key: string): unknown =>
  typeof object === 'object' && object !== null && !Array.isArray(object) && Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;

/**
 * The pacticipant (and its version) a write is about: the one named in the URL (`:pacticipant`/`:version`; the
 * consumer of a pact URL), else the publisher named in the body (contract publication: pacticipantName and
 * pacticipantVersionNumber; a verification result: the provider and providerApplicationVersion).
 */
export function auditTarget(params: unknown, body: unknown): { pacticipant: string | null; version: string | null } {
  const p = (key: string) => text(field(params, key));
  const b = (key: string) => text(field(body, key));
  if (p('pacticipant') !== null) return { pacticipant: p('pacticipant'), version: p('version') };
  const providerVersion = b('providerApplicationVersion');
  if (p('provider') !== null && providerVersion !== null) return { pacticipant: p('provider'), version: providerVersion };
  if (p('consumer') !== null) return { pacticipant: p('consumer'), version: p('version') };
  if (p('provider') !== null) return { pacticipant: p('provider'), version: null };
  if (b('pacticipantName') !== null) return { pacticipant: b('pacticipantName'), version: b('pacticipantVersionNumber') };
  return { pacticipant: null, version: null };
}
