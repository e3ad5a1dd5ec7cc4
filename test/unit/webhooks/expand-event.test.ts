import { describe, expect, it } from 'vitest';
import { expandEvent } from '../../../src/webhooks/expand-event.js';

const contract = { consumerName: 'Foo', providerName: 'Bar', consumerVersionNumber: '1', pactVersionSha: 'abc', contentChanged: true, branch: 'main', tags: ['dev'] };
const verification = {
  consumerName: 'Foo',
  providerName: 'Bar',
  providerVersionNumber: '5',
  pactVersionSha: 'abc',
  success: false,
  verificationId: 7,
  providerVersionBranches: ['feat', 'main'],
  providerVersionTags: ['prod'],
};

describe('expandEvent', () => {
  it('a contract event gives one context with the consumer version, its branch and tags', () => {
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
      },
    ]);
  });

  it("a verification event without selector metadata gives one context with the provider version's last branch and tags", () => {
    expect(expandEvent('provider_verification_failed', verification)).toEqual([
      expect.objectContaining({ eventName: 'provider_verification_failed', consumerVersionNumber: null, providerVersionNumber: '5', verificationId: 7, success: false, branch: 'main', tags: ['prod'] }),
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
        providerVersionBranch: 'main',
        providerVersionDescriptions: ['latest from main branch', 'deployed in test'],
      },
      expect.objectContaining({ providerVersionNumber: '4', providerVersionBranch: null, providerVersionDescriptions: ['released in production'] }),
    ]);
  });
});
