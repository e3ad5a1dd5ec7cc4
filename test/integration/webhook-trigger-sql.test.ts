// The trigger's one SQL statement (triggered-webhooks.repository.ts triggerForEvent) against the pure matching rules
// (match.ts webhooksToTrigger) over many generated webhooks, labels and events, on a real database (PGlite, or
// PostgreSQL when DATABASE_URL is set): the same webhooks in the same order, one triggered row and one job per webhook
// and context, each carrying what the JavaScript path wrote.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';
import type { TransactionalEventName, TransactionalEvents } from '../../src/events/event-bus.js';
import { expandEvent, type TriggerContext } from '../../src/webhooks/expand-event.js';
import { webhooksToTrigger } from '../../src/webhooks/match.js';
import { WEBHOOK_EVENTS } from '../../src/webhooks/webhook-events.js';
import { WEBHOOK_EXPANSION_JOB_KIND, WEBHOOK_JOB_KIND, WEBHOOK_MAX_ATTEMPTS } from '../../src/webhooks/trigger.js';
import { createWebhookExpansion } from '../../src/webhooks/webhook-expansion.repository.js';
import { createTriggeredWebhooksRepository, type TriggeredByEvent } from '../../src/webhooks/triggered-webhooks.repository.js';
import { createWebhooksRepository } from '../../src/webhooks/webhooks.repository.js';
import type { WebhookFields } from '../../src/webhooks/webhooks.types.js';
import { openTestDatabase } from '../support/test-app.js';

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await database.close();
  await drop();
});

