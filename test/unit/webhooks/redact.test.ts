import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactBody,
  redactHeaders,
  redactLog,
  redactPassword,
  redactText,
  redactTokens,
  redactUrl,
  redactWebhookRequest,
} from '../../../src/webhooks/redact.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl';

describe('redactHeaders', () => {
  it.each([
    ['Authorization', 'Bearer abc.def', REDACTED],
    ['authorization', 'Basic dXNlcjpwYXNz', REDACTED],
    ['X-Auth-Token', 'abc', REDACTED],
    ['Private-Token', 'abc', REDACTED],
    ['X-Api-Key', 'k', REDACTED],
    ['X-Hub-Signature', 'sha256=1', REDACTED],
    ['Cookie', 'session=1', REDACTED],
    ['Authorization', 'Bearer ${pactbroker.buildUrl}', 'Bearer ${pactbroker.buildUrl}'], // only a template: kept
    ['Authorization', 'Bearer s3cret ${pactbroker.buildUrl}', REDACTED], // a literal secret beside it
    ['Content-Type', 'application/json', 'application/json'],
    ['X-Author', 'Jane', 'Jane'],
    ['X-Forward', `Bearer ${JWT}`, `Bearer ${REDACTED}`], // a credential under an innocent name
    ['X-Note', JWT, REDACTED],
  ])('%s: %s → %s', (name, value, expected) => {
    expect(redactHeaders({ [name]: value })).toEqual({ [name]: expected });
  });
});

describe('redactPassword', () => {
  it.each([
    [undefined, undefined],
    ['secret', REDACTED],
    ['', REDACTED],
    ['${pactbroker.consumerName}', '${pactbroker.consumerName}'],
  ])('%s → %s', (password, expected) => {
    expect(redactPassword(password)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://ci.example.com/job/build', 'https://ci.example.com/job/build'],
    ['https://ci.example.com/build?token=abc&job=x', 'https://ci.example.com/build?token=redacted&job=x'],
    ['https://ci.example.com/build?os_authType=basic&access_token=1', 'https://ci.example.com/build?os_authType=redacted&access_token=redacted'],
    ['https://ci.example.com/?author=me', 'https://ci.example.com/?author=me'],
    [`https://ci.example.com/?x=${JWT}`, 'https://ci.example.com/?x=redacted'],
    ['https://user:pw@ci.example.com/x', 'https://user:redacted@ci.example.com/x'],
    ['https://hooks.slack.com/services/T000/B000/XXXXSECRET', 'https://hooks.slack.com/services/T000/B000/redacted'],
    ['https://hooks.slack.com/services/T000/B000', 'https://hooks.slack.com/services/T000/B000'],
    ['not a url?token=abc', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('redactBody', () => {
  it('masks sensitive-named scalar properties and credential-looking strings of a JSON body, at any depth', () => {
    expect(
      redactBody({
        text: 'pact changed',
        token: 'abc',
        nested: [{ password: 'p', apiKey: 1, user: 'me', auth: { scheme: 'x' } }],
        template: { token: '${pactbroker.pactUrl}' },
        note: `use ${JWT}`,
      }),
    ).toEqual({
      text: 'pact changed',
      token: REDACTED,
      nested: [{ password: REDACTED, apiKey: REDACTED, user: 'me', auth: { scheme: 'x' } }],
      template: { token: '${pactbroker.pactUrl}' },
      note: `use ${REDACTED}`,
    });
  });

  it('redacts a string body that is JSON as JSON, a form body by field name', () => {
    expect(redactBody('{"secret":"s","a":"b"}')).toBe(`{"secret":"${REDACTED}","a":"b"}`);
    expect(redactBody('job=x&token=abc&password=p')).toBe(`job=x&token=${REDACTED}&password=${REDACTED}`);
    expect(redactBody('plain text')).toBe('plain text');
    expect(redactBody('{ "a": "b",\n  "n": 1 }')).toBe('{ "a": "b",\n  "n": 1 }'); // nothing to redact: kept as written
    expect(redactBody(undefined)).toBeUndefined();
  });
});

describe('redactTokens', () => {
  it.each([
    ['ghp_' + 'a'.repeat(36), REDACTED],
    ['glpat-' + 'b'.repeat(20), REDACTED],
    ['xoxb-1234567890-abc', REDACTED],
    ['AKIA' + 'A'.repeat(16), REDACTED],
    ['Token abcdefgh', `Token ${REDACTED}`],
    ['version 1.2.3', 'version 1.2.3'],
  ])('%s → %s', (text, expected) => {
    expect(redactTokens(text)).toBe(expected);
  });
});

describe('redactLog', () => {
  it('masks sensitive header lines, credential-looking values and the known secrets', () => {
    const log = ['POST https://ci.example.com/x', 'Authorization: Basic dXNlcjpwYXNz', 'X-Token: t', 'Content-Type: application/json', 'body: {"pw":"hunter22"}'].join('\n');
    expect(redactLog(log, ['hunter22', undefined, ''])).toBe(
      ['POST https://ci.example.com/x', `Authorization: ${REDACTED}`, `X-Token: ${REDACTED}`, 'Content-Type: application/json', `body: {"pw":"${REDACTED}"}`].join('\n'),
    );
  });
});

describe('redactWebhookRequest', () => {
  it('redacts url, headers, body and password, keeping the rest', () => {
    expect(
      redactWebhookRequest({
        method: 'POST',
        url: 'https://hooks.slack.com/services/T/B/S',
        headers: { Authorization: 'x' },
        body: { token: 't' },
        username: 'u',
        password: 'p',
      }),
    ).toEqual({
      method: 'POST',
      url: 'https://hooks.slack.com/services/T/B/redacted',
      headers: { Authorization: REDACTED },
      body: { token: REDACTED },
      username: 'u',
      password: REDACTED,
    });
  });
});

describe('redactText', () => {
  it.each([
    ['JSON pairs', 'params: {"Authorization":"rawsecret","password":"p4ss","user":"me"}', 'params: {"Authorization":"**********","password":"**********","user":"me"}'],
    ['escaped JSON pairs', 'x "{\\"X-Api-Key\\":\\"k123\\"}"', 'x "{\\"X-Api-Key\\":\\"**********\\"}"'],
    ['a templated value is kept', '{"Authorization":"Bearer ${pactbroker.pactUrl}"}', '{"Authorization":"Bearer ${pactbroker.pactUrl}"}'],
    ['query parameters', 'GET /webhooks?access_token=abc&x=1&auth=z', 'GET /webhooks?access_token=redacted&x=1&auth=redacted'],
    ['a Slack hook path', 'url https://hooks.slack.com/services/T00/B00/XXXX in text', 'url https://hooks.slack.com/services/T00/B00/redacted in text'],
    ['header lines', 'Authorization: token abc\nAccept: */*', `Authorization: ${REDACTED}\nAccept: */*`],
    ['credentials anywhere', `see ${JWT} and Bearer abcdefgh`, `see ${REDACTED} and Bearer ${REDACTED}`],
    ['nothing secret', 'author=Bob&path=/x {"name":"n"}', 'author=Bob&path=/x {"name":"n"}'],
  ])('%s', (_, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });
});
