import { describe, expect, it } from 'vitest';
import { noisyPlan, type NoisyCase } from '../../../bench/noisy-requests.js';
import { parseNestedQuery } from '../../../src/http/nested-query.js';
import { jsonDepth, storableJsonProblems } from '../../../src/shared/json.js';
import { DEFAULT_LIMITS, type Limits } from '../../../src/shared/limits.js';

// The noisy-neighbour requests of `npm run bench` must sit exactly at each limit (allowed) and one above it (refused),
// or the bench would guard nothing: these check the requests' shapes against the limits they are built from.
const names = {
  hub: 'bench-hub-provider',
  hubConsumers: Array.from({ length: 150 }, (_, i) => `bench-consumer-${String(i + 1).padStart(3, '0')}`),
  pacticipants: Array.from({ length: 200 }, (_, i) => `bench-consumer-${String(i + 1).padStart(3, '0')}`),
  versionsOwner: 'bench-consumer-001',
  runId: 'test',
};
const small: Limits = { ...DEFAULT_LIMITS, bodyBytes: 300_000, interactionsPerPact: 200, tagsPerRequest: 7, selectorsPerRequest: 9, contractsPerPublish: 5, jsonDepth: 12, historyVersions: 20 };

type Publish = { tags?: string[]; branch?: string; contracts: Array<{ content: string }> };
const caseOf = (cases: NoisyCase[], key: string) => {
  const found = cases.find((c) => c.key === key);
  if (!found) throw new Error(`no case ${key}`);
  return found;
};
const publishOf = (c: NoisyCase) => JSON.parse(c.body!) as Publish;
const decoded = (content: string) => JSON.parse(Buffer.from(content, 'base64').toString('utf8')) as { interactions: unknown[] };
const query = (c: NoisyCase) => parseNestedQuery(c.path.slice(c.path.indexOf('?') + 1));