/** mulberry32: a small seeded generator, so a failure reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => next() < p);
  return { next, int, pick, some };
}

const PACTICIPANTS = ['Alpha', 'Beta', 'Gamma', 'Delta', "O'Quote", 'Ünïcode'];
// 'unused' is on no pacticipant: a webhook selecting it matches nothing on that side.
const LABELS = ['team-a', 'team-b', 'mobile', 'unused'];
const EVENTS: readonly TransactionalEventName[] = WEBHOOK_EVENTS;
const ROUNDS = 4;
const WEBHOOKS_PER_ROUND = 24;

type Rng = ReturnType<typeof random>;

function selector(rng: Rng, ids: Map<string, number>): { id: number | null; label: string | null } {
  const roll = rng.next();
  if (roll < 0.35) return { id: ids.get(rng.pick(PACTICIPANTS))!, label: null };
  if (roll < 0.7) return { id: null, label: rng.pick(LABELS) };
  return { id: null, label: null };
}

/** The facts of one event between two pacticipants; the expanded contexts vary from one to three. */
function eventFacts(rng: Rng, name: TransactionalEventName, consumerName: string, providerName: string, n: number): TransactionalEvents[TransactionalEventName] {
  const contract = {
    consumerName,
    providerName,
    consumerVersionNumber: `1.0.${n}`,
    pactVersionSha: `sha${n}`,
    contentChanged: rng.next() < 0.5,
    branch: rng.next() < 0.5 ? 'main' : undefined,
    tags: rng.some(['prod', 'test'], 0.5),
    buildUrl: rng.next() < 0.5 ? `https://ci.example/${n}` : undefined,
  };
  if (name === 'contract_published' || name === 'contract_content_changed') return contract;
  if (name === 'contract_requiring_verification_published') {
    return {
      ...contract,
      requiredVerifications: Array.from({ length: 1 + rng.int(3) }, (_, i) => ({
        providerVersionNumber: `p${n}.${i}`,
        providerVersionBranch: rng.next() < 0.5 ? 'main' : null,
        providerVersionDescriptions: ['latest from main branch'],
      })),
    };
  }
  const selectors = rng.next() < 0.5 ? null : Array.from({ length: 1 + rng.int(3) }, (_, i) => ({ consumerVersionNumber: `1.0.${n}-${i}`, tag: rng.next() < 0.5 ? 'prod' : undefined }));
  return {
    consumerName,
    providerName,
    providerVersionNumber: `p${n}`,
    pactVersionSha: `sha${n}`,
    success: name !== 'provider_verification_failed',
    verificationId: n,
    providerVersionBranches: rng.next() < 0.5 ? ['main'] : [],
    providerVersionTags: rng.some(['prod'], 0.5),
    pactConsumerVersionNumber: `1.0.${n}`,
    consumerVersionSelectors: selectors,
    buildUrl: rng.next() < 0.5 ? `https://ci.example/v${n}` : null,
  };
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('the trigger statement matches webhooks as match.ts does', () => {
  it('over generated webhooks, labels and events: same webhooks, same order, same rows and jobs', async () => {
    const db = database.db;
    const webhooksRepo = createWebhooksRepository(db);
    const triggeredRepo = createTriggeredWebhooksRepository(db);
    const expansion = createWebhookExpansion(db);
    const ids = new Map<string, number>();
    for (const name of PACTICIPANTS) {
      const [row] = await queryRows<{ id: number }>(db, sql`insert into pacticipants (name) values (${name}) returning id`);
      ids.set(name, Number(row!.id));
    }
    const rng = random(20261206);
    let events = 0;
    let triggeredTotal = 0;
    let emptyEvents = 0;

    for (let round = 0; round < ROUNDS; round++) {
      await db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
      await db.execute(sql`delete from labels`);
      for (const name of PACTICIPANTS) {
        for (const label of rng.some(LABELS.slice(0, 3), 0.4)) {
          await db.execute(sql`insert into labels (pacticipant_id, name) values (${ids.get(name)!}, ${label})`);
        }
      }
      for (let w = 0; w < WEBHOOKS_PER_ROUND; w++) {
        const consumer = selector(rng, ids);
        const provider = selector(rng, ids);
        const fields: WebhookFields = {
          description: rng.next() < 0.5 ? `hook ${round}.${w}` : '',
          enabled: rng.next() < 0.8,
          consumerId: consumer.id,
          consumerLabel: consumer.label,
          providerId: provider.id,
          providerLabel: provider.label,
          events: rng.some(WEBHOOK_EVENTS, 0.4),
          request: { method: 'POST', url: 'https://ci.example/hook' },
        };
        expect(await webhooksRepo.insert(`round${round}hook${String(w).padStart(8, '0')}`, fields)).toBeUndefined();
      }
      // Creation order differs from id order for some, and some share a timestamp: the order is (created_at, id).
      await db.execute(sql`update webhooks set created_at = timestamptz '2026-01-01' + (id % 5) * interval '1 minute'`);
      const webhooks = await webhooksRepo.list(undefined);
      const labels = await triggeredRepo.labelsByName(PACTICIPANTS);

      const written: Array<{ triggered: TriggeredByEvent; context: TriggerContext }> = [];
      let writesThatTriggered = 0;
      for (const name of EVENTS) {
        for (const [consumerIndex, consumerName] of PACTICIPANTS.entries()) {
          const batch: Array<{ event: { name: typeof name; consumerName: string; providerName: string }; contexts: TriggerContext[]; expected: unknown[] }> = [];
          for (const providerName of PACTICIPANTS) {
            if (consumerName === providerName) continue;
            const contexts = expandEvent(name, eventFacts(rng, name, consumerName, providerName, events++));
            const expected = webhooksToTrigger(webhooks, {
              name,
              consumer: { name: consumerName, labels: labels.get(consumerName) ?? [] },
              provider: { name: providerName, labels: labels.get(providerName) ?? [] },
            }).flatMap((w) => contexts.map((_, contextIndex) => ({ webhookUuid: w.uuid, description: w.description, contextIndex })));
            batch.push({ event: { name, consumerName, providerName }, contexts, expected });
          }
          // Every other consumer's events go as one batch (a publish's events), the others one statement each.
          const results =
            consumerIndex % 2 === 0
              ? await db.transaction((tx) => triggeredRepo.triggerForEvents(batch, tx))
              : await (async () => {
                  const each: TriggeredByEvent[][] = [];
                  for (const b of batch) each.push(await db.transaction((tx) => triggeredRepo.triggerForEvent(b.event, b.contexts, tx)));
                  return each;
                })();
          if (results.some((r) => r.length > 0)) writesThatTriggered += consumerIndex % 2 === 0 ? 1 : results.filter((r) => r.length > 0).length;
          for (const [i, { event, contexts, expected }] of batch.entries()) {
            const triggered = results[i]!;
            expect(triggered.map(({ webhookUuid, description, contextIndex }) => ({ webhookUuid, description, contextIndex })), `${name} ${event.consumerName} → ${event.providerName}`).toEqual(expected);
            for (const t of triggered) written.push({ triggered: t, context: contexts[t.contextIndex]! });
            if (triggered.length === 0) emptyEvents++;
            triggeredTotal += triggered.length;
          }
        }
      }

      // Each write that triggered anything wrote one expansion job and nothing else; expanding them writes the rest.
      const [pending] = await queryRows<{ t: number; j: number; e: number }>(
        db,
        sql`select (select count(*) from triggered_webhooks)::int as t, (select count(*) from jobs)::int as j,
                   (select count(*) from jobs where kind = ${WEBHOOK_EXPANSION_JOB_KIND})::int as e`,
      );
      expect({ t: Number(pending!.t), j: Number(pending!.j), e: Number(pending!.e) }).toEqual({ t: 0, j: writesThatTriggered, e: writesThatTriggered });
      expect(await expansion.expandPending({ wait: true })).toBe(writesThatTriggered);
      expect(await expansion.expandPending({ wait: false })).toBe(0);

      // What was written: a triggered row and a job per triggered webhook under its uuid, as the JavaScript path wrote them.
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`select t.uuid::text as uuid, t.webhook_uuid, w.uuid as webhook_of_id, t.event_name, t.consumer_name, t.provider_name,
                   t.consumer_version_number, t.pact_version_sha, t.provider_version_number, t.verification_id, t.status,
                   j.kind, j.payload, j.status as job_status, j.max_attempts, j.attempts
              from triggered_webhooks t join webhooks w on w.id = t.webhook_id left join jobs j on j.uuid = t.uuid order by t.id`,
      );
      const [jobCount] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from jobs`);
      expect(rows).toHaveLength(written.length);
      // Written in event order, then webhook and context order, batched or not.
      expect(rows.map((r) => r.uuid)).toEqual(written.map((w) => w.triggered.uuid));
      expect(Number(jobCount!.n)).toBe(written.length);
      const byUuid = new Map(rows.map((r) => [r.uuid as string, r]));
      for (const { triggered, context } of written) {
        const row = byUuid.get(triggered.uuid);
        expect(row, triggered.uuid).toBeDefined();
        expect(row).toEqual({
          uuid: triggered.uuid,
          webhook_uuid: triggered.webhookUuid,
          webhook_of_id: triggered.webhookUuid,
          event_name: context.eventName,
          consumer_name: context.consumerName,
          provider_name: context.providerName,
          consumer_version_number: context.consumerVersionNumber,
          pact_version_sha: context.pactVersionSha,
          provider_version_number: context.providerVersionNumber,
          verification_id: context.verificationId,
          status: 'queued',
          kind: WEBHOOK_JOB_KIND,
          payload: json({ triggeredWebhookUuid: triggered.uuid, webhookUuid: triggered.webhookUuid, ...context }),
          job_status: 'queued',
          max_attempts: WEBHOOK_MAX_ATTEMPTS,
          attempts: 0,
        });
      }
    }
    // The generator must have produced both kinds of events, and plenty of matches, for the comparison to mean much.
    expect(events).toBe(ROUNDS * EVENTS.length * PACTICIPANTS.length * (PACTICIPANTS.length - 1));
    expect(emptyEvents).toBeGreaterThan(events / 10);
    expect(triggeredTotal).toBeGreaterThan(events);
  }, 120_000);

  // An enabled webhook on contract_published for any pacticipant.
  const hook = (uuid: string) =>
    createWebhooksRepository(database.db).insert(uuid, {
      description: uuid,
      enabled: true,
      consumerId: null,
      consumerLabel: null,
      providerId: null,
      providerLabel: null,
      events: ['contract_published'],
      request: { method: 'POST', url: 'https://ci.example/hook' },
    });

  it('a rolled-back write leaves neither triggered webhooks nor jobs', async () => {
    const db = database.db;
    const triggeredRepo = createTriggeredWebhooksRepository(db);
    await db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
    await hook('rollbackhook0000001');
    const contexts = expandEvent('contract_published', { consumerName: 'Alpha', providerName: 'Beta', consumerVersionNumber: '1', pactVersionSha: 'x', contentChanged: true, tags: [] });
    await expect(
      db.transaction(async (tx) => {
        const triggered = await triggeredRepo.triggerForEvent({ name: 'contract_published', consumerName: 'Alpha', providerName: 'Beta' }, contexts, tx);
        expect(triggered).toHaveLength(1);
        throw new Error('the causing write failed');
      }),
    ).rejects.toThrow('the causing write failed');
    const [row] = await queryRows<{ t: number; j: number }>(db, sql`select (select count(*) from triggered_webhooks)::int as t, (select count(*) from jobs)::int as j`);
    expect({ t: Number(row!.t), j: Number(row!.j) }).toEqual({ t: 0, j: 0 });
  });

  describe('expanding what a write triggered', () => {
    const contexts = expandEvent('contract_published', { consumerName: 'Alpha', providerName: 'Beta', consumerVersionNumber: '7', pactVersionSha: 'y', contentChanged: true, tags: [] });
    const publish = () =>
      database.db.transaction((tx) => createTriggeredWebhooksRepository(database.db).triggerForEvent({ name: 'contract_published', consumerName: 'Alpha', providerName: 'Beta' }, contexts, tx));
    const written = async () =>
      (await queryRows<{ uuid: string; webhook_uuid: string; job: string | null }>(
        database.db,
        sql`select t.uuid::text as uuid, t.webhook_uuid, j.uuid::text as job from triggered_webhooks t left join jobs j on j.uuid = t.uuid and j.kind = ${WEBHOOK_JOB_KIND} order by t.id`,
      )).map((r) => ({ uuid: r.uuid, webhookUuid: r.webhook_uuid, job: r.job }));

    it('keeps the webhooks matched at the event: one disabled since is delivered, one deleted since has no row but a job that fails', async () => {
      await database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
      await hook('expandkeep000000001');
      await hook('expanddisable000001');
      await hook('expanddelete0000001');
      const triggered = await publish();
      expect(triggered.map((t) => t.webhookUuid)).toEqual(['expandkeep000000001', 'expanddisable000001', 'expanddelete0000001']);
      await database.db.execute(sql`update webhooks set enabled = false where uuid = 'expanddisable000001'`);
      await database.db.execute(sql`delete from webhooks where uuid = 'expanddelete0000001'`);
      expect(await createWebhookExpansion(database.db).expandPending({ wait: false })).toBe(1);
      // Under the uuids the write drew (its notices link them), each with its delivery job.
      expect(await written()).toEqual(triggered.slice(0, 2).map((t) => ({ uuid: t.uuid, webhookUuid: t.webhookUuid, job: t.uuid })));
      // The deleted webhook's delivery fails without sending (test/http/webhook-delivery.test.ts), as when deleted later.
      const jobs = await queryRows<{ uuid: string; kind: string }>(database.db, sql`select uuid::text as uuid, kind from jobs order by id`);
      expect(jobs).toEqual(triggered.map((t) => ({ uuid: t.uuid, kind: WEBHOOK_JOB_KIND })));
    });

    it('still expands a job in the earlier format, whose matches carry their drawn uuids', async () => {
      await database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
      await hook('expandolder00000001');
      const [webhook] = await queryRows<{ id: number }>(database.db, sql`select id from webhooks where uuid = 'expandolder00000001'`);
      const drawn = '0b9d7a52-3f1e-4c0a-9a8e-5d2c1b0a9f8e';
      const payload = { contexts, triggered: [[drawn, webhook!.id, 'expandolder00000001', 0]] };
      await database.db.execute(sql`insert into jobs (kind, payload, max_attempts) values (${WEBHOOK_EXPANSION_JOB_KIND}, ${JSON.stringify(payload)}::jsonb, 1)`);
      expect(await createWebhookExpansion(database.db).expandPending({ wait: false })).toBe(1);
      expect(await written()).toEqual([{ uuid: drawn, webhookUuid: 'expandolder00000001', job: drawn }]);
    });

    it('is idempotent: an expansion job run again writes no second row or job', async () => {
      await database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
      await hook('expandtwice00000001');
      const triggered = await publish();
      // As if the first expansion had written its rows but not removed its job: the same job (its uuid names the
      // triggered webhooks) is pending again.
      const [job] = await queryRows<{ uuid: string; payload: unknown }>(database.db, sql`select uuid::text as uuid, payload from jobs where kind = ${WEBHOOK_EXPANSION_JOB_KIND}`);
      const expansion = createWebhookExpansion(database.db);
      expect(await expansion.expandPending({ wait: true })).toBe(1);
      await database.db.execute(sql`insert into jobs (uuid, kind, payload, max_attempts) values (${job!.uuid}::uuid, ${WEBHOOK_EXPANSION_JOB_KIND}, ${JSON.stringify(job!.payload)}::jsonb, 1)`);
      expect(await expansion.expandPending({ wait: true })).toBe(1);
      expect(await written()).toEqual([{ uuid: triggered[0]!.uuid, webhookUuid: 'expandtwice00000001', job: triggered[0]!.uuid }]);
      const [jobs] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs`);
      expect(Number(jobs!.n)).toBe(1);
    });
  });
});
