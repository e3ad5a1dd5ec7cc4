import { describe, expect, it } from 'vitest';
import { expandEvent, selectedConsumerVersions } from '../../../src/webhooks/expand-event.js';

const contract = {
  consumerName: 'Foo',
  providerName: 'Bar',
  consumerVersionNumber: '1',
  pactVersionSha: 'abc',
  contentChanged: true,
  branch: 'main',
  tags: ['dev'],
  buildUrl: 'https://ci/build/1',
};
const verification = {
  consumerName: 'Foo',
  providerName: 'Bar',
  providerVersionNumber: '5',
  pactVersionSha: 'abc',
  success: false,
  verificationId: 7,
  providerVersionBranches: ['feat', 'main'],
  providerVersionTags: ['prod'],
  pactConsumerVersionNumber: '4',
  consumerVersionSelectors: null,
  buildUrl: 'https://ci/verify/9',
};

describe('expandEvent', () => {
  it('a contract event gives one context with the consumer version, its branch, tags and the buildUrl', () => {
    expect(expandEvent('contract_published', contract)).toEqual([
      {
        eventName: 'contract_published',
        consumerName: 'Foo',
        providerName: 'Bar',
        consumerVersionNumber: '1',
        pactVersionSha: 'abc',
        providerVersionNumber: null,
        verificationId: null,
        success: null,
        branch: 'main',
        tags: ['dev'],
        consumerVersionTags: null,
        buildUrl: 'https://ci/build/1',
      },
    ]);
  });

  it('a contract event published without a buildUrl carries none', () => {
    const { buildUrl: _u, ...withoutBuildUrl } = contract;
    expect(expandEvent('contract_content_changed', withoutBuildUrl)[0]!.buildUrl).toBeNull();
  });

  it("a verification event without selector metadata gives one context: the content's newest consumer version, the provider version's last branch and tags", () => {
    expect(expandEvent('provider_verification_failed', verification)).toEqual([
      {
        eventName: 'provider_verification_failed',
        consumerName: 'Foo',
        providerName: 'Bar',
        consumerVersionNumber: '4',
        pactVersionSha: 'abc',
        providerVersionNumber: '5',
        verificationId: 7,
        success: false,
        branch: 'main',
        tags: ['prod'],
        consumerVersionTags: null,
        buildUrl: 'https://ci/verify/9',
      },
    ]);
  });

  it('a verification event with selector metadata gives one context per distinct consumer version, with the tags its selectors named (S62)', () => {
    const contexts = expandEvent('provider_verification_published', {
      ...verification,
      consumerVersionSelectors: [
        { consumerVersionNumber: '3' },
        { consumerVersionNumber: '2', tag: 'prod' },
        { consumerVersionNumber: '3', tag: 'dev' },
        { consumerVersionNumber: '2', tag: 'prod' },
        { consumerVersionNumber: '2', tag: 'test' },
      ],
    });
    expect(contexts.map((c) => [c.consumerVersionNumber, c.consumerVersionTags])).toEqual([
      ['3', ['dev']],
      ['2', ['prod', 'test']],
    ]);
    for (const c of contexts) expect(c).toMatchObject({ providerVersionNumber: '5', verificationId: 7, success: false, branch: 'main', tags: ['prod'], buildUrl: 'https://ci/verify/9' });
  });

  it('selectors that name no tag give an empty tag list, not the fallback', () => {
    expect(selectedConsumerVersions([{ consumerVersionNumber: '3' }])).toEqual([{ number: '3', tags: [] }]);
  });

  it('an empty selector list counts as no metadata', () => {
    expect(expandEvent('provider_verification_succeeded', { ...verification, consumerVersionSelectors: [] })).toEqual([
      expect.objectContaining({ consumerVersionNumber: '4', consumerVersionTags: null }),
    ]);
  });

  it('contract_requiring_verification_published gives one context per required provider version', () => {
    const requiredVerifications = [
      { providerVersionNumber: '5', providerVersionBranch: 'main', providerVersionDescriptions: ['latest from main branch', 'deployed in test'] },
      { providerVersionNumber: '4', providerVersionBranch: null, providerVersionDescriptions: ['released in production'] },
    ];
    expect(expandEvent('contract_requiring_verification_published', { ...contract, requiredVerifications })).toEqual([
      {
        eventName: 'contract_requiring_verification_published',
        consumerName: 'Foo',
        providerName: 'Bar',
        consumerVersionNumber: '1',
        pactVersionSha: 'abc',
        providerVersionNumber: '5',
        verificationId: null,
        success: null,
        branch: 'main',
        tags: ['dev'],
        consumerVersionTags: null,
        buildUrl: 'https://ci/build/1',
        providerVersionBranch: 'main',
        providerVersionDescriptions: ['latest from main branch', 'deployed in test'],
      },
      expect.objectContaining({ providerVersionNumber: '4', providerVersionBranch: null, providerVersionDescriptions: ['released in production'] }),
    ]);
  });
});
