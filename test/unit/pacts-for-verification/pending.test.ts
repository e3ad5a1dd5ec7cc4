// Scenario table E.2 (S46–S56) of ../shared/reference/broker-semantics.md: pending and WIP, plus Treaty's own cases.
import { describe, expect, it } from 'vitest';
import { pendingNotices, wipNotices } from '../../../src/pacts-for-verification/notices.js';
import { isWorkInProgress, NO_VERIFICATIONS, pendingStatus, selectWipPacts, type ProviderContext } from '../../../src/pacts-for-verification/pending.js';
import { Estate, factsFor, type VerificationRecord } from './estate.js';

const C1 = 1;
const C2 = 2;
const branch = (name: string, createdAt: string | null): ProviderContext => ({
  providerName: 'Bar',
  branch: { name, createdAt: createdAt === null ? null : new Date(createdAt) },
  tags: [],
});
const tags = (...list: Array<[string, string | null]>): ProviderContext => ({
  providerName: 'Bar',
  tags: list.map(([name, at]) => ({ name, firstUsedAt: at === null ? null : new Date(at) })),
});
const pendingFor = (records: VerificationRecord[], content: number, ctx: ProviderContext) =>
  pendingStatus(factsFor(records, content, { ...(ctx.branch ? { branch: ctx.branch.name } : {}), tags: ctx.tags.map((t) => t.name) }), ctx).pending;

describe('E.2 pending (B5)', () => {
  const main = branch('main', '2026-01-01T00:00:00Z');

  it('S46 pending until a successful verification from the branch; a failure changes nothing; never pending again', () => {
    const records: VerificationRecord[] = [];
    expect(pendingFor(records, C1, main)).toBe(true);
    records.push({ content: C1, success: false, at: '2026-02-01T00:00:00Z', providerBranches: ['main'] });
    expect(pendingFor(records, C1, main)).toBe(true);
    records.push({ content: C1, success: true, at: '2026-02-02T00:00:00Z', providerBranches: ['main'] });
    expect(pendingFor(records, C1, main)).toBe(false);
    records.push({ content: C1, success: false, at: '2026-02-03T00:00:00Z', providerBranches: ['main'] });
    expect(pendingFor(records, C1, main)).toBe(false);
  });

  it('S46 notices: the exact pending and not-pending texts', () => {
    const [before, ...after] = pendingNotices({ pending: true, mode: 'branch', branch: 'main' }, 'Bar');
    expect(before!.text).toBe(
      "This pact is in pending state for this version of Bar because a successful verification result for a version of Bar from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
    );
    expect(after.map((n) => n.when)).toEqual([
      'after_verification:success_true_published_false',
      'after_verification:success_false_published_false',
      'after_verification:success_true_published_true',
      'after_verification:success_false_published_true',
    ]);
    expect(pendingNotices({ pending: false, mode: 'branch', branch: 'main' }, 'Bar')).toEqual([
      {
        when: 'before_verification',
        text: "This pact has previously been successfully verified by a version of Bar from branch 'main'. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending",
      },
    ]);
  });

  it('S47 a new provider branch inherits earlier successes; an older one does not', () => {
    const records: VerificationRecord[] = [{ content: C1, success: true, at: '2026-03-01T00:00:00Z', providerBranches: ['main'] }];
    expect(pendingFor(records, C1, branch('feat-y', '2026-03-02T00:00:00Z'))).toBe(false);
    expect(pendingFor(records, C1, branch('feat-old', '2026-02-01T00:00:00Z'))).toBe(true);
    expect(pendingFor(records, C1, branch('brand-new', null))).toBe(false);
    records.push({ content: C2, success: true, at: '2026-03-05T00:00:00Z', providerBranches: ['main'] });
    expect(pendingFor(records, C2, branch('feat-y', '2026-03-02T00:00:00Z'))).toBe(true);
  });

  it('S48 successes by provider versions without a branch do not count for a branch', () => {
    const records: VerificationRecord[] = [{ content: C1, success: true, at: '2026-03-01T00:00:00Z' }];
    expect(pendingFor(records, C1, main)).toBe(true);
    expect(pendingFor(records, C1, branch('main', null))).toBe(true);
  });

  it('S49 tags: pending when any requested tag is pending', () => {
    const records: VerificationRecord[] = [{ content: C1, success: true, at: '2026-03-01T00:00:00Z', providerTags: ['main'] }];
    expect(pendingFor(records, C1, tags(['main', '2026-01-01T00:00:00Z']))).toBe(false);
    expect(pendingFor(records, C1, tags(['feat-z', '2026-04-01T00:00:00Z']))).toBe(false);
    const ctx = tags(['main', '2026-01-01T00:00:00Z'], ['feat-q', '2026-02-01T00:00:00Z']);
    const status = pendingStatus(factsFor(records, C1, { tags: ['main', 'feat-q'] }), ctx);
    expect(status).toEqual({ pending: true, mode: 'tags', pendingTags: ['feat-q'], nonPendingTags: ['main'] });
    expect(pendingNotices(status, 'Bar')[0]!.text).toContain("a version of Bar with tag 'feat-q' has not yet been published");
  });

  it('S50 neither branch nor tags: pending until any successful verification', () => {
    const none: ProviderContext = { providerName: 'Bar', tags: [] };
    expect(pendingFor([], C1, none)).toBe(true);
    expect(pendingFor([{ content: C1, success: false, at: '2026-03-01T00:00:00Z' }], C1, none)).toBe(true);
    expect(pendingFor([{ content: C1, success: true, at: '2026-03-01T00:00:00Z' }], C1, none)).toBe(false);
  });

  it('WIP verifications count for pending', () => {
    expect(pendingFor([{ content: C1, success: true, wip: true, at: '2026-03-01T00:00:00Z', providerBranches: ['main'] }], C1, main)).toBe(false);
  });
});

