// A small in-memory estate for the deploy-gate tables (broker-semantics E.1), and an in-memory `MatrixRepository` over
// it with the same answers as the SQL in src/matrix/matrix.repository.ts, so the real matrix service (resolution,
// integrations, facts, rows, decision, reason texts) runs without a database.
//
// Defaults as in E: environments `test` and `production` (production=true); every pacticipant's main branch is `main`;
// a version created without options joins branch `main`. Version order is one global creation sequence (as
// version_order_seq), pact contents are unique per consumer+provider+sha, a verification belongs to a content, and the
// latest verification per (content, provider version) is the most recently created one.
import { parseNestedQuery } from '../../../src/http/nested-query.js';
import type { MatrixRepository, PacticipantRef, VersionLookup, VersionPresentation } from '../../../src/matrix/matrix.repository.js';
import { createMatrixService, type MatrixResult } from '../../../src/matrix/matrix.service.js';
import type { MatrixRow, PactFact, VerificationFact, VersionRef } from '../../../src/matrix/matrix.types.js';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';

interface Pacticipant {
  id: number;
  name: string;
  mainBranch: string | null;
}

interface Version {
  id: number;
  pacticipantId: number;
  number: string;
  order: number;
}

interface Branch {
  id: number;
  pacticipantId: number;
  name: string;
  /** memberships in the order they were added: the head is the most recently added */
  members: Array<{ membershipId: number; versionId: number }>;
}

interface Tag {
  pacticipantId: number;
  name: string;
  versionId: number;
  versionOrder: number;
  createdAt: Date;
}

interface Content {
  id: number;
  consumerId: number;
  providerId: number;
  sha: string;
}

interface Publication {
  id: number;
  consumerId: number;
  consumerVersionId: number;
  providerId: number;
  revision: number;
  pactVersionId: number;
  createdAt: Date;
}

interface Verification {
  id: number;
  pactVersionId: number;
  consumerId: number;
  providerId: number;
  providerVersionId: number;
  success: boolean;
  createdAt: Date;
}

interface Environment {
  id: number;
  uuid: string;
  name: string;
  production: boolean;
  createdAt: Date;
}

interface Deployment {
  versionId: number;
  pacticipantId: number;
  environmentId: number;
  instance: string | null;
  undeployed: boolean;
}

interface Release {
  versionId: number;
  pacticipantId: number;
  environmentId: number;
  supportEnded: boolean;
}

export interface VersionOptions {
  /** The branch the version joins (default `main`; null for none). */
  branch?: string | null;
  tags?: string[];
}

const START = Date.parse('2026-06-01T00:00:00Z');

export class Estate {
  private pacticipants: Pacticipant[] = [];
  private versions: Version[] = [];
  private branches: Branch[] = [];
  private tags: Tag[] = [];
  private contents: Content[] = [];
  private publications: Publication[] = [];
  private verifications: Verification[] = [];
  private environments: Environment[] = [];
  private deployments: Deployment[] = [];
  private releases: Release[] = [];
  private integrationPairs = new Map<string, { consumerId: number; providerId: number }>();
  private seq = 0;
  private ticks = 0;
  /** Repository calls by method name, to check the service's round trips do not grow with the estate. */
  readonly calls = new Map<string, number>();

  constructor() {
    this.environment('test').environment('production', true);
  }

  private next(): number {
    return ++this.seq;
  }

  private now(): Date {
    return new Date(START + ++this.ticks * 1000);
  }

  // ---- building the estate -------------------------------------------------------------------------------------

  environment(name: string, production = false): this {
    if (!this.environments.some((e) => e.name === name)) {
      const id = this.environments.length + 1;
      this.environments.push({ id, uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, name, production, createdAt: this.now() });
    }
    return this;
  }

  /** Creates the pacticipant (main branch `main` unless given), or changes its main branch. */
  pacticipant(name: string, options: { mainBranch?: string | null } = {}): this {
    const existing = this.pacticipants.find((p) => p.name === name);
    if (existing) {
      if (options.mainBranch !== undefined) existing.mainBranch = options.mainBranch;
    } else {
      this.pacticipants.push({ id: this.pacticipants.length + 1, name, mainBranch: options.mainBranch === undefined ? 'main' : options.mainBranch });
    }
    return this;
  }

