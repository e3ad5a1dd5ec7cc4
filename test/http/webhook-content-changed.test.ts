// contract_content_changed over HTTP (broker-semantics C1, E.3 S57–S59): compared per consumer version tag with the
// newest earlier version so tagged, or with the newest earlier untagged version; branches play no part; a replaced
// pact compares with what it replaced. contract_published fires on every publish. Both publish paths: POST
// /contracts/publish and the legacy PUT /pacts/provider/{p}/consumer/{c}/version/{v}.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { createPactsRepository } from '../../src/pacts/pacts.repository.js';
import { client, hal } from '../support/http.js';
import { pactDocument } from '../support/pacts.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const CHANGED = 'contract_content_changed';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp({ TREATY_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'true' });
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
  for (const name of ['Foo', 'Bar', 'Baz']) hal(await api.post('/pacticipants', { name }), 201);
  const events = [{ name: 'contract_published' }, { name: CHANGED }];
  hal(await api.post('/webhooks', { events, request: { method: 'POST', url: 'https://ci.example/build' } }), 201);
});

/** "<consumer version> <provider> <event>" per triggered webhook, in the order they were written. */
async function fired(): Promise<string[]> {
  await t.container.jobs.expandPending(); // a publish writes one expansion job; expanding it writes the rows
  const rows = await queryRows<{ consumer_version_number: string; provider_name: string; event_name: string }>(
    t.database.db,
    sql`select consumer_version_number, provider_name, event_name from triggered_webhooks order by id`,
  );
  return rows.map((r) => `${r.consumer_version_number} ${r.provider_name} ${r.event_name}`);
}
/** The consumer versions contract_content_changed fired for. */
const changedFor = async () => (await fired()).filter((f) => f.endsWith(CHANGED)).map((f) => f.split(' ')[0]);

type PublishOptions = { version: string; interactions?: string[]; tags?: string[]; branch?: string; provider?: string | string[]; onConflict?: 'merge' };
async function publish(options: PublishOptions): Promise<string> {
  const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', ...options }), 200);
  const detected = (body.notices as Array<{ text: string }>).map((n) => n.text).filter((text) => text.includes('Events detected'));
  return detected.map((text) => text.trim()).join('\n');
}
async function put(version: string, interactions?: string[]) {
  const document = pactDocument({ consumer: 'Foo', provider: 'Bar', ...(interactions ? { interactions } : {}) });
  return (await api.put(`/pacts/provider/Bar/consumer/Foo/version/${version}`, document)).statusCode;
}
const tag = async (version: string, name: string) => hal(await api.put(`/pacticipants/Foo/versions/${version}/tags/${name}`), 201);

describe('untagged consumer versions (compared with the previous untagged version)', () => {
  it('S57 first publication fires, with the reason in the notice; contract_published fires every time', async () => {
    expect(await publish({ version: '1' })).toBe('Events detected: contract_published, contract_content_changed (first time untagged pact published)');
    expect(await fired()).toEqual(['1 Bar contract_published', `1 Bar ${CHANGED}`]);
  });

  it('S58 identical content under a new version does not fire; changed content does', async () => {
    await publish({ version: '1' });
    expect(await publish({ version: '2' })).toBe('Events detected: contract_published (pact content is the same as previous untagged version)');
    expect(await publish({ version: '3', interactions: ['changed'] })).toBe(
      'Events detected: contract_published, contract_content_changed (pact content has changed since previous untagged version)',
    );
    expect(await fired()).toEqual(['1 Bar contract_published', `1 Bar ${CHANGED}`, '2 Bar contract_published', '3 Bar contract_published', `3 Bar ${CHANGED}`]);
  });

  it('content going back to an earlier one fires: the comparison is with the previous version, not with all history', async () => {
    await publish({ version: '1', interactions: ['A'] });
    await publish({ version: '2', interactions: ['B'] });
    await publish({ version: '3', interactions: ['A'] });
    expect(await changedFor()).toEqual(['1', '2', '3']);
  });

  it('tagged versions in between are not compared with', async () => {
    await publish({ version: '1', interactions: ['A'] });
    await publish({ version: '2', interactions: ['B'], tags: ['dev'] });
    await publish({ version: '3', interactions: ['A'] });
    expect(await changedFor()).toEqual(['1', '2']);
  });

  it('branches play no part: an untagged version on a new branch with the same content does not fire', async () => {
    await publish({ version: '1', branch: 'main' });
    expect(await publish({ version: '2', branch: 'feat/x' })).toBe('Events detected: contract_published (pact content is the same as previous untagged version)');
    await publish({ version: '3', branch: 'feat/x', interactions: ['changed'] });
    // The previous untagged version is 3 (feat/x), not main's head (1).
    await publish({ version: '4', branch: 'main', interactions: ['changed'] });
    expect(await changedFor()).toEqual(['1', '3']);
  });

  it('each provider of a publication is compared with its own previous pact', async () => {
    await publish({ version: '1', provider: ['Bar', 'Baz'] });
    await publish({ version: '2', provider: ['Bar'], interactions: ['changed'] });
    await publish({ version: '3', provider: ['Bar', 'Baz'], interactions: ['changed'] });
    // Baz's previous untagged pact is version 1's (version 2 has none with Baz).
    expect((await fired()).filter((f) => f.endsWith(CHANGED))).toEqual([`1 Bar ${CHANGED}`, `1 Baz ${CHANGED}`, `2 Bar ${CHANGED}`, `3 Baz ${CHANGED}`]);
  });
});

