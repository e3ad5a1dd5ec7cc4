import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { webhookPolicyFrom, webhookRequestProblems, type WebhookPolicy, type WebhookRequestInput } from '../../../src/webhooks/webhook-policy.js';

const DEFAULT: WebhookPolicy = { schemes: ['https'], methods: ['POST'], hosts: undefined };
const req = (url: string, extra: Partial<WebhookRequestInput> = {}): WebhookRequestInput => ({ method: 'POST', url, ...extra });

describe('webhookPolicyFrom', () => {
  it('takes the allow lists from the configuration', () => {
    expect(webhookPolicyFrom(loadConfig({}))).toEqual(DEFAULT);
    expect(
      webhookPolicyFrom(
        loadConfig({ TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'https http', TREATY_WEBHOOK_METHOD_ALLOWLIST: 'POST PUT', TREATY_WEBHOOK_HOST_ALLOWLIST: '*.ci.local' }),
      ),
    ).toEqual({ schemes: ['https', 'http'], methods: ['POST', 'PUT'], hosts: ['*.ci.local'] });
  });
});

describe('webhookRequestProblems', () => {
  it.each<[string, WebhookRequestInput, WebhookPolicy, Record<string, RegExp[]>]>([
    ['a public https URL', req('https://ci.example.com/build?x=${pactbroker.pactUrl}'), DEFAULT, {}],
    ['a lower-case method', req('https://ci.example.com', { method: 'post' }), DEFAULT, {}],
    ['a method not allowed', req('https://ci.example.com', { method: 'GET' }), DEFAULT, { 'request.method': [/^must be POST\..*TREATY_WEBHOOK_METHOD_ALLOWLIST/] }],
    ['a scheme not allowed', req('http://ci.example.com'), DEFAULT, { 'request.url': [/^scheme must be https\..*TREATY_WEBHOOK_SCHEME_ALLOWLIST/] }],
    ['an allowed http scheme', req('http://ci.example.com'), { ...DEFAULT, schemes: ['https', 'http'] }, {}],
    ['not a URL', req('not a url'), DEFAULT, { 'request.url': [/is not a valid URL/] }],
    ['a relative URL', req('/hook'), DEFAULT, { 'request.url': [/is not a valid URL/] }],
    ['a URL without host', req('https:///path'), DEFAULT, { 'request.url': [/is not a valid URL/] }],
    ['a URL without //', req('mailto:a@b.c'), DEFAULT, { 'request.url': [/is not a valid URL/] }],
    ['a templated host', req('https://${pactbroker.consumerName}.example.com/x'), DEFAULT, { 'request.url': [/template parameter in the host/] }],
    ['templated credentials in the authority', req('https://${pactbroker.consumerName}@example.com/x'), DEFAULT, { 'request.url': [/template parameter in the host/] }],
    ['loopback IPv4', req('https://127.0.0.1/x'), DEFAULT, { 'request.url': [/private, loopback or link-local.*TREATY_WEBHOOK_HOST_ALLOWLIST/] }],
    ['loopback in another notation', req('https://0x7f.1/x'), DEFAULT, { 'request.url': [/private/] }],
    ['loopback as a number', req('https://2130706433/x'), DEFAULT, { 'request.url': [/private/] }],
    ['metadata service', req('https://169.254.169.254/latest'), DEFAULT, { 'request.url': [/private/] }],
    ['private 10/8 with port', req('https://10.1.2.3:8443/x'), DEFAULT, { 'request.url': [/private/] }],
    ['IPv6 loopback', req('https://[::1]/x'), DEFAULT, { 'request.url': [/private/] }],
    ['IPv4-mapped IPv6 loopback', req('https://[::ffff:127.0.0.1]/x'), DEFAULT, { 'request.url': [/private/] }],
    ['unique-local IPv6', req('https://[fd00::1]/x'), DEFAULT, { 'request.url': [/private/] }],
    ['loopback written short', req('https://127.1/x'), DEFAULT, { 'request.url': [/private.*\(127\.0\.0\.1 is loopback \(127\.0\.0\.0\/8\)\)/] }],
    ['IPv4-compatible IPv6 loopback', req('https://[::127.0.0.1]/x'), DEFAULT, { 'request.url': [/\[::7f00:1\] is loopback .* as IPv4-compatible/] }],
    ['NAT64 of a private IPv4', req('https://[64:ff9b::10.0.0.1]/x'), DEFAULT, { 'request.url': [/private \(10\.0\.0\.0\/8\) as NAT64/] }],
    ['6to4 of the metadata service', req('https://[2002:a9fe:a9fe::]/x'), DEFAULT, { 'request.url': [/link-local .* as 6to4/] }],
    ['Teredo', req('https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x'), DEFAULT, { 'request.url': [/Teredo/] }],
    ['site-local IPv6', req('https://[fec0::1]/x'), DEFAULT, { 'request.url': [/site-local/] }],
    ['CGNAT', req('https://100.64.0.1/x'), DEFAULT, { 'request.url': [/carrier-grade NAT/] }],
    ['benchmarking', req('https://198.18.0.1/x'), DEFAULT, { 'request.url': [/benchmarking/] }],
    ['broadcast', req('https://255.255.255.255/x'), DEFAULT, { 'request.url': [/reserved\/broadcast/] }],
    ['a public IPv6', req('https://[2606:4700:4700::1111]/x'), DEFAULT, {}],
    ['a public IP', req('https://93.184.216.34/x'), DEFAULT, {}],
    ['a private IP in the host allow list', req('https://10.1.2.3/x'), { ...DEFAULT, hosts: ['10.0.0.0/8'] }, {}],
    ['a host outside the allow list', req('https://evil.example.org/x'), { ...DEFAULT, hosts: ['*.example.com'] }, { 'request.url': [/not in the host allow list.*TREATY_WEBHOOK_HOST_ALLOWLIST/] }],
    ['a host in the allow list', req('https://ci.example.com/x'), { ...DEFAULT, hosts: ['*.example.com'] }, {}],
    ['a host matching a regex', req('https://ci.foo.com/x'), { ...DEFAULT, hosts: ['/\\.foo\\.com$/'] }, {}],
    ['unknown variable in the URL', req('https://ci.example.com/${pactbroker.nope}'), DEFAULT, { 'request.url': [/unknown template variable \$\{pactbroker\.nope\}/] }],
    ['unknown variable in a header', req('https://ci.example.com', { headers: { X: '${pactbroker.consumer}' } }), DEFAULT, { 'request.headers': [/\$\{pactbroker\.consumer\}/] }],
    ['unknown variable in a JSON body', req('https://ci.example.com', { body: { a: ['${pactbroker.bad}'] } }), DEFAULT, { 'request.body': [/\$\{pactbroker\.bad\}/] }],
    ['unknown variable in a string body', req('https://ci.example.com', { body: 'x=${pactbroker.bad}' }), DEFAULT, { 'request.body': [/\$\{pactbroker\.bad\}/] }],
    ['unknown variable in the username', req('https://ci.example.com', { username: '${pactbroker.bad}' }), DEFAULT, { 'request.username': [/\$\{pactbroker\.bad\}/] }],
    ['known variables everywhere', req('https://ci.example.com/${pactbroker.consumerName}', { headers: { X: '${pactbroker.eventName}' }, body: { u: '${pactbroker.pactUrl}' }, password: '${pactbroker.buildUrl}' }), DEFAULT, {}],
    ['several problems at once', req('http://127.0.0.1/${pactbroker.nope}', { method: 'DELETE' }), DEFAULT, { 'request.method': [/must be POST/], 'request.url': [/scheme must be/, /private/, /unknown template variable/] }],
  ])('%s', (_, request, policy, expected) => {
    const errors = webhookRequestProblems(request, policy);
    expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
    for (const [field, patterns] of Object.entries(expected)) {
      expect(errors[field]).toHaveLength(patterns.length);
      patterns.forEach((pattern, i) => expect(errors[field]![i]).toMatch(pattern));
    }
  });
});
