// Webhook request templates: the `${pactbroker.X}` variables and their substitution into a webhook's request.
// Values are URL-form-escaped in the URL (as the Pact Broker does), JSON-escaped inside a JSON body (so it stays valid
// JSON), and inserted as they are in a string body, headers, username and password. Unknown placeholders stay as written.
// `${user.NAME}` (PactFlow's syntax) names a webhook secret: filled in header values, the body, username and password
// in the same single pass (a filled value is never filled again), never in the URL (see webhook-policy.ts).

/** Every variable a webhook may use, as `${pactbroker.<name>}` (broker-semantics C4). */
export const TEMPLATE_VARIABLES = [
  'consumerName',
  'providerName',
  'consumerVersionNumber',
  'consumerVersionTags',
  'consumerVersionBranch',
  'providerVersionNumber',
  'providerVersionTags',
  'providerVersionBranch',
  'providerVersionDescriptions',
  'pactUrl',
  'verificationResultUrl',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'gitlabVerificationStatus',
  'azureDevOpsVerificationStatus',
  'consumerLabels',
  'providerLabels',
  'eventName',
  'buildUrl',
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Variable → value; a variable without a value leaves its placeholder untouched. */
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

const PLACEHOLDER = /\$\{pactbroker\.([^}]*)\}/g;
const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

export function isTemplateVariable(name: string): name is TemplateVariable {
  return KNOWN.has(name);
}

/** The distinct variable names used as `${pactbroker.X}` in a text, in order of first use. */
export function templateVariablesIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]!))];
}

/** The distinct `${pactbroker.X}` names in the texts that are not template variables. */
export function unknownTemplateVariables(...texts: string[]): string[] {
  return [...new Set(texts.flatMap(templateVariablesIn))].filter((name) => !isTemplateVariable(name));
}

/** Whether a text contains any `${pactbroker.X}` placeholder. */
export function hasPlaceholder(text: string): boolean {
  return templateVariablesIn(text).length > 0;
}

/** Secret name → value (or the mask standing for it), for `${user.NAME}`. */
export type SecretValues = ReadonlyMap<string, string>;

const USER_PLACEHOLDER = /\$\{user\.([^}]*)\}/g;
const ANY_PLACEHOLDER = /\$\{(pactbroker|user)\.([^}]*)\}/g;

/** The distinct secret names used as `${user.NAME}` in the texts, in order of first use. */
export function secretNamesIn(...texts: string[]): string[] {
  return [...new Set(texts.flatMap((text) => Array.from(text.matchAll(USER_PLACEHOLDER), (match) => match[1]!)))];
}

/** One pass: a substituted value is never itself substituted again. Secrets are filled only when given. */
export function renderText(text: string, values: TemplateValues, escape: (value: string) => string = (v) => v, secrets?: SecretValues): string {
  return text.replace(ANY_PLACEHOLDER, (placeholder, kind: string, name: string) => {
    const value =
      kind === 'user' ? secrets?.get(name) : isTemplateVariable(name) && Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? placeholder : escape(value);
  });
}

/** application/x-www-form-urlencoded escaping (Ruby's CGI.escape): space → `+`, all but `A-Za-z0-9_.-~` %-encoded. */
export function formEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Substitution inside every string (keys and values) of a JSON value. */
function renderJson(value: unknown, values: TemplateValues, secrets?: SecretValues): unknown {
  if (typeof value === 'string') return renderText(value, values, undefined, secrets);
  if (Array.isArray(value)) return value.map((item) => renderJson(item, values, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Keys get template values but never secrets: a key is a name, and names are shown.
      Object.defineProperty(out, renderText(key, values), {
        value: renderJson(item, values, secrets),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** A webhook's request as a client gives it and as it is stored: `${pactbroker.*}` placeholders not yet filled in. */
export interface WebhookRequestTemplate {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown; // a string or any JSON value
  username?: string;
  password?: string;
}

/** A request ready to send: the body is text (a JSON body serialised), headers as given. */
export interface RenderedWebhookRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  username: string | undefined;
  password: string | undefined;
}

/** Header values cannot carry line breaks: a substituted value's CR/LF become spaces. */
const headerSafe = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** The request with `${pactbroker.X}` filled in, and `${user.NAME}` too where allowed when secrets are given. */
export function renderWebhookRequest(request: WebhookRequestTemplate, values: TemplateValues, secrets?: SecretValues): RenderedWebhookRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    Object.defineProperty(headers, name, {
      value: renderText(value, values, headerSafe, secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const { body } = request;
  return {
    method: request.method,
    url: renderText(request.url, values, formEscape),
    headers,
    body:
      body === undefined || body === null
        ? undefined
        : typeof body === 'string'
          ? renderText(body, values, undefined, secrets)
          : JSON.stringify(renderJson(body, values, secrets)),
    username: request.username === undefined ? undefined : renderText(request.username, values, undefined, secrets),
    password: request.password === undefined ? undefined : renderText(request.password, values, undefined, secrets),
  };
}