describe('tagged consumer versions (compared per tag with the previous version with that tag)', () => {
  it('first pact with a tag fires; the same content with the same tag does not', async () => {
    expect(await publish({ version: '1', tags: ['dev'] })).toBe(
      'Events detected: contract_published, contract_content_changed (first time any pact published for this consumer with consumer version tagged dev)',
    );
    expect(await publish({ version: '2', tags: ['dev'] })).toBe(
      'Events detected: contract_published (pact content is the same as previous version with tag dev and no new tags were applied)',
    );
    expect(await changedFor()).toEqual(['1']);
  });

  it('S59 a new tag fires even with identical content, naming only the new tag', async () => {
    await publish({ version: '1', tags: ['dev'] });
    expect(await publish({ version: '2', tags: ['dev', 'prod'] })).toBe(
      'Events detected: contract_published, contract_content_changed (first time any pact published for this consumer with consumer version tagged prod)',
    );
    expect(await publish({ version: '3', tags: ['dev', 'prod'] })).toBe(
      'Events detected: contract_published (pact content is the same as previous versions with tags dev, prod and no new tags were applied)',
    );
    expect(await changedFor()).toEqual(['1', '2']);
  });

  it('compares with the previous version with the same tag, not with the previous version', async () => {
    await publish({ version: '1', tags: ['dev'], interactions: ['A'] });
    await publish({ version: '2', tags: ['feat'], interactions: ['B'] });
    await publish({ version: '3', interactions: ['C'] });
    expect(await publish({ version: '4', tags: ['dev'], interactions: ['A'] })).toBe(
      'Events detected: contract_published (pact content is the same as previous version with tag dev and no new tags were applied)',
    );
    expect(await publish({ version: '5', tags: ['feat'], interactions: ['A'] })).toBe(
      'Events detected: contract_published, contract_content_changed (pact content has changed since the last consumer version tagged with feat)',
    );
    expect(await changedFor()).toEqual(['1', '2', '3', '5']);
  });

  it('one changed tag among several fires, with that tag as the reason', async () => {
    await publish({ version: '1', tags: ['dev'], interactions: ['A'] });
    await publish({ version: '2', tags: ['prod'], interactions: ['B'] });
    expect(await publish({ version: '3', tags: ['dev', 'prod'], interactions: ['A'] })).toBe(
      'Events detected: contract_published, contract_content_changed (pact content has changed since the last consumer version tagged with prod)',
    );
  });

  it('a tag added after the publication fires nothing', async () => {
    await publish({ version: '1' });
    const before = await fired();
    await tag('1', 'prod');
    expect(await fired()).toEqual(before);
  });
});

