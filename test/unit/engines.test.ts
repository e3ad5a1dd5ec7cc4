// package.json's `engines` says which Node versions Treaty runs on. A production dependency declaring a narrower
// range makes `npm ci` warn (EBADENGINE) and makes that claim unchecked, so each one is listed here with why it is
// accepted; a new one (or a new version of a listed one) fails this test at the dependency update that brings it.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  engines?: { node?: string } | string[];
}

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, LockEntry> };

/**
 * Accepted, by lock path and version. Both declare `node >=22` (their maintainers' support policy) and use nothing Node
 * 20 lacks: CI runs the unit, HTTP, integration and interop tiers on Node 20 and the unit and HTTP tiers on Node 24 and
 * 26, which load both (static assets; fastify's inject). Node 20 is past end of life; when Treaty drops it, raise
 * `engines` and empty this list.
 */
const ACCEPTED: Record<string, string> = {
  'node_modules/@fastify/static/node_modules/content-disposition@3.1.0': 'via @fastify/static 10',
  'node_modules/cookie@2.0.2': "via fastify's light-my-request",
};

describe('engines', () => {
  it('no production dependency asks for a newer Node than package.json admits, except the accepted ones', () => {
    const lowest = semver.minVersion(pkg.engines.node);
    expect(lowest).not.toBeNull();
    const narrower = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.dev && !entry.devOptional)
      .filter(([, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range !== undefined && !semver.satisfies(lowest!, range);
      })
      .map(([path, entry]) => `${path}@${entry.version}`)
      .sort();
    expect(narrower).toEqual(Object.keys(ACCEPTED).sort());
  });

  it('admits the Node versions CI runs (20, 24 and 26)', () => {
    for (const version of ['20.20.2', '24.0.0', '26.0.0']) expect(semver.satisfies(version, pkg.engines.node), version).toBe(true);
  });
});
