// What a webhook may call (the allow lists) and the creation-time checks of a webhook's request against them.
import type { Config } from '../config.js';
import { addFieldError, type FieldErrors } from '../shared/errors.js';
import { hostAllowed, privateAddressRule } from './check-url.js';
import { secretNamesIn, unknownTemplateVariables, type WebhookRequestTemplate } from './render-template.js';

/** What a webhook may call: from TREATY_WEBHOOK_*_ALLOWLIST (aliases PACT_BROKER_WEBHOOK_*_WHITELIST). */
export interface WebhookPolicy {
  readonly schemes: readonly string[]; // default ['https']
  readonly methods: readonly string[]; // default ['POST'] (upper case)
  readonly hosts: readonly string[] | undefined; // undefined = no host allowlist (then private addresses are refused)
}

/** The request part of a webhook as a client sends it (POST/PUT /webhooks body's `request`): the template itself. */
export type WebhookRequestInput = WebhookRequestTemplate;

export function webhookPolicyFrom(config: Config): WebhookPolicy {
  return Object.freeze({ schemes: config.webhookSchemes, methods: config.webhookMethods, hosts: config.webhookHosts });
}

/** `scheme://authority` of an absolute URL as written, before any parsing or normalisation. */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;

function urlProblems(url: string, policy: WebhookPolicy): string[] {
  const authority = AUTHORITY.exec(url)?.[1];
  if (authority?.includes('${')) return ['cannot have a template parameter in the host'];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['is not a valid URL eg. https://example.org'];
  }
  if (!authority || parsed.hostname === '') return ['is not a valid URL eg. https://example.org'];
  const problems: string[] = [];
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  if (!policy.schemes.includes(scheme)) {
    problems.push(`scheme must be ${policy.schemes.join(', ')}. Set TREATY_WEBHOOK_SCHEME_ALLOWLIST to allow others.`);
  }
  if (policy.hosts !== undefined) {
    if (!hostAllowed(parsed.hostname, policy.hosts)) {
      problems.push('host is not in the host allow list. Set TREATY_WEBHOOK_HOST_ALLOWLIST to allow it.');
    }
  } else {
    // parsed.hostname is normalised (http://0x7f.1 → 127.0.0.1, [::ffff:127.0.0.1] → [::ffff:7f00:1]): what is dialled.
    const rule = privateAddressRule(parsed.hostname);
    if (rule !== undefined) {
      problems.push(
        `host cannot be a private, loopback or link-local address (${parsed.hostname} is ${rule}). Set TREATY_WEBHOOK_HOST_ALLOWLIST to allow it.`,
      );
    }
  }
  return problems;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * `${user.NAME}` webhook secrets: filled only in header values, the body and the basic auth username and password, so
 * a secret never becomes part of a URL (URLs end up in receivers' access logs, proxies and error messages) or a header
 * name; with knownSecrets, each name must be an existing secret.
 */
function secretProblems(request: WebhookRequestInput, errors: FieldErrors, knownSecrets: ReadonlySet<string> | undefined): void {
  const where = 'secrets can be used in header values, the body, and the basic auth username and password';
  for (const name of secretNamesIn(request.url)) addFieldError(errors, 'request.url', `cannot use a secret (\${user.${name}}): ${where}`);
  for (const name of secretNamesIn(...Object.keys(request.headers ?? {}))) {
    addFieldError(errors, 'request.headers', `a header name cannot use a secret (\${user.${name}}): ${where}`);
  }
  if (knownSecrets === undefined) return;
  const texts: Array<[string, string[]]> = [
    ['request.headers', Object.values(request.headers ?? {})],
    ['request.body', [bodyText(request.body)]],
    ['request.username', request.username === undefined || request.username === null ? [] : [request.username]],
    ['request.password', request.password === undefined || request.password === null ? [] : [request.password]],
  ];
  for (const [field, values] of texts) {
    for (const name of secretNamesIn(...values)) {
      if (!knownSecrets.has(name)) addFieldError(errors, field, `unknown secret \${user.${name}}: create it first with PUT /secrets/${name}`);
    }
  }
}

/**
 * Field errors for a webhook's request at creation (empty when fine), keyed like the Pact Broker:
 * 'request.url', 'request.method', 'request.body', 'request.headers'. Checks: URL parses with scheme and host (host not
 * templated), scheme/method/host against the policy (message names the rule and the variable that changes it),
 * with no host allowlist a literal private/loopback/link-local/unique-local IP host is refused (DNS is checked at
 * delivery time, not here), every ${pactbroker.X} in url, headers and body is a known template variable, and every
 * ${user.NAME} is where secrets may be and (given knownSecrets) names an existing secret.
 */
export function webhookRequestProblems(request: WebhookRequestInput, policy: WebhookPolicy, knownSecrets?: ReadonlySet<string>): FieldErrors {
  const errors: FieldErrors = {};
  if (!policy.methods.includes(request.method.toUpperCase())) {
    addFieldError(errors, 'request.method', `must be ${policy.methods.join(', ')}. Set TREATY_WEBHOOK_METHOD_ALLOWLIST to allow others.`);
  }
  for (const problem of urlProblems(request.url, policy)) addFieldError(errors, 'request.url', problem);
  const texts: Array<[string, string[]]> = [
    ['request.url', [request.url]],
    ['request.headers', Object.entries(request.headers ?? {}).flat()],
    ['request.body', [bodyText(request.body)]],
    ['request.username', request.username === undefined ? [] : [request.username]],
    ['request.password', request.password === undefined ? [] : [request.password]],
  ];
  for (const [field, values] of texts) {
    for (const name of unknownTemplateVariables(...values)) {
      addFieldError(errors, field, `unknown template variable \${pactbroker.${name}}`);
    }
  }
  secretProblems(request, errors, knownSecrets);
  return errors;
}
