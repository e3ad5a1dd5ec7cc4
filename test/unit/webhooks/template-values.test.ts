import { describe, expect, it } from 'vitest';
import { TEMPLATE_VARIABLES } from '../../../src/webhooks/render-template.js';
import { buildTemplateValues, type PactFacts, type VerificationFacts } from '../../../src/webhooks/template-values.js';

const pact: PactFacts = {
  consumerName: 'Foo',
  providerName: 'Bar',
  consumerVersionNumber: '1.0.0',
  consumerVersionBranch: 'feat-x',
  consumerVersionTags: ['dev', 'prod'],
  consumerLabels: ['team-a', 'web'],
  providerLabels: ['team-b'],
  pactUrl: 'http://broker/pacts/provider/Bar/consumer/Foo/pact-version/abc/metadata/xyz',
};
const verification: VerificationFacts = {
  providerVersionNumber: '5',
  providerVersionBranch: 'main',
  providerVersionTags: ['test', 'production'],
  success: true,
  verificationResultUrl: 'http://broker/pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results/7',
};

describe('buildTemplateValues', () => {
  it('gives every template variable a value from the pact, the verification and the event', () => {
    const values = buildTemplateValues({
      context: { eventName: 'provider_verification_published', buildUrl: 'https://ci/build/9' },
      pact,
      verification,
    });
    expect(Object.keys(values).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
    expect(values).toEqual({
      consumerName: 'Foo',
      providerName: 'Bar',
      consumerVersionNumber: '1.0.0',
      consumerVersionTags: 'dev, prod',
      consumerVersionBranch: 'feat-x',
      providerVersionNumber: '5',
      providerVersionTags: 'test, production',
      providerVersionBranch: 'main',
      providerVersionDescriptions: '',
      pactUrl: pact.pactUrl,
      verificationResultUrl: verification.verificationResultUrl,
      githubVerificationStatus: 'success',
      bitbucketVerificationStatus: 'SUCCESSFUL',
      gitlabVerificationStatus: 'success',
      azureDevOpsVerificationStatus: 'succeeded',
      consumerLabels: 'team-a, web',
      providerLabels: 'team-b',
      eventName: 'provider_verification_published',
      buildUrl: 'https://ci/build/9',
    });
  });

  it('uses the failure keywords for a failed verification', () => {
    const values = buildTemplateValues({ context: { eventName: 'provider_verification_failed' }, pact, verification: { ...verification, success: false } });
    expect([values.githubVerificationStatus, values.bitbucketVerificationStatus, values.gitlabVerificationStatus, values.azureDevOpsVerificationStatus])
      .toEqual(['failure', 'FAILED', 'failed', 'failed']);
  });

  it('gives the Pact Broker defaults with no verification', () => {
    const values = buildTemplateValues({ context: { eventName: 'contract_published' }, pact });
    expect(values).toMatchObject({
      providerVersionNumber: '',
      providerVersionTags: '',
      providerVersionBranch: '',
      verificationResultUrl: '',
      githubVerificationStatus: 'pending',
      bitbucketVerificationStatus: 'INPROGRESS',
      gitlabVerificationStatus: 'pending',
      azureDevOpsVerificationStatus: 'pending',
      buildUrl: '',
    });
  });

  it('gives empty values with no pact and no verification (only the event name is known)', () => {
    const values = buildTemplateValues({ context: { eventName: 'test' } });
    for (const name of TEMPLATE_VARIABLES) {
      if (name === 'eventName' || name.endsWith('VerificationStatus')) continue;
      expect(values[name], name).toBe('');
    }
    expect(values.eventName).toBe('test');
    expect(values.bitbucketVerificationStatus).toBe('INPROGRESS');
  });

  it('prefers the event context over the pact and the verification', () => {
    const values = buildTemplateValues({
      context: {
        eventName: 'contract_requiring_verification_published',
        consumerVersionNumber: '2.0.0',
        consumerVersionTags: ['main'],
        consumerVersionBranch: 'main',
        providerVersionNumber: '4',
        providerVersionTags: [],
        providerVersionBranch: null,
        providerVersionDescriptions: ['latest from main branch', 'deployed in production'],
      },
      pact,
      verification,
    });
    expect(values).toMatchObject({
      consumerVersionNumber: '2.0.0',
      consumerVersionTags: 'main',
      consumerVersionBranch: 'main',
      providerVersionNumber: '4',
      providerVersionTags: '', // an empty list in the context still wins
      providerVersionBranch: '', // the context says: no branch
      providerVersionDescriptions: 'latest from main branch, deployed in production',
    });
  });

  it('falls back to "" for a pact version without branch, tags or labels', () => {
    const bare: PactFacts = { consumerName: 'Foo', providerName: 'Bar', consumerVersionNumber: '1', pactUrl: 'u' };
    const values = buildTemplateValues({ context: { eventName: 'contract_published' }, pact: bare });
    expect(values).toMatchObject({ consumerVersionBranch: '', consumerVersionTags: '', consumerLabels: '', providerLabels: '' });
  });
});
