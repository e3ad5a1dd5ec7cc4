// The noisy-neighbour requests (bench/noisy.ts runs them): for each request limit in src/shared/limits.ts the worst
// request it still allows (at the limit) and the smallest one it refuses (just above). Pure: built from the limits and
// the names of the seeded store, so a different TREATY_MAX_* setting moves every request with it.
import type { LimitName, Limits } from '../src/shared/limits.js';
import type { Json, PactDocument } from '../src/pacts/pact-content.js';
import { jsonDepth } from '../src/shared/json.js';
import { base64Json } from './pacts.js';

/** Replaced per request by the load worker (a new version number each time); see LoadRequest 'template'. */
export const N = '{{n}}';

export interface NoisyCase {
  key: string;
  /** What the request is, for the report. */
  name: string;
  limit: LimitName;
  /** at: the worst request the limit allows; over: just above it (must be refused, cheaply). */
  side: 'at' | 'over';
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
  /** The statuses the request must get: allowed 2xx (409 for a conflicting republish), refused 400 / 413. */
  expect: number[];
  /** Responses larger than this fail the run (the bounded diffs). */
  maxResponseBytes?: number;
}

/** A request that builds the data a case needs, sent once before the cases run. */
export interface SetupRequest {
  method: 'POST' | 'PUT';
  path: string;
  body: string;
  expect: number[];
}

export interface NoisyPlan {
  setup: SetupRequest[];
  cases: NoisyCase[];
}

export interface NoisyNames {
  /** The provider whose pacts-for-verification is asked for (the seed's hub). */
  hub: string;
  /** Consumers with pacts with the hub (selectors name them). */
  hubConsumers: string[];
  /** Every seeded pacticipant (the matrix's q[] selectors name them). */
  pacticipants: string[];
  /** The pacticipant with the most versions (the list endpoints page through its versions). */
  versionsOwner: string;
  /** Distinguishes this run's noisy pacticipants and version numbers. */
  runId: string;
}

const enc = encodeURIComponent;
const STATUS_OK = [200, 201];
const REFUSED = [400];
/** JSON.stringify of a diff line-heavy text doubles at most (escapes); plus the problem document around it. */
const diffBytes = (limits: Limits) => 2 * limits.diffChars + 16_384;

/** A name exactly `length` characters long, starting with `prefix`. */
export function nameOfLength(prefix: string, length: number): string {
  return prefix.length >= length ? prefix.slice(0, length) : prefix + 'x'.repeat(length - prefix.length);
}

/** `levels` nested containers (objects and arrays alternating), the innermost holding a string. */
function nested(levels: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { [`level${levels - i}`]: value } : [value];
  return value;
}

function interaction(i: number, variant: number, padding: string, body?: Json): Json {
  return {
    description: `noisy interaction ${i}`,
    providerState: `noisy thing ${i} exists`,
    request: { method: 'GET', path: `/noisy/${i}` },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: body ?? { id: i, revision: variant, padding } },
  };
}

/**
 * A pact with `interactions` interactions whose JSON is `bytes` long (exactly, when `exact`; else at most), each
 * interaction padded alike; `variant` changes every interaction (a conflicting republish differs everywhere).
 */