  /**
   * Creates the version (joining branch `main` unless told otherwise); for an existing version, adds the given branch
   * (a new membership makes it that branch's head, as in the Pact Broker) and tags.
   */
  version(pacticipant: string, number: string, options: VersionOptions = {}): this {
    this.pacticipant(pacticipant);
    const p = this.p(pacticipant);
    let v = this.versions.find((x) => x.pacticipantId === p.id && x.number === number);
    if (!v) {
      v = { id: this.versions.length + 1, pacticipantId: p.id, number, order: this.next() };
      this.versions.push(v);
      const branch = options.branch === undefined ? 'main' : options.branch;
      if (branch !== null) this.branch(pacticipant, number, branch);
    } else if (options.branch) {
      this.branch(pacticipant, number, options.branch);
    }
    for (const tag of options.tags ?? []) this.tag(pacticipant, number, tag);
    return this;
  }

  /** Adds the version to the branch; a new membership becomes the head (head = most recently added); an existing one changes nothing. */
  branch(pacticipant: string, number: string, name: string): this {
    const v = this.v(pacticipant, number);
    let b = this.branches.find((x) => x.pacticipantId === v.pacticipantId && x.name === name);
    if (!b) {
      b = { id: this.branches.length + 1, pacticipantId: v.pacticipantId, name, members: [] };
      this.branches.push(b);
    }
    if (!b.members.some((m) => m.versionId === v.id)) b.members.push({ membershipId: this.next(), versionId: v.id });
    return this;
  }

  tag(pacticipant: string, number: string, name: string): this {
    this.version(pacticipant, number);
    const v = this.v(pacticipant, number);
    if (!this.tags.some((t) => t.versionId === v.id && t.name === name)) {
      this.tags.push({ pacticipantId: v.pacticipantId, name, versionId: v.id, versionOrder: v.order, createdAt: this.now() });
    }
    return this;
  }

  untag(pacticipant: string, number: string, name: string): this {
    const v = this.v(pacticipant, number);
    this.tags = this.tags.filter((t) => !(t.versionId === v.id && t.name === name));
    return this;
  }

  /** Publishes content `sha` from the consumer version to the provider: a new revision when the content differs. */
  publish(consumer: string, consumerVersion: string, provider: string, sha: string): this {
    this.pacticipant(provider);
    this.version(consumer, consumerVersion);
    const c = this.p(consumer);
    const pr = this.p(provider);
    const cv = this.v(consumer, consumerVersion);
    let content = this.contents.find((x) => x.consumerId === c.id && x.providerId === pr.id && x.sha === sha);
    if (!content) {
      content = { id: this.contents.length + 1, consumerId: c.id, providerId: pr.id, sha };
      this.contents.push(content);
    }
    const latest = this.latestPublication(cv.id, pr.id);
    if (latest?.pactVersionId !== content.id) {
      this.publications.push({
        id: this.publications.length + 1,
        consumerId: c.id,
        consumerVersionId: cv.id,
        providerId: pr.id,
        revision: (latest?.revision ?? 0) + 1,
        pactVersionId: content.id,
        createdAt: this.now(),
      });
    }
    this.integrationPairs.set(`${c.id}:${pr.id}`, { consumerId: c.id, providerId: pr.id });
    return this;
  }

  /** The provider version publishes a result for the content of the consumer version's latest pact with it. */
  verify(provider: string, providerVersion: string, consumer: string, consumerVersion: string, success: boolean): this {
    const cv = this.v(consumer, consumerVersion);
    const pr = this.p(provider);
    const pact = this.latestPublication(cv.id, pr.id);
    if (!pact) throw new Error(`${consumer} ${consumerVersion} has no pact with ${provider}`);
    this.version(provider, providerVersion);
    this.verifications.push({
      id: this.verifications.length + 1,
      pactVersionId: pact.pactVersionId,
      consumerId: pact.consumerId,
      providerId: pr.id,
      providerVersionId: this.v(provider, providerVersion).id,
      success,
      createdAt: this.now(),
    });
    return this;
  }

