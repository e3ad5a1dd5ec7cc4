import { describe, expect, it } from 'vitest';
import { fillWebhookRequest, secretNamesInTemplate } from '../../../src/webhooks/fill-secrets.js';
import { maskSecretValues, REDACTED, redactLog } from '../../../src/webhooks/redact.js';
import { renderWebhookRequest, type WebhookRequestTemplate } from '../../../src/webhooks/render-template.js';
import { webhookPolicyFrom, webhookRequestProblems } from '../../../src/webhooks/webhook-policy.js';
import { loadConfig } from '../../../src/config.js';

const template: WebhookRequestTemplate = {
  method: 'POST',
  url: 'https://ci.example/build?consumer=${pactbroker.consumerName}',
  headers: { Authorization: 'Bearer ${user.CiToken}', 'X-Team': '${user.Team}-${pactbroker.consumerName}' },
  body: { token: '${user.CiToken}', text: 'quote "${user.Quoted}"', pact: '${pactbroker.pactUrl}' },
  username: '${user.User}',
  password: '${user.Pass}',
};
const secrets = new Map([
  ['CiToken', 's3cr3t-token-value'],
  ['Team', 'blue'],
  ['Quoted', 'a "quoted" \\ value'],
  ['User', 'robot'],
  ['Pass', 'p@ss:word'],
]);
const values = { consumerName: 'Foo', pactUrl: 'https://broker/pact' };

describe('secretNamesInTemplate', () => {
  it('names the secrets of header values, body, username and password, not of the URL', () => {
    expect(secretNamesInTemplate({ ...template, url: 'https://x/${user.InUrl}' })).toEqual(['CiToken', 'Team', 'Quoted', 'User', 'Pass']);
    expect(secretNamesInTemplate({ method: 'POST', url: 'https://x', body: 'a=${user.A}&b=${user.A}' })).toEqual(['A']);
  });
});

describe('fillWebhookRequest: fill and mask in one step', () => {
  const filled = fillWebhookRequest(template, values, secrets);

  it('sends the real values, JSON-escaped inside a JSON body', () => {
    expect(filled.request.headers).toEqual({ Authorization: 'Bearer s3cr3t-token-value', 'X-Team': 'blue-Foo' });
    expect(JSON.parse(filled.request.body!)).toEqual({ token: 's3cr3t-token-value', text: 'quote "a "quoted" \\ value"', pact: 'https://broker/pact' });
    expect(filled.request).toMatchObject({ username: 'robot', password: 'p@ss:word', url: 'https://ci.example/build?consumer=Foo' });
  });

  it('records the same request with every secret as the mask, and the values to mask elsewhere', () => {
    expect(filled.shown.headers).toEqual({ Authorization: `Bearer ${REDACTED}`, 'X-Team': `${REDACTED}-Foo` });
    expect(JSON.parse(filled.shown.body!)).toEqual({ token: REDACTED, text: `quote "${REDACTED}"`, pact: 'https://broker/pact' });
    expect(filled.shown).toMatchObject({ username: REDACTED, password: REDACTED });
    expect(JSON.stringify(filled.shown)).not.toMatch(/s3cr3t|blue|quoted|robot|p@ss/);
    expect([...filled.secretValues].sort()).toEqual([...secrets.values()].sort());
  });

  it('never fills a secret into the URL, and never fills twice (a value that looks like a placeholder stays as it is)', () => {
    const sneaky = fillWebhookRequest(
      { method: 'POST', url: 'https://x/${user.CiToken}', headers: { 'X-A': '${pactbroker.consumerName}' } },
      { consumerName: '${user.CiToken}' },
      secrets,
    );
    expect(sneaky.request.url).toBe('https://x/${user.CiToken}');
    expect(sneaky.request.headers['X-A']).toBe('${user.CiToken}');
  });

  it('leaves a name without a value as written', () => {
    const partial = fillWebhookRequest({ method: 'POST', url: 'https://x', headers: { A: '${user.Gone}' } }, {}, new Map());
    expect(partial.request.headers.A).toBe('${user.Gone}');
    expect(partial.shown.headers.A).toBe('${user.Gone}');
  });

  it('rendering without secrets keeps ${user.X} as written', () => {
    expect(renderWebhookRequest(template, values).headers.Authorization).toBe('Bearer ${user.CiToken}');
  });
});

describe('webhookRequestProblems with secrets', () => {
  const policy = webhookPolicyFrom(loadConfig({}));
  const base = { method: 'POST', url: 'https://ci.example/build' };

  it('accepts known secrets where they may be', () => {
    expect(webhookRequestProblems(template, policy, new Set(secrets.keys()))).toEqual({});
  });

  it('names each unknown secret in its field', () => {
    const errors = webhookRequestProblems(template, policy, new Set(['CiToken']));
    expect(errors['request.headers']).toEqual(['unknown secret ${user.Team}: create it first with PUT /secrets/Team']);
    expect(errors['request.body']).toEqual(['unknown secret ${user.Quoted}: create it first with PUT /secrets/Quoted']);
    expect(errors['request.username']).toEqual(['unknown secret ${user.User}: create it first with PUT /secrets/User']);
    expect(errors['request.password']).toEqual(['unknown secret ${user.Pass}: create it first with PUT /secrets/Pass']);
  });

  it('refuses a secret in the URL or a header name, known or not', () => {
    const errors = webhookRequestProblems({ ...base, url: 'https://ci.example/hook/${user.CiToken}', headers: { '${user.CiToken}': 'x' } }, policy, new Set(['CiToken']));
    expect(errors['request.url']).toEqual([expect.stringMatching(/^cannot use a secret \(\$\{user\.CiToken\}\): secrets can be used in header values/)]);
    expect(errors['request.headers']).toEqual([expect.stringMatching(/^a header name cannot use a secret/)]);
  });
});

describe('maskSecretValues (shared with redactLog)', () => {
  it('masks every occurrence of values of 4 or more characters, leaves shorter ones', () => {
    expect(maskSecretValues('a s3cr3t and s3cr3t, abc', ['s3cr3t', 'abc', undefined])).toBe(`a ${REDACTED} and ${REDACTED}, abc`);
    expect(redactLog('note: s3cr3t', ['s3cr3t'])).toBe(`note: ${REDACTED}`);
  });
});