export function paddedPact(consumer: string, provider: string, interactions: number, bytes: number, options: { variant?: number; exact?: boolean } = {}): PactDocument {
  const variant = options.variant ?? 0;
  const char = variant % 2 === 0 ? 'x' : 'y';
  const build = (pad: number, extra = 0) => ({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: Array.from({ length: interactions }, (_, i) => interaction(i, variant, char.repeat(pad + (i === 0 ? extra : 0)))),
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
  const bare = JSON.stringify(build(0)).length;
  if (bare > bytes) {
    throw new Error(`${interactions} interactions need ${bare} bytes, more than ${bytes}: raise bodyBytes or lower interactionsPerPact`);
  }
  const pad = Math.floor((bytes - bare) / interactions);
  const extra = options.exact ? bytes - bare - pad * interactions : 0;
  const doc = build(pad, extra);
  if (options.exact && JSON.stringify(doc).length !== bytes) throw new Error('paddedPact: size arithmetic is off');
  return doc;
}

/** A pact nested exactly `levels` deep (the document root counting as one). */
export function deepPact(consumer: string, provider: string, levels: number): PactDocument {
  // root → interactions[] → interaction → response → body: the body holds levels - 4 containers.
  const doc = {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [interaction(0, 0, '', nested(levels - 4))],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
  if (jsonDepth(doc) !== levels) throw new Error(`deepPact: built ${jsonDepth(doc)} levels, wanted ${levels}`);
  return doc;
}

const publishBody = (
  consumer: string,
  version: string,
  contracts: Array<{ provider: string; content: string }>,
  extra: { branch?: string; tags?: string[] } = {},
) =>
  JSON.stringify({
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    ...extra,
    contracts: contracts.map((c) => ({
      consumerName: consumer,
      providerName: c.provider,
      specification: 'pact',
      contentType: 'application/json',
      content: c.content,
    })),
  });

const smallPact = (consumer: string, provider: string, variant = 0): PactDocument => paddedPact(consumer, provider, 1, 600, { variant });

/** Largest pact JSON whose Base64 in a publish body (with `overhead` bytes around it) stays within `bodyBytes`. */
const base64Budget = (bodyBytes: number, overhead: number) => Math.floor(((bodyBytes - overhead) * 3) / 4) - 3;

/** The date a year before `now`, for includeWipPactsSince. */
const yearAgo = (now: Date) => new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);

export function noisyPlan(limits: Limits, names: NoisyNames, now = new Date()): NoisyPlan {
  const run = names.runId;
  const consumer = `noisy-consumer-${run}`;
  const bigProvider = `noisy-big-provider-${run}`;
  const historyConsumer = `noisy-history-${run}`;
  const historyTag = `noisy-history-${run}`;
  const pactPath = (c: string, p: string, version: string) => `/pacts/provider/${enc(p)}/consumer/${enc(c)}/version/${version}`;
  const version = `noisy-${N}`;
  const providers = (count: number) => Array.from({ length: count }, (_, i) => `noisy-provider-${run}-${i + 1}`);
  const tags = (count: number, length: number) => Array.from({ length: count }, (_, i) => nameOfLength(`noisy-tag-${i + 1}-`, length));
  const longName = (prefix: string) => nameOfLength(prefix, limits.nameLength);

  // The biggest pact a body allows with the most interactions: PUT sends it as is, a publish in Base64.
  const putBytes = limits.bodyBytes - 64;
  const bigA = paddedPact(consumer, bigProvider, limits.interactionsPerPact, putBytes, { variant: 0 });
  const bigB = paddedPact(consumer, bigProvider, limits.interactionsPerPact, putBytes, { variant: 1 });
  const bigPut = (doc: PactDocument) => JSON.stringify(doc);
  const publishOverhead = publishBody(consumer, `noisy-${run}-0000000000`, [{ provider: bigProvider, content: '' }]).length + 64;
  const bigForPublish = paddedPact(consumer, `${bigProvider}-publish`, limits.interactionsPerPact, base64Budget(limits.bodyBytes, publishOverhead));

  // pacts-for-verification: selectors that each stand for something different (bounded histories, heads, deployments).
  const selector = (i: number): Record<string, string | boolean> => {
    const c = names.hubConsumers[i % names.hubConsumers.length]!;
    const round = Math.floor(i / names.hubConsumers.length);
    switch (round % 4) {
      case 0:
        return { consumer: c, tag: 'test' };
      case 1:
        return { consumer: c, branch: 'main' };
      case 2:
        return { consumer: c, tag: 'prod', latest: true };
      default:
        return { consumer: c, deployedOrReleased: true };
    }
  };
  const selectors = (count: number) => Array.from({ length: count }, (_, i) => selector(i));
  const forVerificationPath = `/pacts/provider/${enc(names.hub)}/for-verification`;
  const forVerificationBody = (selectorCount: number, tagCount: number) =>
    JSON.stringify({
      consumerVersionSelectors: selectors(selectorCount),
      providerVersionTags: tags(tagCount, limits.nameLength),
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: yearAgo(now),
    });
  // The deprecated GET form: snake_case nested parameters; short provider tags so the URL stays under Node's 16 KiB.
  const snake: Record<string, string> = { deployedOrReleased: 'deployed_or_released' };
  const forVerificationQuery = (selectorCount: number, tagCount: number) =>
    [
      ...selectors(selectorCount).flatMap((s) =>
        Object.entries(s).map(([k, v]) => `consumer_version_selectors[][${snake[k] ?? k}]=${enc(String(v))}`),
      ),
      ...Array.from({ length: tagCount }, (_, i) => `provider_version_tags[]=pt${i + 1}`),
      'provider_version_branch=main',
      'include_pending_status=true',
      `include_wip_pacts_since=${yearAgo(now)}`,
    ].join('&');
  const matrixQuery = (count: number) =>
    [
      ...Array.from({ length: count }, (_, i) => `q[][pacticipant]=${enc(names.pacticipants[i % names.pacticipants.length]!)}&q[][latest]=true`),
      'latestby=cvpv',
    ].join('&');
  const versionsPath = `/pacticipants/${enc(names.versionsOwner)}/versions`;
  const tinyPact = (interactions: number) => paddedPact(consumer, bigProvider, interactions, 300 * interactions + 1000);

  const cases: NoisyCase[] = [
    // --- tags, names ---
    {
      key: 'publishTags',
      name: `publish, new version, ${limits.tagsPerRequest} tags and a branch of ${limits.nameLength} characters`,
      limit: 'tagsPerRequest',
      side: 'at',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, [{ provider: bigProvider, content: base64Json(smallPact(consumer, bigProvider)) }], {
        branch: longName('noisy-branch-'),
        tags: tags(limits.tagsPerRequest, limits.nameLength),
      }),
      expect: STATUS_OK,
    },
    {
      key: 'publishTagsOver',
      name: `publish with ${limits.tagsPerRequest + 1} tags`,
      limit: 'tagsPerRequest',
      side: 'over',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, [{ provider: bigProvider, content: base64Json(smallPact(consumer, bigProvider)) }], {
        tags: tags(limits.tagsPerRequest + 1, 16),
      }),
      expect: REFUSED,
    },
    {
      key: 'publishNameOver',
      name: `publish with a tag of ${limits.nameLength + 1} characters`,
      limit: 'nameLength',
      side: 'over',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, [{ provider: bigProvider, content: base64Json(smallPact(consumer, bigProvider)) }], {
        tags: [nameOfLength('noisy-long-tag-', limits.nameLength + 1)],
      }),
      expect: REFUSED,
    },
    // --- contracts per publish ---
    {
      key: 'publishContracts',
      name: `publish, new version, ${limits.contractsPerPublish} contracts`,
      limit: 'contractsPerPublish',
      side: 'at',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, providers(limits.contractsPerPublish).map((p) => ({ provider: p, content: base64Json(smallPact(consumer, p)) }))),
      expect: STATUS_OK,
    },
    {
      key: 'publishContractsOver',
      name: `publish with ${limits.contractsPerPublish + 1} contracts`,
      limit: 'contractsPerPublish',
      side: 'over',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, providers(limits.contractsPerPublish + 1).map((p) => ({ provider: p, content: base64Json(smallPact(consumer, p)) }))),
      expect: REFUSED,
    },
    // --- interactions, body size ---
    {
      key: 'putBigPact',
      name: `PUT pact, new version, ${limits.interactionsPerPact} interactions in ${kib(putBytes)}`,
      limit: 'interactionsPerPact',
      side: 'at',
      method: 'PUT',
      path: pactPath(consumer, `${bigProvider}-put`, version),
      body: bigPut(paddedPact(consumer, `${bigProvider}-put`, limits.interactionsPerPact, putBytes)),
      expect: STATUS_OK,
    },
    {
      key: 'publishBigPact',
      name: `publish, new version, ${limits.interactionsPerPact} interactions in ${kib(JSON.stringify(bigForPublish).length)} (Base64 body near bodyBytes)`,
      limit: 'bodyBytes',
      side: 'at',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, [{ provider: `${bigProvider}-publish`, content: base64Json(bigForPublish) }]),
      expect: STATUS_OK,
    },
    {
      key: 'putInteractionsOver',
      name: `PUT pact with ${limits.interactionsPerPact + 1} small interactions`,
      limit: 'interactionsPerPact',
      side: 'over',
      method: 'PUT',
      path: pactPath(consumer, bigProvider, version),
      body: bigPut(tinyPact(limits.interactionsPerPact + 1)),
      expect: REFUSED,
    },
    {
      key: 'putBodyOver',
      name: `PUT pact of ${limits.bodyBytes + 1} bytes`,
      limit: 'bodyBytes',
      side: 'over',
      method: 'PUT',
      path: pactPath(consumer, bigProvider, version),
      body: bigPut(paddedPact(consumer, bigProvider, 1, limits.bodyBytes + 1, { exact: true })),
      expect: [413],
    },
    // --- diffs ---
    {
      key: 'putConflict',
      name: `PUT conflicting republish, ${limits.interactionsPerPact} interactions all changed (409 with a diff)`,
      limit: 'diffChars',
      side: 'at',
      method: 'PUT',
      path: pactPath(consumer, bigProvider, 'noisy-conflict-base'),
      body: bigPut(bigB),
      expect: [409],
      maxResponseBytes: diffBytes(limits),
    },
    {
      key: 'diffPreviousDistinct',
      name: `GET diff/previous-distinct of two ${limits.interactionsPerPact}-interaction pacts, all changed`,
      limit: 'diffChars',
      side: 'at',
      method: 'GET',
      path: `${pactPath(consumer, bigProvider, 'noisy-diff-next')}/diff/previous-distinct`,
      expect: [200],
      maxResponseBytes: diffBytes(limits),
    },
    // --- JSON depth ---
    {
      key: 'putDeepPact',
      name: `PUT pact, new version, ${limits.jsonDepth} levels deep`,
      limit: 'jsonDepth',
      side: 'at',
      method: 'PUT',
      path: pactPath(consumer, `${bigProvider}-deep`, version),
      body: JSON.stringify(deepPact(consumer, `${bigProvider}-deep`, limits.jsonDepth)),
      expect: STATUS_OK,
    },
    {
      key: 'publishDeepPact',
      name: `publish, new version, a pact ${limits.jsonDepth} levels deep`,
      limit: 'jsonDepth',
      side: 'at',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, [{ provider: `${bigProvider}-deep`, content: base64Json(deepPact(consumer, `${bigProvider}-deep`, limits.jsonDepth)) }]),
      expect: STATUS_OK,
    },
    {
      key: 'putDeepOver',
      name: `PUT pact ${limits.jsonDepth + 1} levels deep`,
      limit: 'jsonDepth',
      side: 'over',
      method: 'PUT',
      path: pactPath(consumer, `${bigProvider}-deep`, version),
      body: JSON.stringify(deepPact(consumer, `${bigProvider}-deep`, limits.jsonDepth + 1)),
      expect: REFUSED,
    },
    {
      key: 'publishDeepOver',
      name: `publish a pact ${limits.jsonDepth + 1} levels deep`,
      limit: 'jsonDepth',
      side: 'over',
      method: 'POST',
      path: '/contracts/publish',
      body: publishBody(consumer, version, [{ provider: `${bigProvider}-deep`, content: base64Json(deepPact(consumer, `${bigProvider}-deep`, limits.jsonDepth + 1)) }]),
      expect: REFUSED,
    },
    // --- selectors and provider tags ---
    {
      key: 'forVerification',
      name: `POST for-verification, ${limits.selectorsPerRequest} selectors, ${limits.tagsPerRequest} providerVersionTags, pending + WIP`,
      limit: 'selectorsPerRequest',
      side: 'at',
      method: 'POST',
      path: forVerificationPath,
      body: forVerificationBody(limits.selectorsPerRequest, limits.tagsPerRequest),
      expect: [200],
    },
    {
      key: 'forVerificationSelectorsOver',
      name: `POST for-verification with ${limits.selectorsPerRequest + 1} selectors`,
      limit: 'selectorsPerRequest',
      side: 'over',
      method: 'POST',
      path: forVerificationPath,
      body: forVerificationBody(limits.selectorsPerRequest + 1, 1),
      expect: REFUSED,
    },
    {
      key: 'forVerificationTagsOver',
      name: `POST for-verification with ${limits.tagsPerRequest + 1} providerVersionTags`,
      limit: 'tagsPerRequest',
      side: 'over',
      method: 'POST',
      path: forVerificationPath,
      body: forVerificationBody(1, limits.tagsPerRequest + 1),
      expect: REFUSED,
    },
    {
      key: 'forVerificationGet',
      name: `GET for-verification, ${limits.selectorsPerRequest} selectors, ${limits.tagsPerRequest} provider_version_tags`,
      limit: 'selectorsPerRequest',
      side: 'at',
      method: 'GET',
      path: `${forVerificationPath}?${forVerificationQuery(limits.selectorsPerRequest, limits.tagsPerRequest)}`,
      expect: [200],
    },
    {
      key: 'forVerificationGetOver',
      name: `GET for-verification with ${limits.selectorsPerRequest + 1} selectors`,
      limit: 'selectorsPerRequest',
      side: 'over',
      method: 'GET',
      path: `${forVerificationPath}?${forVerificationQuery(limits.selectorsPerRequest + 1, 1)}`,
      expect: REFUSED,
    },
    {
      key: 'forVerificationHistory',
      name: `POST for-verification {tag, latest: false} over ${limits.historyVersions + 1} tagged versions`,
      limit: 'historyVersions',
      side: 'at',
      method: 'POST',
      path: forVerificationPath,
      body: JSON.stringify({ consumerVersionSelectors: [{ tag: historyTag, latest: false }], includePendingStatus: true }),
      expect: [200],
    },
    {
      key: 'matrix',
      name: `GET /matrix, ${limits.selectorsPerRequest} q[] selectors (latest of each)`,
      limit: 'selectorsPerRequest',
      side: 'at',
      method: 'GET',
      path: `/matrix?${matrixQuery(limits.selectorsPerRequest)}`,
      expect: [200],
    },
    {
      key: 'matrixOver',
      name: `GET /matrix with ${limits.selectorsPerRequest + 1} q[] selectors`,
      limit: 'selectorsPerRequest',
      side: 'over',
      method: 'GET',
      path: `/matrix?${matrixQuery(limits.selectorsPerRequest + 1)}`,
      expect: REFUSED,
    },
    // --- pages ---
    {
      key: 'versionsPage',
      name: `GET versions, pageSize ${limits.pageSize}`,
      limit: 'pageSize',
      side: 'at',
      method: 'GET',
      path: `${versionsPath}?pageSize=${limits.pageSize}`,
      expect: [200],
    },
    {
      key: 'versionsLastPage',
      name: `GET versions, pageSize ${limits.pageSize}, pageNumber ${limits.pageNumber}`,
      limit: 'pageNumber',
      side: 'at',
      method: 'GET',
      path: `${versionsPath}?pageSize=${limits.pageSize}&pageNumber=${limits.pageNumber}`,
      expect: [200],
    },
    {
      key: 'versionsPageSizeOver',
      name: `GET versions, pageSize ${limits.pageSize + 1}`,
      limit: 'pageSize',
      side: 'over',
      method: 'GET',
      path: `${versionsPath}?pageSize=${limits.pageSize + 1}`,
      expect: REFUSED,
    },
    {
      key: 'versionsPageNumberOver',
      name: `GET versions, pageNumber ${limits.pageNumber + 1}`,
      limit: 'pageNumber',
      side: 'over',
      method: 'GET',
      path: `${versionsPath}?pageNumber=${limits.pageNumber + 1}`,
      expect: REFUSED,
    },
  ];

  // The data the cases need: a big pact to conflict with and a big pair to diff, and a tag on more versions (each
  // with its own pact with the hub) than a selector without `latest` stands for.
  const setup: SetupRequest[] = [
    { method: 'PUT', path: pactPath(consumer, bigProvider, 'noisy-conflict-base'), body: bigPut(bigA), expect: [201] },
    { method: 'PUT', path: pactPath(consumer, bigProvider, 'noisy-diff-next'), body: bigPut(bigB), expect: [201] },
    ...Array.from({ length: limits.historyVersions + 1 }, (_, i) => ({
      method: 'POST' as const,
      path: '/contracts/publish',
      body: publishBody(historyConsumer, `noisy-history-${i + 1}`, [{ provider: names.hub, content: base64Json(smallPact(historyConsumer, names.hub, i)) }], {
        tags: [historyTag],
      }),
      expect: STATUS_OK,
    })),
  ];
  return { setup, cases };
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}