  /** record-deployment: replaces the current deployment of the pacticipant to the same environment and instance. */
  deploy(pacticipant: string, number: string, environment: string, instance?: string): this {
    this.version(pacticipant, number);
    const v = this.v(pacticipant, number);
    const env = this.env(environment);
    const target = instance ?? null;
    const current = this.deployments.find((d) => !d.undeployed && d.pacticipantId === v.pacticipantId && d.environmentId === env.id && d.instance === target);
    if (current?.versionId === v.id) return this;
    if (current) current.undeployed = true;
    this.deployments.push({ versionId: v.id, pacticipantId: v.pacticipantId, environmentId: env.id, instance: target, undeployed: false });
    return this;
  }

  /** record-undeployment of the pacticipant's current deployment to the environment (and instance). */
  undeploy(pacticipant: string, environment: string, instance?: string): this {
    const p = this.p(pacticipant);
    const env = this.env(environment);
    for (const d of this.deployments) {
      if (!d.undeployed && d.pacticipantId === p.id && d.environmentId === env.id && d.instance === (instance ?? null)) d.undeployed = true;
    }
    return this;
  }

  /** record-release: creates or re-activates the release; other releases are untouched. */
  release(pacticipant: string, number: string, environment: string): this {
    this.version(pacticipant, number);
    const v = this.v(pacticipant, number);
    const env = this.env(environment);
    const existing = this.releases.find((r) => r.versionId === v.id && r.environmentId === env.id);
    if (existing) existing.supportEnded = false;
    else this.releases.push({ versionId: v.id, pacticipantId: v.pacticipantId, environmentId: env.id, supportEnded: false });
    return this;
  }

  endSupport(pacticipant: string, number: string, environment: string): this {
    const v = this.v(pacticipant, number);
    const env = this.env(environment);
    for (const r of this.releases) if (r.versionId === v.id && r.environmentId === env.id) r.supportEnded = true;
    return this;
  }

  // ---- running the real service over it ------------------------------------------------------------------------

  service() {
    return createMatrixService({ matrixRepo: this.repository(), limits: DEFAULT_LIMITS });
  }

  /** GET /can-i-deploy?<query> */
  canIDeploy(query: string): Promise<MatrixResult> {
    return this.service().canIDeploy(parseNestedQuery(query));
  }

  /** GET /matrix?<query> */
  matrix(query: string): Promise<MatrixResult> {
    return this.service().matrix(parseNestedQuery(query));
  }

  // ---- lookups ---------------------------------------------------------------------------------------------------

  private p(name: string): Pacticipant {
    const p = this.pacticipants.find((x) => x.name === name);
    if (!p) throw new Error(`no pacticipant ${name}`);
    return p;
  }

  private v(pacticipant: string, number: string): Version {
    const p = this.p(pacticipant);
    const v = this.versions.find((x) => x.pacticipantId === p.id && x.number === number);
    if (!v) throw new Error(`no version ${number} of ${pacticipant}`);
    return v;
  }

  private env(name: string): Environment {
    const e = this.environments.find((x) => x.name === name);
    if (!e) throw new Error(`no environment ${name}`);
    return e;
  }

  /** latest_pact_publications: the highest revision per (consumer version, provider). */
  private latestPublication(consumerVersionId: number, providerId: number): Publication | undefined {
    let latest: Publication | undefined;
    for (const pub of this.publications) {
      if (pub.consumerVersionId === consumerVersionId && pub.providerId === providerId && (!latest || pub.revision > latest.revision)) latest = pub;
    }
    return latest;
  }

  private latestPublications(): Publication[] {
    const out = new Map<string, Publication>();
    for (const pub of this.publications) {
      const key = `${pub.consumerVersionId}:${pub.providerId}`;
      const current = out.get(key);
      if (!current || pub.revision > current.revision) out.set(key, pub);
    }
    return [...out.values()];
  }