describe('a consumer version whose pact is published again', () => {
  it('the same content: contract_published only, and the Pact Broker\'s contract_content_unchanged note', async () => {
    await publish({ version: '1' });
    expect(await publish({ version: '1' })).toBe('Events detected: contract_published, contract_content_unchanged (pact content was unchanged)');
    expect(await fired()).toEqual(['1 Bar contract_published', `1 Bar ${CHANGED}`, '1 Bar contract_published']);
  });

  it('merged content fires, compared with what the version had', async () => {
    await publish({ version: '1', interactions: ['A'] });
    expect(await publish({ version: '1', interactions: ['B'], onConflict: 'merge' })).toBe(
      'Events detected: contract_published, contract_content_changed (pact content modified since previous publication for Foo version 1)',
    );
    expect(await changedFor()).toEqual(['1', '1']);
  });

  it('overwritten content (allowed by configuration) fires', async () => {
    await publish({ version: '1', interactions: ['A'] });
    await publish({ version: '2', interactions: ['A'] });
    // Version 2's own pact changes: compared with what it replaced, not with version 1.
    expect(await publish({ version: '2', interactions: ['B'] })).toBe(
      'Events detected: contract_published, contract_content_changed (pact content modified since previous publication for Foo version 2)',
    );
    expect(await changedFor()).toEqual(['1', '2']);
  });
});

describe('the legacy PUT of a pact', () => {
  it('fires for a first publication and for changed content, not for identical content under a new version', async () => {
    expect(await put('1')).toBe(201);
    expect(await put('2')).toBe(201);
    expect(await put('3', ['changed'])).toBe(201);
    expect(await put('3', ['changed'])).toBe(200);
    expect(await fired()).toEqual([
      '1 Bar contract_published',
      `1 Bar ${CHANGED}`,
      '2 Bar contract_published',
      '3 Bar contract_published',
      `3 Bar ${CHANGED}`,
      '3 Bar contract_published',
    ]);
  });

  it('uses the tags the version already has (the CLI tags before it PUTs)', async () => {
    expect(await put('1')).toBe(201);
    await tag('2', 'prod');
    expect(await put('2')).toBe(201);
    await tag('3', 'prod');
    expect(await put('3')).toBe(201);
    expect(await changedFor()).toEqual(['1', '2']);
  });

  it('an overwrite of a version\'s pact with other content fires', async () => {
    expect(await put('1', ['A'])).toBe(201);
    expect(await put('1', ['B'])).toBe(200);
    expect(await changedFor()).toEqual(['1', '1']);
  });
});

describe('the bounded walk back (pactsRepo.previousForContentChange)', () => {
  /** What the query finds for a consumer version and provider when it may read `walk` entries back. */
  async function previous(version: string, provider: string, walk: number) {
    const [at] = await queryRows<{ consumer_id: number; provider_id: number; version_id: number; version_order: number }>(
      t.database.db,
      sql`select v.pacticipant_id as consumer_id, p.id as provider_id, v.id as version_id, v."order" as version_order
            from versions v join pacticipants c on c.id = v.pacticipant_id, pacticipants p
           where c.name = 'Foo' and v.number = ${version} and p.name = ${provider}`,
    );
    const where = { consumerId: Number(at!.consumer_id), providerId: Number(at!.provider_id), consumerVersionId: Number(at!.version_id), consumerVersionOrder: Number(at!.version_order) };
    return createPactsRepository(t.database.db).previousForContentChange(where, t.database.db, walk);
  }
  const shaOf = async (version: string) => hal(await api.get(`/pacts/provider/Bar/consumer/Foo/version/${version}`), 200)._links['pb:pact-version'].name as string;

  it('finds the previous untagged pact past tagged ones within the bound, and counts it absent beyond', async () => {
    await publish({ version: '1', interactions: ['A'] });
    await publish({ version: '2', interactions: ['B'], tags: ['dev'] });
    await publish({ version: '3', interactions: ['C'], tags: ['dev'] });
    await publish({ version: '4', interactions: ['A'] });
    expect(await previous('4', 'Bar', 3)).toEqual([{ tag: null, sha: await shaOf('1') }]);
    expect(await previous('4', 'Bar', 2)).toEqual([{ tag: null, sha: null }]);
  });

  it('finds the previous pact with a tag past versions with that tag but no pact with this provider', async () => {
    await publish({ version: '1', interactions: ['A'], tags: ['dev'] });
    await publish({ version: '2', provider: 'Baz', tags: ['dev'] });
    await publish({ version: '3', provider: 'Baz', tags: ['dev'] });
    await publish({ version: '4', interactions: ['A'], tags: ['dev', 'prod'] });
    expect(await previous('4', 'Bar', 3)).toEqual([
      { tag: 'dev', sha: await shaOf('1') },
      { tag: 'prod', sha: null },
    ]);
    expect(await previous('4', 'Bar', 2)).toEqual([
      { tag: 'dev', sha: null },
      { tag: 'prod', sha: null },
    ]);
  });
});
