// Deploy gates: resolve the selectors to version ids (one round trip per selector kind), find the integrations
// involved, read the pact and verification facts for exactly those ids, then build rows and decide (pure).
import type { NestedValue } from '../http/nested-query.js';
import { DomainError, notFound, validationError, type FieldErrors } from '../shared/errors.js';
import { groupBy, unique } from '../shared/collections.js';
import type { Limits } from '../shared/limits.js';
import { buildRows } from './build-rows.js';
import { decide } from './decide.js';
import type { MatrixRepository, NumberLookup, PacticipantRef, VersionLookup, VersionPresentation } from './matrix.repository.js';
import { parseCanIDeployQuery, parseMatrixQuery } from './matrix-query.js';
import type { Decision, Integration, MatrixFacts, MatrixQuery, PactFact, ResolvedIgnore, ResolvedSelector, Target, UnresolvedSelector, VerificationFact, VersionRef } from './matrix.types.js';

/** Rows listed for "any version" sides (a name-only question): the newest first, so the answer stays bounded. */
const ANY_VERSION_ROWS = 100;
/** Up to this many resolved versions are presented in parallel with reading the facts (most of them show in rows). */
const PRESENT_AHEAD = 1000;

export interface MatrixResult {
  query: MatrixQuery;
  decision: Decision;
  /** The rows to list (all of them unless the query set a limit). */
  rows: Decision['rows'];
  versions: Map<number, VersionPresentation>;
}

type ErrorStyle = 'list' | 'fields';

