import { describe, expect, it } from 'vitest';
import { decodePactMetadata } from '../../../src/pacts/pact-metadata.js';
import { templateFacts, type TemplateData } from '../../../src/webhooks/job-template.js';
import { buildTemplateValues } from '../../../src/webhooks/template-values.js';
import type { WebhookJobPayload } from '../../../src/webhooks/trigger.js';

const BASE = 'http://broker.example';
const common = { triggeredWebhookUuid: 'tw', webhookUuid: 'w', consumerName: 'Foo', providerName: 'Bar', pactVersionSha: 'abc' };
const contract: WebhookJobPayload = {
  ...common,
  eventName: 'contract_published',
  consumerVersionNumber: '1',
  providerVersionNumber: null,
  verificationId: null,
  success: null,
  branch: null,
  tags: ['dev'],
  consumerVersionTags: null,
  buildUrl: 'https://ci/1',
};
const verification: WebhookJobPayload = {
  ...common,
  eventName: 'provider_verification_published',
  consumerVersionNumber: '3',
  providerVersionNumber: '5',
  verificationId: 12,
  success: true,
  branch: 'main',
  tags: ['prod'],
  consumerVersionTags: null,
  buildUrl: null,
};
const data = (over: Partial<TemplateData> = {}): TemplateData => ({
  consumerVersion: { branch: 'feat', tags: ['later', 'dev'] },
  contentVerification: undefined,
  labels: new Map(),
  ...over,
});
const values = (p: WebhookJobPayload, d = data()) => buildTemplateValues(templateFacts(p, d, BASE));
const metadataOf = (pactUrl: string) => decodePactMetadata(/\/metadata\/([^/]+)$/.exec(pactUrl)![1]);

describe('templateFacts', () => {
  it('contract event: the publish-time tags win over the version’s current ones; no branch in the event → the version’s last', () => {
    const v = values(contract);
    expect(v).toMatchObject({ consumerVersionTags: 'dev', consumerVersionBranch: 'feat', buildUrl: 'https://ci/1', githubVerificationStatus: 'pending', verificationResultUrl: '' });
    expect(values({ ...contract, branch: 'main' }).consumerVersionBranch).toBe('main');
    expect(metadataOf(v.pactUrl)).toEqual({ s: [{ cv: '1', t: 'dev' }], w: true });
  });

  it('contract event: the verification read for the content fills the provider and status variables', () => {
    const contentVerification = { id: 9, success: false, providerVersionNumber: '6', providerVersionBranch: 'main', providerVersionTags: ['x'] };
    expect(values(contract, data({ contentVerification }))).toMatchObject({
      providerVersionNumber: '6',
      providerVersionBranch: 'main',
      providerVersionTags: 'x',
      bitbucketVerificationStatus: 'FAILED',
      verificationResultUrl: `${BASE}/pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results/9`,
    });
  });

  it('verification event without selector tags: the consumer version’s own tags, in the value and the pactUrl', () => {
    const v = values(verification);
    expect(v).toMatchObject({ consumerVersionNumber: '3', consumerVersionTags: 'later, dev', consumerVersionBranch: 'feat', providerVersionBranch: 'main', providerVersionTags: 'prod', buildUrl: '' });
    expect(metadataOf(v.pactUrl)).toEqual({ s: [{ cv: '3', t: 'later' }, { cv: '3', t: 'dev' }], w: true });
  });

  it('verification event through selectors: their tags, even none', () => {
    expect(values({ ...verification, consumerVersionTags: ['prod'] }).consumerVersionTags).toBe('prod');
    const none = values({ ...verification, consumerVersionTags: [] });
    expect(none.consumerVersionTags).toBe('');
    expect(metadataOf(none.pactUrl)).toEqual({ s: [{ cv: '3' }], w: true });
  });

  it('a job queued before buildUrl and consumerVersionTags existed still renders', () => {
    const { buildUrl: _u, consumerVersionTags: _t, ...old } = verification;
    expect(values(old)).toMatchObject({ buildUrl: '', consumerVersionTags: 'later, dev' });
  });
});
