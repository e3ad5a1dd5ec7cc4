import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/auth/roles.js';
import { AUTHORIZATION_POLICY, missingEntries, policyFor, requiredAccess } from '../../../src/http/authorization-policy.js';

const OFF = { allowPublicRead: false, publicHeartbeat: false, publicBadgeAccess: false };

describe('the authorization policy table', () => {
  it('has one entry per method and route URL, each with a known role', () => {
    const keys = AUTHORIZATION_POLICY.map((e) => `${e.method} ${e.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of AUTHORIZATION_POLICY) expect(ROLES).toContain(entry.role);
  });

  it('lets read every GET it lists except the access control resources, which are admin', () => {
    for (const entry of AUTHORIZATION_POLICY.filter((e) => e.method === 'GET')) {
      expect(entry.role, entry.url).toBe(/^\/(tokens|secrets|audit)\b/.test(entry.url) ? 'admin' : 'read');
    }
  });

  it('gives read exactly one write-method route: POST pacts-for-verification', () => {
    expect(AUTHORIZATION_POLICY.filter((e) => e.method !== 'GET' && e.role === 'read').map((e) => `${e.method} ${e.url}`)).toEqual([
      'POST /pacts/provider/:provider/for-verification',
    ]);
  });

  it.each([
    ['POST', '/contracts/publish', 'ci'],
    ['PUT', '/pacts/provider/:provider/consumer/:consumer/version/:version', 'ci'],
    ['POST', '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results', 'ci'],
    ['POST', '/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid', 'ci'],
    ['PATCH', '/deployed-versions/:uuid', 'ci'],
    ['POST', '/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid', 'ci'],
    ['PUT', '/pacticipants/:pacticipant/versions/:version/tags/:tag', 'ci'],
    ['PUT', '/pacticipants/:pacticipant/branches/:branch/versions/:version', 'ci'],
    ['DELETE', '/pacticipants/:pacticipant', 'admin'],
    ['POST', '/webhooks', 'admin'],
    ['POST', '/environments', 'admin'],
    ['PUT', '/pacticipants/:pacticipant/labels/:label', 'admin'],
    ['POST', '/tokens', 'admin'],
    ['GET', '/audit', 'admin'],
  ])('%s %s needs %s', (method, url, role) => {
    expect(policyFor(method, url)?.role).toBe(role);
  });

  it('answers HEAD with the GET entry, and nothing for unknown routes', () => {
    expect(policyFor('HEAD', '/pacticipants')).toBe(policyFor('GET', '/pacticipants'));
    expect(policyFor('GET', '/nowhere')).toBeUndefined();
    expect(policyFor('OPTIONS', '/pacticipants')).toBeUndefined();
    expect(missingEntries([{ method: 'GET', url: '/' }, { method: 'POST', url: '/new-thing' }, { method: 'HEAD', url: '/' }])).toEqual(['POST /new-thing']);
  });

  it('makes heartbeat, badges and reads public only under their switches', () => {
    const heartbeat = policyFor('GET', '/diagnostic/status/heartbeat')!;
    const badge = policyFor('GET', '/pacticipants/:pacticipant/main-branch/can-i-merge/badge')!;
    const read = policyFor('GET', '/pacticipants')!;
    const forVerification = policyFor('POST', '/pacts/provider/:provider/for-verification')!;
    const publish = policyFor('POST', '/contracts/publish')!;
    expect([heartbeat, badge, read].map((e) => requiredAccess(e, OFF))).toEqual(['read', 'read', 'read']);
    expect(requiredAccess(heartbeat, { ...OFF, publicHeartbeat: true })).toBe('public');
    expect(requiredAccess(badge, { ...OFF, publicHeartbeat: true })).toBe('read');
    expect(requiredAccess(badge, { ...OFF, publicBadgeAccess: true })).toBe('public');
    const publicRead = { ...OFF, allowPublicRead: true };
    expect([heartbeat, badge, read, forVerification].map((e) => requiredAccess(e, publicRead))).toEqual(['public', 'public', 'public', 'public']);
    expect(requiredAccess(publish, publicRead)).toBe('ci');
    expect(requiredAccess(policyFor('GET', '/tokens')!, publicRead)).toBe('admin');
  });
});