describe('E.2 WIP (B6)', () => {
  const since = new Date('2026-01-01T00:00:00Z');
  const main = branch('main', '2025-06-01T00:00:00Z');
  const estate = () =>
    new Estate()
      .version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' }, publishedAt: '2026-02-01T00:00:00Z' })
      .version('Foo', '2', { branch: 'feat-x', pacts: { Bar: 'C2' }, publishedAt: '2026-02-02T00:00:00Z' });
  const wip = (e: Estate, records: VerificationRecord[], ctx: ProviderContext, options: { since?: Date; explicit?: string[] } = {}) =>
    selectWipPacts({
      candidates: e.wipCandidates('Bar'),
      since: options.since ?? since,
      explicit: (options.explicit ?? ['C1']).map((sha) => ({ consumerName: 'Foo', sha })),
      facts: (id) => factsFor(records, id, { ...(ctx.branch ? { branch: ctx.branch.name } : {}), tags: ctx.tags.map((t) => t.name) }),
      provider: ctx,
    }).map((w) => w.sha);

  it('S51 a feature-branch head published after the date is WIP; not when the date is later', () => {
    expect(wip(estate(), [], main)).toEqual(['C2']);
    expect(wip(estate(), [], main, { since: new Date('2026-02-03T00:00:00Z') })).toEqual([]);
  });

  it('S52 WIP needs a provider branch or tags; versions without branch or tag are never WIP', () => {
    expect(wip(estate(), [], { providerName: 'Bar', tags: [] })).toEqual([]);
    const untagged = new Estate().version('Foo', '9', { pacts: { Bar: 'C9' }, publishedAt: '2026-02-01T00:00:00Z' });
    expect(untagged.wipCandidates('Bar')).toEqual([]);
  });

  it('S53 a successful verification of the WIP pact keeps it WIP', () => {
    const records: VerificationRecord[] = [{ content: 2, success: true, wip: true, at: '2026-02-03T00:00:00Z', providerBranches: ['main'] }];
    expect(wip(estate(), records, main)).toEqual(['C2']);
  });

  it('S54 it leaves WIP once explicitly selected (merged to main)', () => {
    const e = estate().version('Foo', '3', { branch: 'main', pacts: { Bar: 'C2' }, publishedAt: '2026-02-04T00:00:00Z' });
    expect(wip(e, [], main, { explicit: ['C2'] })).toEqual([]);
  });

  it('S55 on a new provider branch, contents verified by main before the branch existed are not WIP', () => {
    const e = new Estate()
      .version('Foo', '2', { branch: 'feat-x', pacts: { Bar: 'C2' }, publishedAt: '2026-02-01T00:00:00Z' })
      .version('Foo', '4', { branch: 'feat-z', pacts: { Bar: 'C4' }, publishedAt: '2026-02-03T00:00:00Z' });
    const records: VerificationRecord[] = [{ content: 1, success: true, at: '2026-02-01T12:00:00Z', providerBranches: ['main'] }];
    expect(wip(e, records, branch('feat-y', '2026-02-02T00:00:00Z'), { explicit: [] })).toEqual(['C4']);
    expect(wip(e, records, main, { explicit: [] })).toEqual(['C4']);
  });

  it('S56 a verification through a webhook pact URL is a WIP verification: still WIP', () => {
    const records: VerificationRecord[] = [{ content: 2, success: true, wip: true, at: '2026-02-05T00:00:00Z', providerBranches: ['main'] }];
    expect(isWorkInProgress(factsFor(records, 2, { branch: 'main' }), main)).toBe(true);
  });

  it('tag mode: WIP for a tag that has not verified it', () => {
    const e = new Estate().version('Foo', '7', { tags: ['feat'], pacts: { Bar: 'C7' }, publishedAt: '2026-02-01T00:00:00Z' });
    const records: VerificationRecord[] = [{ content: 1, success: true, at: '2026-02-02T00:00:00Z', providerTags: ['dev'] }];
    expect(wip(e, records, tags(['dev', '2025-01-01T00:00:00Z']), { explicit: [] })).toEqual([]);
    expect(wip(e, records, tags(['qa', '2025-01-01T00:00:00Z']), { explicit: [] })).toEqual(['C7']);
  });

  it('WIP notices name the consumer branch and the provider branch', () => {
    const notices = wipNotices({
      pactUrl: 'URL',
      consumerName: 'Foo',
      providerName: 'Bar',
      reasons: [{ kind: 'branch', name: 'feat-x' }],
      provider: { branch: 'main', tags: [] },
      includePendingStatus: true,
    });
    expect(notices[0]!.text).toBe(
      "The pact at URL is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of Foo from branch 'feat-x' and it has not yet been successfully verified by a version of Bar from branch 'main' when the pact's application version was explicitly specified in the consumer version selectors). Read more at https://docs.pact.io/go/wip",
    );
    expect(notices[1]!.text).toContain("because it was included as a 'work in progress' pact");
    expect(notices).toHaveLength(6);
  });
});

describe('provider tags are data, not property names', () => {
  it('a tag named like an Object.prototype member is unverified until verified (not read from Object.prototype)', () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
    const ctx = tags(...names.map((name): [string, string | null] => [name, '2026-01-01T00:00:00Z']));
    expect(pendingStatus(NO_VERIFICATIONS, ctx)).toEqual({ pending: true, mode: 'tags', pendingTags: names, nonPendingTags: [] });
    expect(isWorkInProgress(NO_VERIFICATIONS, ctx)).toBe(true);
    const successWithTag = Object.create(null) as Record<string, boolean>;
    for (const name of names) successWithTag[name] = true;
    const verified = { ...NO_VERIFICATIONS, successWithTag, nonWip: { ...NO_VERIFICATIONS.nonWip, successWithTag } };
    expect(pendingStatus(verified, ctx)).toEqual({ pending: false, mode: 'tags', pendingTags: [], nonPendingTags: names });
    expect(isWorkInProgress(verified, ctx)).toBe(false);
  });
});
