// Verification results for the benchmark's publishing load: round-robin over (consumer, content) pairs of one
// provider, each request a new provider version number. A pure function of the spec, so it runs in the load worker.

export interface VerificationSpec {
  provider: string;
  /** Provider version numbers are `${versionPrefix}${n}`, n counting from 0 in one load run. */
  versionPrefix: string;
  /** The pacts to publish results for (pact content SHAs), taken round-robin. */
  targets: Array<{ consumer: string; sha: string }>;
}

export function verificationResultPath(provider: string, consumer: string, sha: string): string {
  const enc = encodeURIComponent;
  return `/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/pact-version/${enc(sha)}/verification-results`;
}

/** The n-th request of the load: where it goes and what it says. */
export function verificationRequests(spec: VerificationSpec): (n: number) => { path: string; body: string } {
  if (spec.targets.length === 0) throw new Error('no pacts to publish verification results for');
  const paths = spec.targets.map((t) => verificationResultPath(spec.provider, t.consumer, t.sha));
  return (n) => ({
    path: paths[n % paths.length]!,
    body: JSON.stringify({
      success: true,
      providerApplicationVersion: `${spec.versionPrefix}${n}`,
      verifiedBy: { implementation: 'bench' },
    }),
  });
}
