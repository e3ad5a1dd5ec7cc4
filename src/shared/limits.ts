// The one table of request limits. Every list, name, document and page a request can carry is bounded here, so no
// single request can make the broker do unbounded work for everyone else. Each limit is configurable by its
// environment variable (config.ts reads them) and listed in the README; a violation is a 400 naming the limit, the
// variable that raises it and the value that was sent.
import { validationError } from './errors.js';

export interface Limits {
  /** Request body size in bytes (Fastify answers 413 above it). */
  readonly bodyBytes: number;
  /** Characters in a pacticipant name, version number, branch, tag, label or environment name. */
  readonly nameLength: number;
  /** Tags in one request (publish, pacts-for-verification's providerVersionTags). */
  readonly tagsPerRequest: number;
  /** Consumer version selectors in pacts-for-verification; pacticipant selectors (`q[]`) in a matrix query. */
  readonly selectorsPerRequest: number;
  /** Contracts in one POST /contracts/publish. */
  readonly contractsPerPublish: number;
  /** Interactions plus messages in one pact document. */
  readonly interactionsPerPact: number;
  /** Nesting depth of stored JSON (pacts, test results, metadata, contact details). */
  readonly jsonDepth: number;
  /** Items in one page of a list. */
  readonly pageSize: number;
  /** Highest page number a list accepts. */
  readonly pageNumber: number;
  /** Characters of a pact diff shown in a conflict or a diff resource; longer diffs are cut with a note. */
  readonly diffChars: number;
  /** Versions one tag or branch selector without `latest` stands for (the newest ones). */
  readonly historyVersions: number;
}

export interface LimitSetting {
  /** Environment variable that sets it. */
  readonly variable: string;
  readonly default: number;
  /** Smallest value that still lets the official clients work. */
  readonly minimum: number;
  /** What is counted, for messages and the README. */
  readonly counts: string;
}

export const LIMIT_SETTINGS: { readonly [K in keyof Limits]: LimitSetting } = {
  bodyBytes: { variable: 'TREATY_BODY_LIMIT_BYTES', default: 10 * 1024 * 1024, minimum: 1024, counts: 'bytes in a request body' },
  nameLength: { variable: 'TREATY_MAX_NAME_LENGTH', default: 255, minimum: 16, counts: 'characters in a name, version number, branch, tag, label or environment name' },
  tagsPerRequest: { variable: 'TREATY_MAX_TAGS_PER_REQUEST', default: 100, minimum: 1, counts: 'tags in one request' },
  selectorsPerRequest: { variable: 'TREATY_MAX_SELECTORS_PER_REQUEST', default: 100, minimum: 1, counts: 'selectors in one request' },
  contractsPerPublish: { variable: 'TREATY_MAX_CONTRACTS_PER_PUBLISH', default: 100, minimum: 1, counts: 'contracts in one publish' },
  interactionsPerPact: { variable: 'TREATY_MAX_INTERACTIONS_PER_PACT', default: 5000, minimum: 1, counts: 'interactions and messages in one pact' },
  jsonDepth: { variable: 'TREATY_MAX_JSON_DEPTH', default: 100, minimum: 8, counts: 'levels of nesting in a JSON document' },
  pageSize: { variable: 'TREATY_MAX_PAGE_SIZE', default: 1000, minimum: 1, counts: 'items in one page' },
  pageNumber: { variable: 'TREATY_MAX_PAGE_NUMBER', default: 100_000, minimum: 1, counts: 'the page number of a list' },
  diffChars: { variable: 'TREATY_MAX_DIFF_CHARS', default: 200_000, minimum: 1000, counts: 'characters in a pact diff' },
  historyVersions: { variable: 'TREATY_MAX_HISTORY_VERSIONS', default: 1000, minimum: 1, counts: 'versions a selector without latest stands for' },
};

export type LimitName = keyof Limits;

export const DEFAULT_LIMITS: Limits = Object.freeze(
  Object.fromEntries(Object.entries(LIMIT_SETTINGS).map(([key, setting]) => [key, setting.default])) as unknown as Limits,
);

/**
 * The problem with `actual` under the limit, as a field message ("has 20000 tags, more than the limit of 100 (raise
 * it with TREATY_MAX_TAGS_PER_REQUEST)"); undefined when it is within the limit.
 */
export function limitProblem<N extends LimitName>(limits: Pick<Limits, N>, name: N, actual: number, what?: string): string | undefined {
  const limit = limits[name];
  if (actual <= limit) return undefined;
  const setting = LIMIT_SETTINGS[name];
  return `has ${actual} ${what ?? setting.counts}, more than the limit of ${limit} (${name}; set by ${setting.variable})`;
}

/** Throws a validation error for `field` when `actual` exceeds the limit. */
export function checkLimit(limits: Limits, name: LimitName, field: string, actual: number, what?: string): void {
  const problem = limitProblem(limits, name, actual, what);
  if (problem) throw validationError({ [field]: [problem] }, `${field} ${problem}`);
}
