import { describe, expect, it } from 'vitest';
import { auditTarget, auditUrl, isAuditedWrite } from '../../../src/audit/audit-target.js';

describe('isAuditedWrite', () => {
  it.each([
    ['POST', '/contracts/publish', true],
    ['PUT', '/pacticipants/:pacticipant', true],
    ['PATCH', '/pacticipants/:pacticipant', true],
    ['DELETE', '/pacticipants/:pacticipant', true],
    ['POST', undefined, true], // a write to no route (404) is still a write attempt
    ['GET', '/pacticipants', false],
    ['HEAD', '/pacticipants', false],
    ['OPTIONS', '/pacticipants', false],
    ['POST', '/pacts/provider/:provider/for-verification', false], // the read-only POST
  ] as const)('%s %s → %s', (method, route, expected) => {
    expect(isAuditedWrite(method, route)).toBe(expected);
  });
});

describe('auditUrl', () => {
  it('keeps the path and ordinary query parameters', () => {
    expect(auditUrl('/pacticipants/Foo%20Bar/versions/1?x=1&y')).toBe('/pacticipants/Foo%20Bar/versions/1?x=1&y');
  });

  it('redacts the values of secret-looking query parameters, whatever their case or encoding', () => {
    expect(auditUrl('/webhooks/execute?token=abc&Api_Key=k&pass%77ord=p&PASSWORD=q&keep=1')).toBe(
      '/webhooks/execute?token=[redacted]&Api_Key=[redacted]&pass%77ord=[redacted]&PASSWORD=[redacted]&keep=1',
    );
    expect(auditUrl('/x?access_token=%zz')).toBe('/x?access_token=[redacted]');
  });

  it('is cut at 2,048 characters', () => {
    const url = auditUrl(`/pacticipants/${'a'.repeat(5000)}`);
    expect(url.length).toBe(2048);
    expect(url.endsWith('…')).toBe(true);
  });
});

describe('auditTarget', () => {
  it.each([
    ['a pacticipant URL', { pacticipant: 'Foo', version: '1.0' }, undefined, { pacticipant: 'Foo', version: '1.0' }],
    ['a pacticipant without version', { pacticipant: 'Foo' }, undefined, { pacticipant: 'Foo', version: null }],
    ['a pact URL: the consumer and its version', { provider: 'P', consumer: 'C', version: '2' }, {}, { pacticipant: 'C', version: '2' }],
    [
      'a verification result: the provider and the version in the body',
      { provider: 'P', consumer: 'C', sha: 'abc' },
      { success: true, providerApplicationVersion: '9' },
      { pacticipant: 'P', version: '9' },
    ],
    ['a provider-only URL', { provider: 'P' }, undefined, { pacticipant: 'P', version: null }],
    ['a contract publication', {}, { pacticipantName: 'C', pacticipantVersionNumber: '3', contracts: [] }, { pacticipant: 'C', version: '3' }],
    ['nothing known', { uuid: 'x' }, { name: 'env' }, { pacticipant: null, version: null }],
    ['non-string values are ignored', { pacticipant: 5 }, { pacticipantName: ['C'] }, { pacticipant: null, version: null }],
    ['a body that is not an object', {}, 'text', { pacticipant: null, version: null }],
  ])('%s', (_name, params, body, expected) => {
    expect(auditTarget(params, body)).toEqual(expected);
  });

  it('only own keys count, and long names are cut at 255 characters', () => {
    expect(auditTarget(Object.create({ pacticipant: 'inherited' }), undefined)).toEqual({ pacticipant: null, version: null });
    expect(auditTarget({ pacticipant: 'x'.repeat(300) }, undefined).pacticipant).toHaveLength(255);
  });
});