  /** latest_verifications: the most recently created verification per (content, provider version). */
  private latestVerificationRows(): Verification[] {
    const out = new Map<string, Verification>();
    for (const v of this.verifications) {
      const key = `${v.pactVersionId}:${v.providerVersionId}`;
      const current = out.get(key);
      if (!current || v.id > current.id) out.set(key, v);
    }
    return [...out.values()];
  }

  private ref(versionId: number): VersionRef {
    const v = this.versions.find((x) => x.id === versionId)!;
    return { id: v.id, number: v.number, order: v.order };
  }

  private pactFact(pub: Publication): PactFact {
    const content = this.contents.find((c) => c.id === pub.pactVersionId)!;
    return {
      consumerId: pub.consumerId,
      consumerVersionId: pub.consumerVersionId,
      providerId: pub.providerId,
      pactVersionId: pub.pactVersionId,
      sha: content.sha,
      publishedAt: pub.createdAt,
    };
  }

  private order(versionId: number): number {
    return this.versions.find((x) => x.id === versionId)!.order;
  }

  private headOf(b: Branch): number | undefined {
    return b.members.at(-1)?.versionId;
  }

  /** As the SQL: a tag or branch lookup without `latest` reads the newest `historyVersions` versions. */
  private lookup(l: VersionLookup, historyVersions: number): number[] {
    const ofPacticipant = this.versions.filter((v) => v.pacticipantId === l.pacticipantId);
    switch (l.kind) {
      case 'latest': {
        const latest = ofPacticipant.reduce<Version | undefined>((a, b) => (!a || b.order > a.order ? b : a), undefined);
        return latest ? [latest.id] : [];
      }
      case 'latestWithTag':
      case 'withTag': {
        const tagged = this.tags.filter((t) => t.pacticipantId === l.pacticipantId && t.name === l.tag).sort((a, b) => b.versionOrder - a.versionOrder);
        return tagged.slice(0, l.kind === 'latestWithTag' ? 1 : historyVersions).map((t) => t.versionId);
      }
      case 'branchHead':
      case 'onBranch': {
        const b = this.branches.find((x) => x.pacticipantId === l.pacticipantId && x.name === l.branch);
        if (!b) return [];
        if (l.kind === 'onBranch') {
          const order = (id: number) => this.versions.find((v) => v.id === id)!.order;
          return b.members.map((m) => m.versionId).sort((x, y) => order(y) - order(x)).slice(0, historyVersions);
        }
        const head = this.headOf(b);
        return head === undefined ? [] : [head];
      }
      case 'inEnvironment':
        return [
          ...this.deployments.filter((d) => !d.undeployed && d.environmentId === l.environmentId && d.pacticipantId === l.pacticipantId).map((d) => d.versionId),
          ...this.releases.filter((r) => !r.supportEnded && r.environmentId === l.environmentId && r.pacticipantId === l.pacticipantId).map((r) => r.versionId),
        ];
    }
  }

  // ---- the repository --------------------------------------------------------------------------------------------