/** `limits`: selectorsPerRequest and pageSize bound the query forms; historyVersions bounds selectors without latest. */
export function createMatrixService({ matrixRepo, limits }: { matrixRepo: MatrixRepository; limits: Limits }) {
  async function evaluate(query: MatrixQuery, style: ErrorStyle): Promise<MatrixResult> {
    // 1. The names, and (in the same round trip) the versions given by number; then the other selectors, one
    //    query per kind. Ignore selectors with a version share the keys after the specified ones.
    const ignoreBase = query.selectors.length;
    const byNumber = [
      ...query.selectors.flatMap((s, key) => (s.version === undefined ? [] : [{ key, pacticipant: s.pacticipant, number: s.version }])),
      ...query.ignore.flatMap((i, n) => (i.version === undefined ? [] : [{ key: ignoreBase + n, pacticipant: i.pacticipant, number: i.version }])),
    ];
    const { pacticipants, environments, numbered } = await lookUpNames(query, style, byNumber);
    const byName = new Map(pacticipants.map((p) => [p.name, p]));
    const lookups: VersionLookup[] = [];
    const specified = query.selectors.map((selector, key) => {
      const p = byName.get(selector.pacticipant)!;
      return resolvedShell(p, selector, 'specified', lookups, key, environments);
    });
    const found = await matrixRepo.resolveVersions(lookups, limits.historyVersions);
    const versionsFor = (key: number) => found.get(key) ?? (numbered.has(key) ? [numbered.get(key)!] : []);
    for (const [key, s] of specified.entries()) if (!s.anyVersion) s.versions = versionsFor(key);
    const ignores: ResolvedIgnore[] = query.ignore.map((selector, i) => {
      const p = byName.get(selector.pacticipant);
      return { selector, ...(p ? { pacticipantId: p.id } : {}), exists: Boolean(p) && (selector.version === undefined || numbered.has(ignoreBase + i)) };
    });

    // 2. The integrations involved, and 3. selectors for every other pacticipant in them, from the target.
    const { integrations, ownPacts, specifiedIds, pacticipantsById, inEnvironment } = await findIntegrations(query, specified, pacticipants, environments);
    const inferred = await inferSelectors(query, specifiedIds, integrations, pacticipantsById, environments, inEnvironment);

    // 4. The facts: pacts of the other side's consumer versions with the specified providers, then the
    //    verifications of all those pacts by the provider versions in scope.
    const selectors = [...specified, ...inferred];
    // The versions already known are presented while the facts are read; any others the rows show, afterwards.
    const known = unique(selectors.flatMap((s) => s.versions.map((v) => v.id)));
    const [facts, presented] = await Promise.all([
      readFacts(selectors, integrations, ownPacts, specifiedIds),
      query.limit === undefined && known.length <= PRESENT_AHEAD ? matrixRepo.presentation(known) : Promise.resolve(new Map<number, VersionPresentation>()),
    ]);
    const rows = buildRows({ integrations, selectors, facts, latestby: query.latestby });
    const decision = decide({ specified, inferred, integrations, rows, ignores, target: query.target });
    const listed = query.limit === undefined ? decision.rows : decision.rows.slice(0, query.limit);
    const shown = unique(listed.flatMap((r) => [r.consumerVersion.id, ...(r.providerVersion ? [r.providerVersion.id] : [])]));
    const missing = shown.filter((id) => !presented.has(id));
    const versions = missing.length ? new Map([...presented, ...(await matrixRepo.presentation(missing))]) : presented;
    return { query, decision, rows: listed, versions };
  }

  /**
   * A specified consumer version's own pacts give its providers (required); the integrations table gives the
   * consumers of a specified provider (not required: a provider need not wait for its consumers). With two or more
   * selectors and no target, only integrations between the specified pacticipants count. With an environment as the
   * target, the same statement reads the other pacticipants' versions in it (the inferred selectors' versions).
   */
  async function findIntegrations(query: MatrixQuery, specified: ResolvedSelector[], named: PacticipantRef[], environments: Map<string, number>) {
    const specifiedIds = new Set(specified.map((s) => s.pacticipantId));
    const involvingAny = query.target !== undefined || specified.length === 1;
    const anyVersionIds = unique(specified.filter((s) => s.anyVersion).map((s) => s.pacticipantId));
    const environmentId = query.target?.kind === 'environment' ? environments.get(query.target.environment) : undefined;
    const { pacts: ownPacts, integrations: table, pacticipants: partners, inEnvironment } = await matrixRepo.integrationFacts({
      consumerVersionIds: unique(specified.flatMap((s) => s.versions.map((v) => v.id))),
      ...(involvingAny ? {} : { providerIds: [...specifiedIds] }),
      asProvider: involvingAny ? [...specifiedIds] : [],
      asConsumer: anyVersionIds,
      ...(environmentId === undefined ? {} : { environmentId }),
    });
    const pairs = new Map<string, { consumerId: number; providerId: number; required: boolean }>();
    const addPair = (consumerId: number, providerId: number, required: boolean) => {
      if (consumerId === providerId) return;
      if (!involvingAny && !(specifiedIds.has(consumerId) && specifiedIds.has(providerId))) return;
      const k = `${consumerId}:${providerId}`;
      const existing = pairs.get(k);
      if (!existing || (required && !existing.required)) pairs.set(k, { consumerId, providerId, required });
    };
    for (const pact of ownPacts) addPair(pact.consumerId, pact.providerId, true);
    for (const i of table) addPair(i.consumerId, i.providerId, anyVersionIds.includes(i.consumerId));

    // Every pair has a specified side (named) and an other side (read with its pact or integration row).
    const pacticipantsById = new Map([...named, ...partners].map((p) => [p.id, p]));
    const integrations: Integration[] = [...pairs.values()].map((p) => ({
      ...p,
      consumerName: pacticipantsById.get(p.consumerId)!.name,
      providerName: pacticipantsById.get(p.providerId)!.name,
    }));
    return { integrations, ownPacts, specifiedIds, pacticipantsById, inEnvironment };
  }

  /**
   * A selector from the target for every integrated pacticipant not specified ("any version" without a target). The
   * versions already read with the integrations (`inEnvironment`, per pacticipant) are used when they cover every lookup.
   */
  async function inferSelectors(
    query: MatrixQuery,
    specifiedIds: Set<number>,
    integrations: Integration[],
    pacticipantsById: Map<number, PacticipantRef>,
    environments: Map<string, number>,
    inEnvironment: Map<number, VersionRef[]> | undefined,
  ): Promise<ResolvedSelector[]> {
    const others = unique(integrations.flatMap((i) => [i.consumerId, i.providerId]))
      .filter((id) => !specifiedIds.has(id))
      .map((id) => pacticipantsById.get(id)!);
    const lookups: VersionLookup[] = [];
    const inferred = others.map((p, key): ResolvedSelector =>
      query.target
        ? resolvedShell(p, selectorForTarget(p.name, query.target), 'inferred', lookups, key, environments)
        : { pacticipantId: p.id, pacticipantName: p.name, source: 'inferred', selector: { pacticipant: p.name }, versions: [], anyVersion: true, strict: false },
    );
    const environmentId = query.target?.kind === 'environment' ? environments.get(query.target.environment) : undefined;
    const read = inEnvironment && lookups.every((l) => l.kind === 'inEnvironment' && l.environmentId === environmentId && inEnvironment.has(l.pacticipantId));
    const found = read ? new Map(lookups.map((l) => [l.key, inEnvironment.get(l.pacticipantId)!])) : await matrixRepo.resolveVersions(lookups, limits.historyVersions);
    for (const [key, s] of inferred.entries()) if (!s.anyVersion) s.versions = found.get(key) ?? [];
    return inferred;
  }

  async function readFacts(selectors: ResolvedSelector[], integrations: Integration[], ownPacts: PactFact[], specifiedIds: Set<number>): Promise<MatrixFacts> {
    const byId = groupBy(selectors, (s) => s.pacticipantId);
    const scopes = (id: number) => byId.get(id) ?? [];
    const concrete = (id: number) => scopes(id).filter((s) => !s.anyVersion);

    // Inferred consumers (their versions in the target) of specified providers.
    const inferredConsumerVersions = unique(
      integrations.filter((i) => !specifiedIds.has(i.consumerId)).flatMap((i) => concrete(i.consumerId).flatMap((s) => s.versions.map((v) => v.id))),
    );
    // "Any version" consumers of a concrete provider: the pacts that provider's versions verified.
    const anyConsumers = integrations.filter((i) => scopes(i.consumerId).some((s) => s.anyVersion));
    const anyConsumerWithConcreteProvider = anyConsumers.filter((i) => concrete(i.providerId).length > 0);
    const anyBoth = anyConsumers.filter((i) => scopes(i.providerId).some((s) => s.anyVersion));
    const providerVersionsOf = (list: Integration[]) => unique(list.flatMap((i) => concrete(i.providerId).flatMap((s) => s.versions.map((v) => v.id))));
    const providerVersionRefs = (list: Integration[]) => [...new Map(list.flatMap((i) => concrete(i.providerId).flatMap((s) => s.versions.map((v) => [v.id, v] as const)))).values()];

    const anyProvider = new Set(integrations.filter((i) => scopes(i.providerId).some((s) => s.anyVersion)).map((i) => i.providerId));
    const concreteProviderVersions = providerVersionRefs(integrations);
    // The inferred consumers' pacts come with their verifications by the concrete provider versions (one statement).
    const [inferred, inferredAnyProvider, verifiedBy, wholeIntegrations] = await Promise.all([
      matrixRepo.pactsWithVerifications(inferredConsumerVersions, [...specifiedIds].filter((id) => !anyProvider.has(id)), concreteProviderVersions),
      matrixRepo.pactsOfConsumerVersions(inferredConsumerVersions, [...specifiedIds].filter((id) => anyProvider.has(id))),
      matrixRepo.pactsVerifiedBy(providerVersionsOf(anyConsumerWithConcreteProvider), unique(anyConsumerWithConcreteProvider.map((i) => i.consumerId)), ANY_VERSION_ROWS),
      matrixRepo.latestPactsOfIntegrations(anyBoth.map((i) => ({ consumerId: i.consumerId, providerId: i.providerId })), ANY_VERSION_ROWS),
    ]);
    const pacts = uniquePacts([...ownPacts, ...inferred.pacts, ...inferredAnyProvider, ...verifiedBy.pacts, ...wholeIntegrations.pacts]);

    const covered = new Set(inferred.pacts.map((p) => p.pactVersionId));
    const [scoped, anyVersion] = await Promise.all([
      matrixRepo.latestVerifications(unique(pacts.filter((p) => !anyProvider.has(p.providerId) && !covered.has(p.pactVersionId)).map((p) => p.pactVersionId)), concreteProviderVersions),
      matrixRepo.latestVerifications(unique(pacts.filter((p) => anyProvider.has(p.providerId)).map((p) => p.pactVersionId)), 'any'),
    ]);
    const verifications: VerificationFact[] = [...inferred.verifications, ...scoped, ...anyVersion];
    return { pacts, verifications, consumerVersions: [...verifiedBy.consumerVersions, ...wholeIntegrations.consumerVersions] };
  }

  /** Unknown pacticipants and environments are the caller's mistake: a 400 that names them. */
  async function lookUpNames(query: MatrixQuery, style: ErrorStyle, numbered: NumberLookup[]) {
    const envNames = unique([
      ...(query.target?.kind === 'environment' ? [query.target.environment] : []),
      ...query.selectors.flatMap((s) => (s.environment === undefined ? [] : [s.environment])),
    ]);
    const names = unique([...query.selectors.map((s) => s.pacticipant), ...query.ignore.map((i) => i.pacticipant)]);
    const { pacticipants, environments: environmentRows, versions } = await matrixRepo.lookUp(names, envNames, numbered);
    const known = new Set(pacticipants.map((p) => p.name));
    const environments = new Map(environmentRows.map((e) => [e.name, e.id]));
    const missingPacticipants = unique(query.selectors.map((s) => s.pacticipant).filter((n) => !known.has(n)));
    const missingEnvironments = envNames.filter((n) => !environments.has(n));
    if (missingPacticipants.length || missingEnvironments.length) {
      if (style === 'list') {
        const messages = [...missingPacticipants.map((n) => `Pacticipant ${n} not found`), ...missingEnvironments.map((n) => `Environment with name '${n}' does not exist`)];
        throw validationError(messages, messages.join('; '));
      }
      const fields: FieldErrors = {};
      if (missingPacticipants.length) fields.pacticipant = ['does not match an existing pacticipant'];
      if (missingEnvironments.length) fields.environment = missingEnvironments.map((n) => `with name '${n}' does not exist`);
      const detail = [...missingPacticipants.map((n) => `No pacticipant named '${n}'`), ...missingEnvironments.map((n) => `no environment named '${n}'`)].join('; ');
      throw validationError(fields, detail);
    }
    return { pacticipants, environments, numbered: versions };
  }

  return {
    /** GET /matrix. */
    async matrix(q: Record<string, NestedValue>): Promise<MatrixResult> {
      const parsed = parseMatrixQuery(q, limits);
      if (!parsed.ok) throw validationError(parsed.errors, parsed.errors.join('; '));
      return evaluate(parsed.query, 'list');
    },

    /** GET /can-i-deploy?pacticipant=&version=&environment=|to=. */
    async canIDeploy(q: Record<string, NestedValue>): Promise<MatrixResult> {
      const parsed = parseCanIDeployQuery(q, limits);
      if (!parsed.ok) throw validationError(parsed.errors, 'The can-i-deploy query is invalid');
      return evaluate(parsed.query, 'fields');
    },

    /** GET /pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{toTag}: 404 when no version has the tag. */
    async latestTaggedToTag(pacticipant: string, tag: string, toTag: string): Promise<MatrixResult> {
      const result = await evaluateOrNotFound({ selectors: [{ pacticipant, latest: true, tag }], target: { kind: 'tag', tag: toTag, latest: true }, latestby: 'cvp', ignore: [] });
      if (isMissing(result)) throw notFound(`No version of ${pacticipant} with tag ${tag} found`);
      return result;
    },

    /** GET /pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{env}: 404 when either is missing. */
    async latestOnBranchToEnvironment(pacticipant: string, branch: string, environment: string): Promise<MatrixResult> {
      const result = await evaluateOrNotFound({ selectors: [{ pacticipant, latest: true, branch }], target: { kind: 'environment', environment }, latestby: 'cvpv', ignore: [] });
      if (isMissing(result)) throw notFound(`No version of ${pacticipant} on branch ${branch} found`);
      return result;
    },

    /** The latest main-branch version of the pacticipant against the main branch heads of everything it integrates with. */
    async canIMerge(pacticipant: string): Promise<MatrixResult> {
      return evaluateOrNotFound({ selectors: [{ pacticipant, latest: true, mainBranch: true }], target: { kind: 'mainBranch', latest: true }, latestby: 'cvp', ignore: [] });
    },
  };

  /** Path-addressed forms answer an unknown pacticipant or environment with a 404, as resources do. */
  async function evaluateOrNotFound(query: MatrixQuery): Promise<MatrixResult> {
    try {
      return await evaluate(query, 'list');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation') throw notFound(error.message);
      throw error;
    }
  }
}

