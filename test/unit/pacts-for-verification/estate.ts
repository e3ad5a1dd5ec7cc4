// A tiny in-memory estate for the scenario tables: consumer versions with branches, tags, pacts and deployments,
// turned into the candidate facts the repository reports (head of a branch, latest with a tag, …). Versions are
// created in call order (order = creation order, as in the Pact Broker).
import type { CandidateFact, CandidatePact } from '../../../src/pacts-for-verification/select-pacts.js';
import type { WipCandidate, WipReason } from '../../../src/pacts-for-verification/pending.js';

interface ConsumerVersion {
  consumer: string;
  number: string;
  order: number;
  branches: string[];
  tags: string[];
  /** provider → content name (e.g. "C1"); the content name is its sha */
  pacts: Record<string, string>;
  publishedAt: Date;
  deployed: Array<{ environment: string; instance?: string }>;
  released: string[];
}

const PRODUCTION = new Set(['production']);

export class Estate {
  private versions: ConsumerVersion[] = [];
  private mainBranches = new Map<string, string | null>();
  /** the order in which versions joined each branch: head = most recently added */
  private branchAdds: Array<{ consumer: string; branch: string; number: string }> = [];

  mainBranch(consumer: string, branch: string | null): this {
    this.mainBranches.set(consumer, branch);
    return this;
  }

  version(
    consumer: string,
    number: string,
    options: { branch?: string; tags?: string[]; pacts?: Record<string, string>; publishedAt?: string } = {},
  ): this {
    this.versions.push({
      consumer,
      number,
      order: this.versions.length + 1,
      branches: options.branch ? [options.branch] : [],
      tags: options.tags ?? [],
      pacts: options.pacts ?? {},
      publishedAt: new Date(options.publishedAt ?? '2026-06-01T00:00:00Z'),
      deployed: [],
      released: [],
    });
    if (options.branch) this.branchAdds.push({ consumer, branch: options.branch, number });
    if (!this.mainBranches.has(consumer)) this.mainBranches.set(consumer, 'main');
    return this;
  }

  deploy(consumer: string, number: string, environment: string, instance?: string): this {
    // a new deployment replaces the current one of the same consumer and instance
    for (const v of this.versions) {
      if (v.consumer === consumer) v.deployed = v.deployed.filter((d) => !(d.environment === environment && d.instance === instance));
    }
    this.find(consumer, number).deployed.push({ environment, ...(instance ? { instance } : {}) });
    return this;
  }

  release(consumer: string, number: string, environment: string): this {
    this.find(consumer, number).released.push(environment);
    return this;
  }

  endSupport(consumer: string, number: string, environment: string): this {
    const v = this.find(consumer, number);
    v.released = v.released.filter((e) => e !== environment);
    return this;
  }

  private find(consumer: string, number: string): ConsumerVersion {
    const v = this.versions.find((x) => x.consumer === consumer && x.number === number);
    if (!v) throw new Error(`no ${consumer} ${number}`);
    return v;
  }

  private heads(): Map<string, ConsumerVersion> {
    const heads = new Map<string, ConsumerVersion>();
    for (const add of this.branchAdds) heads.set(`${add.consumer}\u0000${add.branch}`, this.find(add.consumer, add.number));
    return heads;
  }

  /** Every consumer version with a pact for the provider, with all its facts. */
  candidates(provider: string): CandidatePact[] {
    const heads = this.heads();
    const out: CandidatePact[] = [];
    for (const v of this.versions) {
      const sha = v.pacts[provider];
      if (!sha) continue;
      const facts: CandidateFact[] = [];
      const main = this.mainBranches.get(v.consumer) ?? null;
      for (const [key, head] of heads) {
        const [consumer, branch] = key.split('\u0000') as [string, string];
        if (consumer !== v.consumer || head !== v) continue;
        if (branch === main) facts.push({ kind: 'mainBranchHead', branch });
        facts.push({ kind: 'branchHead', branch });
      }
      for (const tag of v.tags) {
        facts.push({ kind: 'tagged', tag });
        const latest = [...this.versions].reverse().find((x) => x.consumer === v.consumer && x.tags.includes(tag));
        if (latest === v) facts.push({ kind: 'latestWithTag', tag });
      }
      const latestWithPact = [...this.versions].reverse().find((x) => x.consumer === v.consumer && x.pacts[provider]);
      if (latestWithPact === v) facts.push({ kind: 'latestPact' });
      for (const d of v.deployed) facts.push({ kind: 'deployed', environment: d.environment, production: PRODUCTION.has(d.environment), applicationInstance: d.instance ?? null });
      for (const e of v.released) facts.push({ kind: 'released', environment: e, production: PRODUCTION.has(e) });
      out.push({
        consumerName: v.consumer,
        consumerVersionNumber: v.number,
        consumerVersionOrder: v.order,
        pactVersionId: this.contentId(v.consumer, sha),
        sha,
        publishedAt: v.publishedAt,
        facts,
      });
    }
    return out;
  }

  /** WIP candidates: pacts of branch heads and of the latest version of each tag. */
  wipCandidates(provider: string): WipCandidate[] {
    return this.candidates(provider)
      .map((c) => ({
        consumerName: c.consumerName,
        consumerVersionNumber: c.consumerVersionNumber,
        consumerVersionOrder: c.consumerVersionOrder,
        pactVersionId: c.pactVersionId,
        sha: c.sha,
        publishedAt: c.publishedAt,
        reasons: c.facts.flatMap((f): WipReason[] =>
          f.kind === 'branchHead' ? [{ kind: 'branch' as const, name: f.branch }] : f.kind === 'latestWithTag' ? [{ kind: 'tag' as const, name: f.tag }] : [],
        ),
      }))
      .filter((c) => c.reasons.length > 0);
  }

  private ids = new Map<string, number>();
  contentId(consumer: string, sha: string): number {
    const key = `${consumer}/${sha}`;
    if (!this.ids.has(key)) this.ids.set(key, this.ids.size + 1);
    return this.ids.get(key)!;
  }
}

/** A provider's verification results, and the facts the repository derives from them for one content. */
export interface VerificationRecord {
  content: number;
  success: boolean;
  at: string;
  wip?: boolean;
  providerBranches?: string[];
  providerTags?: string[];
}

import type { ContentVerificationFacts } from '../../../src/pacts-for-verification/pending.js';

export function factsFor(records: VerificationRecord[], content: number, provider: { branch?: string; tags?: string[] }): ContentVerificationFacts {
  const ok = records.filter((r) => r.content === content && r.success);
  const earliest = (list: VerificationRecord[]) =>
    list.length ? new Date(list.map((r) => r.at).sort()[0]!) : null;
  const derive = (list: VerificationRecord[]) => ({
    successOnBranch: provider.branch !== undefined && list.some((r) => r.providerBranches?.includes(provider.branch!)),
    earliestBranchedSuccessAt: earliest(list.filter((r) => (r.providerBranches ?? []).length > 0)),
    successWithTag: Object.fromEntries((provider.tags ?? []).map((t) => [t, list.some((r) => r.providerTags?.includes(t))])),
    earliestTaggedSuccessAt: earliest(list.filter((r) => (r.providerTags ?? []).length > 0)),
  });
  return { anySuccess: ok.length > 0, ...derive(ok), nonWip: derive(ok.filter((r) => !r.wip)) };
}
