import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formEscape,
  renderText,
  renderWebhookRequest,
  TEMPLATE_VARIABLES,
  templateVariablesIn,
  unknownTemplateVariables,
  type TemplateValues,
} from '../../../src/webhooks/render-template.js';

const SAMPLE: Required<TemplateValues> = {
  consumerName: 'Foo',
  providerName: 'Bar',
  consumerVersionNumber: '1.0.0',
  consumerVersionTags: 'main, prod',
  consumerVersionBranch: 'feat/x',
  providerVersionNumber: '2.0.0',
  providerVersionTags: 'dev',
  providerVersionBranch: 'main',
  providerVersionDescriptions: 'latest from main branch, deployed in production',
  pactUrl: 'https://broker/pacts/provider/Bar/consumer/Foo/pact-version/abc/metadata/xyz',
  verificationResultUrl: 'https://broker/pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results/1',
  githubVerificationStatus: 'success',
  bitbucketVerificationStatus: 'SUCCESSFUL',
  gitlabVerificationStatus: 'success',
  azureDevOpsVerificationStatus: 'succeeded',
  consumerLabels: 'team-a, web',
  providerLabels: 'team-b',
  eventName: 'contract_content_changed',
  buildUrl: 'https://ci/build/1',
};

describe('template variables', () => {
  it('lists every variable of broker-semantics C4', () => {
    expect([...TEMPLATE_VARIABLES].sort()).toEqual(Object.keys(SAMPLE).sort());
  });

  it('finds the variables used in a text, distinct and in order, and the unknown ones', () => {
    const text = '${pactbroker.pactUrl} ${pactbroker.nope} ${pactbroker.pactUrl} ${pactbroker.} ${other.x} ${pactbroker.consumerName}';
    expect(templateVariablesIn(text)).toEqual(['pactUrl', 'nope', '', 'consumerName']);
    expect(unknownTemplateVariables(text, '${pactbroker.alsoNope}', '${pactbroker.nope}')).toEqual(['nope', '', 'alsoNope']);
    expect(unknownTemplateVariables('${pactbroker.consumerName}')).toEqual([]);
  });
});

describe('renderText', () => {
  it.each(TEMPLATE_VARIABLES.map((name) => [name]))('substitutes ${pactbroker.%s}', (name) => {
    expect(renderText(`<\${pactbroker.${name}}>`, SAMPLE)).toBe(`<${SAMPLE[name]}>`);
  });

  it('leaves unknown placeholders and variables without a value untouched', () => {
    expect(renderText('${pactbroker.nope} ${pactbroker.buildUrl} ${pactbroker.toString}', { consumerName: 'Foo' })).toBe(
      '${pactbroker.nope} ${pactbroker.buildUrl} ${pactbroker.toString}',
    );
  });

  it('substitutes in one pass: a value containing a placeholder is not expanded again', () => {
    expect(renderText('${pactbroker.consumerName}', { consumerName: '${pactbroker.providerName}', providerName: 'Bar' })).toBe(
      '${pactbroker.providerName}',
    );
  });

  it('treats $ patterns in values literally', () => {
    expect(renderText('${pactbroker.consumerName}', { consumerName: "$& $1 $$ $'" })).toBe("$& $1 $$ $'");
  });
});