const isMissing = (r: MatrixResult) => r.decision.reasons.some((reason) => reason.kind === 'specified_version_not_found');

/** A resolved selector waiting for its versions; registers the lookup that will find them. */
function resolvedShell(
  p: PacticipantRef,
  selector: UnresolvedSelector,
  source: ResolvedSelector['source'],
  lookups: VersionLookup[],
  key: number,
  environments: Map<string, number>,
): ResolvedSelector {
  const shell: ResolvedSelector = { pacticipantId: p.id, pacticipantName: p.name, source, selector, versions: [], anyVersion: false, strict: false };
  const pacticipantId = p.id;
  if (selector.version !== undefined) {
    // Versions given by number are resolved with the names (matrixRepo.lookUp), not here.
  } else if (selector.tag !== undefined) lookups.push({ key, kind: selector.latest ? 'latestWithTag' : 'withTag', pacticipantId, tag: selector.tag });
  else if (selector.branch !== undefined) lookups.push({ key, kind: selector.latest ? 'branchHead' : 'onBranch', pacticipantId, branch: selector.branch });
  else if (selector.mainBranch) {
    if (p.mainBranch !== null) {
      shell.mainBranchName = p.mainBranch;
      lookups.push({ key, kind: selector.latest ? 'branchHead' : 'onBranch', pacticipantId, branch: p.mainBranch });
    }
  } else if (selector.environment !== undefined) {
    shell.strict = true;
    lookups.push({ key, kind: 'inEnvironment', pacticipantId, environmentId: environments.get(selector.environment)! });
  } else if (selector.latest) lookups.push({ key, kind: 'latest', pacticipantId });
  else shell.anyVersion = true;
  return shell;
}

function selectorForTarget(pacticipant: string, target: Target): UnresolvedSelector {
  switch (target.kind) {
    case 'environment':
      return { pacticipant, environment: target.environment };
    case 'tag':
      return { pacticipant, tag: target.tag, ...(target.latest ? { latest: true } : {}) };
    case 'branch':
      return { pacticipant, branch: target.branch, ...(target.latest ? { latest: true } : {}) };
    case 'mainBranch':
      return { pacticipant, mainBranch: true, ...(target.latest ? { latest: true } : {}) };
    case 'latest':
      return { pacticipant, latest: true };
  }
}

function uniquePacts(pacts: PactFact[]): PactFact[] {
  const seen = new Map<string, PactFact>();
  for (const p of pacts) seen.set(`${p.consumerVersionId}:${p.providerId}`, p);
  return [...seen.values()];
}

export type MatrixService = ReturnType<typeof createMatrixService>;