  /** The in-memory `MatrixRepository`: same signatures and answers as the SQL one. */
  repository(): MatrixRepository {
    const count = (name: string) => this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    const ref = (p: Pacticipant): PacticipantRef => ({ id: p.id, name: p.name, mainBranch: p.mainBranch });
    const parts = {
      pacticipantsByNames: async (names: string[]) => {
        count('pacticipantsByNames');
        return this.pacticipants.filter((p) => names.includes(p.name)).map(ref);
      },

      partnersOf: async (ids: number[]) => {
        count('partnersOf');
        const partnerIds = new Set<number>();
        for (const i of this.integrationPairs.values()) {
          if (ids.includes(i.consumerId)) partnerIds.add(i.providerId);
          if (ids.includes(i.providerId)) partnerIds.add(i.consumerId);
        }
        return this.pacticipants.filter((p) => partnerIds.has(p.id)).map(ref);
      },

      versionsByNames: async (lookups: Array<{ key: number; pacticipant: string; number: string }>) => {
        count('versionsByNames');
        const out = new Map<number, VersionRef>();
        for (const l of lookups) {
          const p = this.pacticipants.find((x) => x.name === l.pacticipant);
          const v = p && this.versions.find((x) => x.pacticipantId === p.id && x.number === l.number);
          if (v) out.set(l.key, this.ref(v.id));
        }
        return out;
      },

      environmentsByNames: async (names: string[]) => {
        count('environmentsByNames');
        return this.environments.filter((e) => names.includes(e.name)).map((e) => ({ id: e.id, name: e.name }));
      },

      resolveVersions: async (lookups: VersionLookup[], historyVersions: number) => {
        count('resolveVersions');
        const out = new Map<number, VersionRef[]>();
        for (const l of lookups) {
          const list = out.get(l.key) ?? [];
          for (const id of this.lookup(l, historyVersions)) if (!list.some((v) => v.id === id)) list.push(this.ref(id));
          if (list.length) out.set(l.key, list);
        }
        for (const list of out.values()) list.sort((a, b) => b.order - a.order);
        return out;
      },

      pactsOfConsumerVersions: async (consumerVersionIds: number[], providerIds?: number[]) => {
        count('pactsOfConsumerVersions');
        if (consumerVersionIds.length === 0 || providerIds?.length === 0) return [];
        const cvs = new Set(consumerVersionIds);
        return this.latestPublications()
          .filter((p) => cvs.has(p.consumerVersionId) && (!providerIds || providerIds.includes(p.providerId)))
          .map((p) => this.pactFact(p));
      },

      pactsVerifiedBy: async (providerVersionIds: number[], consumerIds: number[], limit: number) => {
        count('pactsVerifiedBy');
        if (providerVersionIds.length === 0 || consumerIds.length === 0) return { pacts: [], consumerVersions: [] };
        const contents = new Set(
          this.latestVerificationRows()
            .filter((v) => providerVersionIds.includes(v.providerVersionId) && consumerIds.includes(v.consumerId))
            .map((v) => v.pactVersionId),
        );
        const pubs = this.latestPublications()
          .filter((p) => contents.has(p.pactVersionId))
          .sort((a, b) => this.order(b.consumerVersionId) - this.order(a.consumerVersionId))
          .slice(0, limit);
        return { pacts: pubs.map((p) => this.pactFact(p)), consumerVersions: pubs.map((p) => this.ref(p.consumerVersionId)) };
      },

      latestPactsOfIntegrations: async (pairs: Array<{ consumerId: number; providerId: number }>, limit: number) => {
        count('latestPactsOfIntegrations');
        const pubs = pairs.flatMap((pair) =>
          this.latestPublications()
            .filter((p) => p.consumerId === pair.consumerId && p.providerId === pair.providerId)
            .sort((a, b) => this.order(b.consumerVersionId) - this.order(a.consumerVersionId))
            .slice(0, limit),
        );
        return { pacts: pubs.map((p) => this.pactFact(p)), consumerVersions: pubs.map((p) => this.ref(p.consumerVersionId)) };
      },

      integrationsOf: async (ids: { asProvider: number[]; asConsumer: number[] }) => {
        count('integrationsOf');
        return [...this.integrationPairs.values()]
          .filter((i) => ids.asProvider.includes(i.providerId) || ids.asConsumer.includes(i.consumerId))
          .map((i) => ({ ...i }));
      },

      latestVerifications: async (pactVersionIds: number[], providerVersions: VersionRef[] | 'any') => {
        count('latestVerifications');
        if (pactVersionIds.length === 0 || (providerVersions !== 'any' && providerVersions.length === 0)) return [];
        const contents = new Set(pactVersionIds);
        const pvs = providerVersions === 'any' ? undefined : new Set(providerVersions.map((v) => v.id));
        return this.latestVerificationRows()
          .filter((v) => contents.has(v.pactVersionId) && (!pvs || pvs.has(v.providerVersionId)))
          .map(
            (v): VerificationFact => ({
              source: 'pact_verification',
              pactVersionId: v.pactVersionId,
              providerVersion: this.ref(v.providerVersionId),
              verificationId: v.id,
              success: v.success,
              verifiedAt: v.createdAt,
            }),
          );
      },

      presentation: async (versionIds: number[]) => {
        count('presentation');
        const out = new Map<number, VersionPresentation>();
        for (const id of versionIds) {
          const v = this.versions.find((x) => x.id === id)!;
          const memberships = this.branches
            .flatMap((b) => b.members.filter((m) => m.versionId === id).map((m) => ({ b, m })))
            .sort((a, b) => a.m.membershipId - b.m.membershipId);
          const tags = this.tags.filter((t) => t.versionId === id).sort((a, b) => +a.createdAt - +b.createdAt || (a.name < b.name ? -1 : 1));
          const envIds = new Set([
            ...this.deployments.filter((d) => d.versionId === id && !d.undeployed).map((d) => d.environmentId),
            ...this.releases.filter((r) => r.versionId === id && !r.supportEnded).map((r) => r.environmentId),
          ]);
          out.set(id, {
            versionId: id,
            branches: memberships.map(({ b }) => ({ name: b.name, latest: this.headOf(b) === id })),
            tags: tags.map((t) => ({
              name: t.name,
              latest: !this.tags.some((t2) => t2.pacticipantId === v.pacticipantId && t2.name === t.name && t2.versionOrder > t.versionOrder),
            })),
            environments: this.environments
              .filter((e) => envIds.has(e.id))
              .sort((a, b) => (a.name < b.name ? -1 : 1))
              .map((e) => ({ uuid: e.uuid, name: e.name, displayName: null, production: e.production, createdAt: e.createdAt })),
          });
        }
        return out;
      },
    };
    const { pacticipantsByNames, environmentsByNames, versionsByNames, integrationsOf, partnersOf, pactsOfConsumerVersions, ...rest } = parts;
    return {
      ...rest,
      pactsOfConsumerVersions,
      pactsWithVerifications: async (consumerVersionIds: number[], providerIds: number[], providerVersions: VersionRef[]) => {
        count('pactsWithVerifications');
        const pacts = await pactsOfConsumerVersions(consumerVersionIds, providerIds);
        return { pacts, verifications: await rest.latestVerifications([...new Set(pacts.map((p) => p.pactVersionId))], providerVersions) };
      },
      // The SQL answers these in one statement each; here they are the compositions of the parts.
      lookUp: async (names: string[], environmentNames: string[], numbered: Array<{ key: number; pacticipant: string; number: string }>) => {
        count('lookUp');
        return { pacticipants: await pacticipantsByNames(names), environments: await environmentsByNames(environmentNames), versions: await versionsByNames(numbered) };
      },
      integrationFacts: async (q: { consumerVersionIds: number[]; providerIds?: number[]; asProvider: number[]; asConsumer: number[] }) => {
        count('integrationFacts');
        const pacts = await pactsOfConsumerVersions(q.consumerVersionIds, q.providerIds);
        const integrations = [
          ...(await integrationsOf({ asProvider: q.asProvider, asConsumer: [] })),
          ...(await integrationsOf({ asProvider: [], asConsumer: q.asConsumer })),
        ];
        const otherIds = new Set([...pacts.map((p) => p.providerId), ...integrations.map((i) => (q.asProvider.includes(i.providerId) ? i.consumerId : i.providerId))]);
        const pacticipants = (await partnersOf([...q.asProvider, ...q.asConsumer, ...pacts.map((p) => p.consumerId)])).filter((p) => otherIds.has(p.id));
        return { pacts, integrations, pacticipants };
      },
    };
  }
}

/** A row as one line: `Foo 1 → Bar 2 true verified`, `Foo 1 → Bar - null missing_verification(3)`, `… ignored(failed)`. */
export function rowLine(row: MatrixRow): string {
  const pv = row.providerVersion?.number ?? '-';
  const success = row.verification ? String(row.verification.success) : 'null';
  const r = row.reason;
  const reason =
    r.kind === 'ignored' ? `ignored(${r.wouldBe})` : r.kind === 'missing_verification' && r.providerVersion !== undefined ? `missing_verification(${r.providerVersion})` : r.kind;
  return `${row.consumer.name} ${row.consumerVersion.number} → ${row.provider.name} ${pv} ${success} ${reason}${row.ignored ? ' [ignored]' : ''}`;
}