describe('renderWebhookRequest', () => {
  it('form-escapes values substituted into the URL (as Ruby CGI.escape)', () => {
    const out = renderWebhookRequest(
      { method: 'POST', url: 'https://ci/job?pact=${pactbroker.pactUrl}&tags=${pactbroker.consumerVersionTags}&b=${pactbroker.consumerVersionBranch}' },
      SAMPLE,
    );
    expect(out.url).toBe(
      'https://ci/job?pact=https%3A%2F%2Fbroker%2Fpacts%2Fprovider%2FBar%2Fconsumer%2FFoo%2Fpact-version%2Fabc%2Fmetadata%2Fxyz&tags=main%2C+prod&b=feat%2Fx',
    );
    expect(formEscape("a b&c=d/e?f#g!'()*~._-")).toBe('a+b%26c%3Dd%2Fe%3Ff%23g%21%27%28%29%2A~._-');
  });

  it('substitutes raw into headers, username, password and a string body', () => {
    const out = renderWebhookRequest(
      {
        method: 'POST',
        url: 'https://ci/x',
        headers: { 'X-Consumer': '${pactbroker.consumerName}', 'X-Tags': '${pactbroker.consumerVersionTags}' },
        body: 'tags=${pactbroker.consumerVersionTags}&url=${pactbroker.pactUrl}',
        username: '${pactbroker.consumerName}',
        password: 'p-${pactbroker.providerName}',
      },
      SAMPLE,
    );
    expect(out.headers).toEqual({ 'X-Consumer': 'Foo', 'X-Tags': 'main, prod' });
    expect(out.body).toBe(`tags=main, prod&url=${SAMPLE.pactUrl}`);
    expect(out.username).toBe('Foo');
    expect(out.password).toBe('p-Bar');
  });

  it('never puts a line break into a header value', () => {
    const out = renderWebhookRequest({ method: 'POST', url: 'https://x', headers: { X: '${pactbroker.consumerName}' } }, { consumerName: 'a\r\nEvil: 1' });
    expect(out.headers.X).toBe('a Evil: 1');
  });

  it('substitutes inside the strings of a JSON body, JSON-escaping the values', () => {
    const values = { consumerName: 'Fo"o\\ \n</script>', providerName: 'Bar' };
    const out = renderWebhookRequest(
      {
        method: 'POST',
        url: 'https://x',
        body: { text: 'pact ${pactbroker.consumerName} → ${pactbroker.providerName}', n: 1, list: ['${pactbroker.providerName}', null, true], '${pactbroker.providerName}': {} },
      },
      values,
    );
    expect(JSON.parse(out.body!)).toEqual({
      text: `pact ${values.consumerName} → Bar`,
      n: 1,
      list: ['Bar', null, true],
      Bar: {},
    });
  });

  it('keeps a __proto__ key of a JSON body as data', () => {
    const body = JSON.parse('{"__proto__":{"x":"${pactbroker.consumerName}"}}') as unknown;
    const out = renderWebhookRequest({ method: 'POST', url: 'https://x', body }, { consumerName: 'Foo' });
    expect(out.body).toBe('{"__proto__":{"x":"Foo"}}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('has no body when none is given', () => {
    expect(renderWebhookRequest({ method: 'POST', url: 'https://x' }, SAMPLE)).toEqual({
      method: 'POST',
      url: 'https://x',
      headers: {},
      body: undefined,
      username: undefined,
      password: undefined,
    });
  });

  it('property: rendering a JSON body always yields valid JSON with each placeholder replaced by its value', () => {
    const name = fc.constantFrom(...TEMPLATE_VARIABLES);
    const placeholderText = fc.array(fc.oneof(fc.string(), name.map((n) => `\${pactbroker.${n}}`)), { maxLength: 4 }).map((parts) => parts.join(''));
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        placeholderText,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(placeholderText, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    const values = fc.record(Object.fromEntries(TEMPLATE_VARIABLES.map((n) => [n, fc.string({ unit: 'binary' })])) as Record<string, fc.Arbitrary<string>>);
    fc.assert(
      fc.property(fc.dictionary(placeholderText, json), values, (body, vals) => {
        const out = renderWebhookRequest({ method: 'POST', url: 'https://x', body }, vals);
        const parsed: unknown = JSON.parse(out.body!);
        const expected = JSON.parse(JSON.stringify(body).replace(/\$\{pactbroker\.(\w+)\}/g, (_, n: string) => JSON.stringify(vals[n]).slice(1, -1))) as unknown;
        expect(parsed).toEqual(expected);
      }),
    );
  });
});