describe.each([
  ['default limits', DEFAULT_LIMITS],
  ['small limits', small],
])('noisy plan with %s', (_label, limits) => {
  const { cases, setup } = noisyPlan(limits, names, new Date('2026-01-01T00:00:00Z'));
  const at = (key: string) => caseOf(cases, key);

  it('has an allowed and a refused request for every limit that refuses requests', () => {
    for (const limit of ['bodyBytes', 'nameLength', 'tagsPerRequest', 'selectorsPerRequest', 'contractsPerPublish', 'interactionsPerPact', 'jsonDepth', 'pageSize', 'pageNumber']) {
      expect(cases.some((c) => c.limit === limit && c.side === 'over'), limit).toBe(true);
    }
    for (const limit of ['bodyBytes', 'tagsPerRequest', 'selectorsPerRequest', 'contractsPerPublish', 'interactionsPerPact', 'jsonDepth', 'pageSize', 'pageNumber', 'diffChars', 'historyVersions']) {
      expect(cases.some((c) => c.limit === limit && c.side === 'at'), limit).toBe(true);
    }
    for (const c of cases) expect(c.expect.every((s) => (c.side === 'over' ? s === 400 || s === 413 : s < 300 || s === 409)), c.key).toBe(true);
  });

  it('keeps every allowed body within bodyBytes and sends bodyBytes + 1 for the refused one', () => {
    for (const c of cases.filter((x) => x.body !== undefined && x.key !== 'putBodyOver')) {
      expect(Buffer.byteLength(c.body!.replaceAll('{{n}}', 'm999-99999')), c.key).toBeLessThanOrEqual(limits.bodyBytes);
    }
    expect(Buffer.byteLength(at('putBodyOver').body!)).toBe(limits.bodyBytes + 1);
    for (const request of setup) expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(limits.bodyBytes);
  });

  it('puts tags, names and contracts at the limit and one above', () => {
    const tags = publishOf(at('publishTags'));
    expect(tags.tags).toHaveLength(limits.tagsPerRequest);
    expect(new Set(tags.tags).size).toBe(limits.tagsPerRequest);
    for (const tag of tags.tags!) expect(tag).toHaveLength(limits.nameLength);
    expect(tags.branch).toHaveLength(limits.nameLength);
    expect(publishOf(at('publishTagsOver')).tags).toHaveLength(limits.tagsPerRequest + 1);
    expect(publishOf(at('publishNameOver')).tags![0]).toHaveLength(limits.nameLength + 1);
    expect(publishOf(at('publishContracts')).contracts).toHaveLength(limits.contractsPerPublish);
    expect(publishOf(at('publishContractsOver')).contracts).toHaveLength(limits.contractsPerPublish + 1);
  });

  it('builds pacts with interactionsPerPact interactions (one more when refused) and a conflicting pair that differs everywhere', () => {
    const put = JSON.parse(at('putBigPact').body!) as { interactions: unknown[] };
    expect(put.interactions).toHaveLength(limits.interactionsPerPact);
    expect(Buffer.byteLength(at('putBigPact').body!)).toBeGreaterThan(limits.bodyBytes * 0.95);
    expect(decoded(publishOf(at('publishBigPact')).contracts[0]!.content).interactions).toHaveLength(limits.interactionsPerPact);
    expect(Buffer.byteLength(at('publishBigPact').body!)).toBeGreaterThan(limits.bodyBytes * 0.95);
    expect((JSON.parse(at('putInteractionsOver').body!) as { interactions: unknown[] }).interactions).toHaveLength(limits.interactionsPerPact + 1);

    const base = JSON.parse(setup.find((s) => s.path.endsWith('/version/noisy-conflict-base'))!.body) as { interactions: unknown[] };
    const conflicting = JSON.parse(at('putConflict').body!) as { interactions: unknown[] };
    expect(at('putConflict').path.endsWith('/version/noisy-conflict-base')).toBe(true);
    expect(conflicting.interactions).toHaveLength(base.interactions.length);
    conflicting.interactions.forEach((interaction, i) => expect(JSON.stringify(interaction)).not.toBe(JSON.stringify(base.interactions[i])));
    const next = setup.find((s) => s.path.endsWith('/version/noisy-diff-next'))!;
    expect(next.body).toBe(at('putConflict').body);
    expect(at('diffPreviousDistinct').path).toContain('/version/noisy-diff-next/diff/previous-distinct');
  });

  it('nests pacts jsonDepth levels deep (one more when refused), counted as the stored-JSON check counts them', () => {
    const deep = JSON.parse(at('putDeepPact').body!) as unknown;
    const deeper = JSON.parse(at('putDeepOver').body!) as unknown;
    expect(jsonDepth(deep)).toBe(limits.jsonDepth);
    expect(jsonDepth(deeper)).toBe(limits.jsonDepth + 1);
    expect(storableJsonProblems(deep, limits)).toEqual([]);
    expect(storableJsonProblems(deeper, limits)).not.toEqual([]);
    expect(jsonDepth(decoded(publishOf(at('publishDeepPact')).contracts[0]!.content))).toBe(limits.jsonDepth);
    expect(jsonDepth(decoded(publishOf(at('publishDeepOver')).contracts[0]!.content))).toBe(limits.jsonDepth + 1);
  });

  it('sends selectorsPerRequest distinct selectors and tagsPerRequest provider tags (one more when refused), in both forms', () => {
    type Body = { consumerVersionSelectors: unknown[]; providerVersionTags: string[] };
    const body = JSON.parse(at('forVerification').body!) as Body;
    expect(body.consumerVersionSelectors).toHaveLength(limits.selectorsPerRequest);
    expect(new Set(body.consumerVersionSelectors.map((s) => JSON.stringify(s))).size).toBe(limits.selectorsPerRequest);
    expect(body.providerVersionTags).toHaveLength(limits.tagsPerRequest);
    expect((JSON.parse(at('forVerificationSelectorsOver').body!) as Body).consumerVersionSelectors).toHaveLength(limits.selectorsPerRequest + 1);
    expect((JSON.parse(at('forVerificationTagsOver').body!) as Body).providerVersionTags).toHaveLength(limits.tagsPerRequest + 1);

    const get = query(at('forVerificationGet'));
    expect(get.consumer_version_selectors).toHaveLength(limits.selectorsPerRequest);
    expect(get.provider_version_tags).toHaveLength(limits.tagsPerRequest);
    expect(query(at('forVerificationGetOver')).consumer_version_selectors).toHaveLength(limits.selectorsPerRequest + 1);
    expect(query(at('matrix')).q).toHaveLength(limits.selectorsPerRequest);
    expect(query(at('matrixOver')).q).toHaveLength(limits.selectorsPerRequest + 1);
    // Node refuses request heads over 16 KiB (431) before Treaty sees them.
    for (const c of cases.filter((x) => x.method === 'GET')) expect(c.path.length, c.key).toBeLessThan(16_000);
  });

  it('pages at pageSize and pageNumber and one above, and tags more versions than a selector without latest stands for', () => {
    expect(query(at('versionsPage')).pageSize).toBe(String(limits.pageSize));
    expect(query(at('versionsLastPage')).pageNumber).toBe(String(limits.pageNumber));
    expect(query(at('versionsPageSizeOver')).pageSize).toBe(String(limits.pageSize + 1));
    expect(query(at('versionsPageNumberOver')).pageNumber).toBe(String(limits.pageNumber + 1));
    const history = setup.filter((s) => s.method === 'POST');
    expect(history).toHaveLength(limits.historyVersions + 1);
    expect(new Set(history.map((s) => (JSON.parse(s.body) as { pacticipantVersionNumber: string }).pacticipantVersionNumber)).size).toBe(limits.historyVersions + 1);
    expect(new Set(history.map((s) => (JSON.parse(s.body) as Publish).contracts[0]!.content)).size).toBe(limits.historyVersions + 1);
  });
});
