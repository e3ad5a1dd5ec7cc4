// Redaction of a webhook's secrets for logs, API responses and stored delivery attempts.
// Rules (after the Pact Broker's: headers named like /authorization|token/ masked unless templated, password masked
// unless templated, URL query parameters named like /auth|token/ and the secret path of Slack hook URLs redacted,
// "Authorization: …"/"Token: …" log lines and known secret values masked), widened to a few more names and to values
// that look like credentials (bearer/basic credentials, JWTs, well-known token prefixes) wherever they appear.
import { isDeepStrictEqual } from 'node:util';

export const REDACTED = '**********';

/** Header, query parameter and JSON property names whose values are secrets. */
const SENSITIVE_NAME = /authori[sz]ation|auth(?!or)|token|secret|passw(or)?d|api[-_]?key|signature|cookie|session|credential|private[-_]?key/i;

/** Values that look like credentials whatever their name. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{6,}/gi, // scheme + credentials
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})/g, // GitHub, GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}/g, // Stripe-style keys
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
];

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/**
 * A value written only as a template (an optional scheme word and placeholders) holds no literal secret: a
 * `${user.NAME}` placeholder names a webhook secret whose value is filled in only when sending.
 */
function onlyTemplate(value: string): boolean {
  return /^\s*([A-Za-z]+\s+)?(\$\{(pactbroker|user)\.[^}]*\}\s*)+$/.test(value);
}

/** Masks credential-looking substrings (keeps a scheme word like `Bearer` visible). */
export function redactTokens(text: string): string {
  return TOKEN_PATTERNS.reduce(
    (out, pattern) =>
      out.replace(pattern, (match, scheme: unknown) =>
        typeof scheme === 'string' && /^(Bearer|Basic|Token|Digest)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
      ),
    text,
  );
}

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const redacted = isSensitiveName(name) && !onlyTemplate(value) ? REDACTED : redactTokens(value);
    Object.defineProperty(out, name, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function redactPassword(password: string | undefined): string | undefined {
  return password === undefined || onlyTemplate(password) ? password : REDACTED;
}

const SLACK_HOOK = /^(\/services\/[^/]+\/[^/]+)\/.+$/;

/**
 * A URL without its secrets: the user-info password, query parameters with sensitive names (or credential-looking
 * values), and the secret last segment of Slack incoming-webhook URLs. Text that is not a URL keeps only what precedes
 * its query string.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactTokens(url.replace(/\?.*$/s, ''));
  }
  if (parsed.password !== '') parsed.password = 'redacted';
  if (parsed.hostname.toLowerCase() === 'hooks.slack.com') parsed.pathname = parsed.pathname.replace(SLACK_HOOK, '$1/redacted');
  if (parsed.search !== '') {
    const params = new URLSearchParams(parsed.search);
    for (const [name, value] of [...params]) {
      if (isSensitiveName(name) || redactTokens(value) !== value) params.set(name, 'redacted');
    }
    parsed.search = params.toString();
  }
  return parsed.toString();
}

/** A JSON body's secrets: values of sensitive-named properties and credential-looking strings. */
export function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const redacted =
      isSensitiveName(key) && !(typeof item === 'string' && onlyTemplate(item)) && item !== null && typeof item !== 'object'
        ? REDACTED
        : redactJson(item);
    Object.defineProperty(out, key, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A body (string, or JSON value) without secrets; a string body that is JSON is redacted as JSON. */
export function redactBody(body: unknown): unknown {
  if (typeof body !== 'string') return redactJson(body);
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object') {
      // Keep the body as written (spacing, key order) when it holds nothing to redact.
      const redacted = redactJson(parsed);
      return isDeepStrictEqual(redacted, parsed) ? body : JSON.stringify(redacted);
    }
  } catch {
    // not JSON: a form or text body
  }
  return redactTokens(body).replace(/(^|[&\s])([^=&\s]+)=([^&\s]*)/g, (all, lead: string, name: string) =>
    isSensitiveName(name) ? `${lead}${name}=${REDACTED}` : all,
  );
}

/**
 * Text with every occurrence of the known secret values masked (webhook secrets a receiver echoes back, a password in
 * an error message). Values shorter than 4 characters are left alone: masking them would garble unrelated text.
 */
export function maskSecretValues(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== undefined && secret.trim().length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** Log text without secrets: `Authorization: …`-like header lines, credential-looking values and known secrets. */
export function redactLog(text: string, secrets: readonly (string | undefined)[] = []): string {
  const out = text.replace(/^([ \t]*[\w-]+:[ \t]*)(.+)$/gm, (line, head: string) =>
    isSensitiveName(head.replace(/:.*$/s, '')) ? `${head}${REDACTED}` : line,
  );
  return redactTokens(maskSecretValues(out, secrets));
}

/** `"name": "value"` pairs in JSON text, also when escaped inside another JSON string (`\"name\":\"value\"`). */
const JSON_PAIR = /(\\*")([\w.-]+)\1(\s*:\s*)\1((?:(?!\1)[^\n])*)\1/g;
/** `name=value` pairs of query strings and forms. */
const FORM_PAIR = /(^|[?&;\s])([\w.[\]-]+)=([^&;\s#"'\\]*)/g;
/** The secret path of a Slack incoming-webhook URL inside text. */
const SLACK_HOOK_TEXT = /(hooks\.slack\.com\/services\/[^/\s"'?#]+\/[^/\s"'?#]+\/)[^\s"'?#\\]+/gi;

/** The password of a URL's user info (`https://user:password@host`). */
const URL_PASSWORD = /(\/\/[^/\s:@"']*:)[^/\s@"']+@/g;

/**
 * Any text (a log line's message, an error message listing SQL parameters, a URL) without the secrets a webhook may
 * carry: header lines and JSON or form pairs with sensitive names, Slack hook paths, URL passwords and credential-looking
 * values. Unlike redactUrl it leaves the rest of a URL as written (template placeholders stay readable).
 */
export function redactText(text: string): string {
  const pairs = text
    .replace(JSON_PAIR, (all, quote: string, name: string, colon: string, value: string) =>
      isSensitiveName(name) && !onlyTemplate(value) ? `${quote}${name}${quote}${colon}${quote}${REDACTED}${quote}` : all,
    )
    .replace(FORM_PAIR, (all, lead: string, name: string, value: string) =>
      isSensitiveName(name) && value !== '' && !onlyTemplate(value) ? `${lead}${name}=redacted` : all,
    )
    .replace(SLACK_HOOK_TEXT, '$1redacted')
    .replace(URL_PASSWORD, '$1redacted@');
  return redactLog(pairs);
}

export interface RedactableRequest {
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  username?: string;
  password?: string;
}

/**
 * The request with every secret redacted (url, headers, body, password); other fields as they are. For logs and
 * stored attempts. (The Pact Broker's API responses mask only headers and the password: redactHeaders/redactPassword.)
 */
export function redactWebhookRequest<T extends RedactableRequest>(request: T): T {
  const out: T = { ...request, url: redactUrl(request.url) };
  if (request.headers !== undefined) out.headers = redactHeaders(request.headers);
  if (request.body !== undefined) out.body = redactBody(request.body);
  if (request.password !== undefined) out.password = redactPassword(request.password);
  return out;
}
