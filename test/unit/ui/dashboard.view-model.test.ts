import { describe, expect, it } from 'vitest';
import type { Estate, IntegrationSummary, Placement } from '../../../src/integrations/estate.types.js';
import { buildDashboard, dashboardHref, parseDashboardQuery, toRow } from '../../../src/ui/dashboard/dashboard.view-model.js';

const at = (iso: string) => new Date(iso);

function integration(consumer: string, provider: string, extra: Partial<IntegrationSummary> = {}): IntegrationSummary {
  return {
    consumer: { name: consumer, labels: [] },
    provider: { name: provider, labels: [] },
    latestPact: { consumerVersion: '1.0.0', branches: ['main'], publishedAt: at('2026-01-02T03:04:05Z'), changed: false },
    latestVerification: null,
    ...extra,
  };
}

const estate = (integrations: IntegrationSummary[], placements: Array<[string, Placement[]]> = []): Estate => ({ integrations, placements: new Map(placements) });
const query = (raw: Record<string, unknown> = {}) => parseDashboardQuery(raw);

describe('parseDashboardQuery', () => {
  it.each([
    [{}, { q: '', label: '', deployed: false, environment: '', sort: 'consumer', page: 1, size: 50 }],
    [{ q: '  Foo ', label: 'team-a', sort: 'status', page: '3', size: '25' }, { q: 'Foo', label: 'team-a', sort: 'status', page: 3, size: 25 }],
    [{ sort: 'drop table', page: '-1', size: '7' }, { sort: 'consumer', page: 1, size: 50 }],
    [{ page: '0', size: '1000000' }, { page: 1, size: 50 }],
    [{ q: ['a', 'b'] }, { q: 'a' }],
    [{ q: 'x'.repeat(500) }, { q: 'x'.repeat(200) }],
  ])('%j → %j', (raw, expected) => {
    expect(parseDashboardQuery(raw)).toMatchObject(expected);
  });
});

describe('rows', () => {
  // Names as they come from the database; escaping is the view's job, so the view model keeps them verbatim.
  it.each([
    ['<script>alert(1)</script>', '/pacticipants/%3Cscript%3Ealert%281%29%3C%2Fscript%3E'],
    [`it's "quoted"`, '/pacticipants/it%27s%20%22quoted%22'],
    ['🍕 Pizza', '/pacticipants/%F0%9F%8D%95%20Pizza'],
    ['خدمة الدفع', '/pacticipants/%D8%AE%D8%AF%D9%85%D8%A9%20%D8%A7%D9%84%D8%AF%D9%81%D8%B9'],
    ['a/b?c#d', '/pacticipants/a%2Fb%3Fc%23d'],
  ])('keeps the name %s and links it encoded', (name, href) => {
    const row = toRow(integration(name, 'P'), new Map());
    expect(row.consumer).toEqual({ text: name, href });
  });

  it('keeps a very long version whole and links the pact of that version', () => {
    const version = `1.0.0+${'a'.repeat(2000)}`;
    const row = toRow(integration('C', 'P', { latestPact: { consumerVersion: version, branches: [], publishedAt: at('2026-01-02T03:04:05Z'), changed: true } }), new Map());
    expect(row.pact?.version.text).toBe(version);
    expect(row.pact?.version.href).toBe(`/pacts/provider/P/consumer/C/version/${encodeURIComponent(version)}`);
    expect(row.pact?.changed).toBe(true);
    expect(row.pact?.publishedAt).toBe('2026-01-02 03:04 UTC');
  });

  it.each([
    [null, 'unverified', '○', 'Not yet verified', null],
    [{ success: true, providerVersion: 'p1', verifiedAt: at('2026-02-01T00:00:00Z') }, 'verified', '✓', 'Verified', 'p1'],
    [{ success: false, providerVersion: 'p2', verifiedAt: at('2026-02-01T00:00:00Z') }, 'failed', '✗', 'Failed', 'p2'],
  ] as const)('verification %j → %s with an icon and a word', (latestVerification, status, icon, text, providerVersion) => {
    const row = toRow(integration('C', 'P', { latestVerification }), new Map());
    expect(row.verification).toMatchObject({ status, icon, text });
    expect(row.verification.providerVersion?.text ?? null).toBe(providerVersion);
    if (providerVersion) expect(row.verification.providerVersion?.href).toBe(`/pacticipants/P/versions/${providerVersion}`);
  });

  it('shows what each side has deployed or released, per environment', () => {
    const since = at('2026-01-01T00:00:00Z');
    const row = toRow(
      integration('C', 'P'),
      new Map([
        ['C', [{ environment: 'production', version: '1', kind: 'deployed' as const, applicationInstance: 'eu', since }]],
        ['P', [{ environment: 'test', version: '2', kind: 'released' as const, applicationInstance: null, since }]],
      ]),
    );
    expect(row.consumerPlacements).toEqual([{ environment: 'production', version: '1', kind: 'deployed', label: 'deployed (eu)' }]);
    expect(row.providerPlacements).toEqual([{ environment: 'test', version: '2', kind: 'released', label: 'released' }]);
  });

  it('a map, not an object: a pacticipant named __proto__ or constructor has no placements by accident', () => {
    expect(toRow(integration('__proto__', 'constructor'), new Map()).consumerPlacements).toEqual([]);
    expect(toRow(integration('__proto__', 'constructor'), new Map()).providerPlacements).toEqual([]);
  });
});

describe('buildDashboard', () => {
  const many = Array.from({ length: 120 }, (_, n) => integration(`Consumer ${String(n).padStart(3, '0')}`, n % 2 ? 'Orders' : 'Billing'));

  it('filters before it cuts the page (the Pact Broker limited first: #286/#287)', () => {
    const model = buildDashboard(estate(many), query({ q: 'orders', size: '25' }));
    expect(model.matching).toBe(60);
    expect(model.total).toBe(120);
    expect(model.rows).toHaveLength(25);
    expect(model.rows.every((r) => r.provider.text === 'Orders')).toBe(true);
    expect(model.pages).toBe(3);
    expect(model.next).toBe('/?q=orders&size=25&page=2');
    expect(model.previous).toBeNull();
  });

  it('clamps a page past the end to the last page', () => {
    const model = buildDashboard(estate(many), query({ page: '99' }));
    expect(model.page).toBe(3);
    expect(model.rows).toHaveLength(20);
    expect(model.next).toBeNull();
    expect(model.previous).toBe('/?page=2');
  });

  it('filters by a label on either side and lists every label', () => {
    const list = [
      integration('A', 'B', { consumer: { name: 'A', labels: ['team-x'] } }),
      integration('C', 'D', { provider: { name: 'D', labels: ['team-y'] } }),
      integration('E', 'F'),
    ];
    expect(buildDashboard(estate(list), query({ label: 'team-y' })).rows.map((r) => r.consumer.text)).toEqual(['C']);
    expect(buildDashboard(estate(list), query()).labels).toEqual(['team-x', 'team-y']);
  });

  it('matches text case-insensitively in either name, including non-Latin names', () => {
    const list = [integration('Zahlung', 'خدمة'), integration('Web', 'API')];
    expect(buildDashboard(estate(list), query({ q: 'ZAHL' })).rows).toHaveLength(1);
    expect(buildDashboard(estate(list), query({ q: 'خدمة' })).rows).toHaveLength(1);
    expect(buildDashboard(estate(list), query({ q: 'nothing' })).rows).toHaveLength(0);
  });

  it.each([
    ['consumer', ['a → Z', 'b → A', 'C → M']],
    ['provider', ['b → A', 'C → M', 'a → Z']],
    ['published', ['C → M', 'a → Z', 'b → A']],
    ['status', ['a → Z', 'C → M', 'b → A']],
  ])('sorts by %s, always reading consumer → provider', (sort, expected) => {
    const v = (success: boolean) => ({ success, providerVersion: '1', verifiedAt: at('2026-01-01T00:00:00Z') });
    const pact = (iso: string) => ({ consumerVersion: '1', branches: [], publishedAt: at(iso), changed: false });
    const list = [
      integration('b', 'A', { latestPact: pact('2026-01-01T00:00:00Z'), latestVerification: v(true) }),
      integration('C', 'M', { latestPact: pact('2026-03-01T00:00:00Z'), latestVerification: null }),
      integration('a', 'Z', { latestPact: pact('2026-02-01T00:00:00Z'), latestVerification: v(false) }),
    ];
    expect(buildDashboard(estate(list), query({ sort })).rows.map((r) => `${r.consumer.text} → ${r.provider.text}`)).toEqual(expected);
  });

  it('an empty estate is one empty page', () => {
    const model = buildDashboard(estate([]), query());
    expect(model).toMatchObject({ rows: [], total: 0, matching: 0, page: 1, pages: 1, previous: null, next: null });
  });

  it('dashboardHref leaves defaults out and encodes the rest', () => {
    expect(dashboardHref(query(), 1)).toBe('/');
    expect(dashboardHref(query({ q: 'a&b=<c>', label: 'x y', sort: 'status' }), 2)).toBe('/?q=a%26b%3D%3Cc%3E&label=x+y&sort=status&page=2');
  });
});

describe('only deployed or released (PactFlow roadmap #96)', () => {
  const place = (environment: string, kind: 'deployed' | 'released' = 'deployed'): Placement => ({ environment, version: '1', kind, applicationInstance: null, since: at('2026-01-01T00:00:00Z') });
  const list = [integration('Web', 'Orders'), integration('Mobile', 'Orders'), integration('Batch', 'Ledger'), integration('Lab', 'Toy')];
  const placements: Array<[string, Placement[]]> = [
    ['Web', [place('production')]],
    ['Ledger', [place('test', 'released')]],
  ];
  const rows = (raw: Record<string, unknown>) => buildDashboard(estate(list, placements), query(raw)).rows.map((r) => `${r.consumer.text} → ${r.provider.text}`);

  it.each([
    [{}, ['Batch → Ledger', 'Lab → Toy', 'Mobile → Orders', 'Web → Orders']],
    [{ deployed: '1' }, ['Batch → Ledger', 'Web → Orders']],
    [{ deployed: 'on', environment: 'production' }, ['Web → Orders']],
    [{ environment: 'test' }, ['Batch → Ledger']],
    [{ deployed: '1', environment: 'nowhere' }, []],
    [{ deployed: 'no' }, ['Batch → Ledger', 'Lab → Toy', 'Mobile → Orders', 'Web → Orders']],
  ])('%j keeps %j', (raw, expected) => expect(rows(raw)).toEqual(expected));

  it('applies before paging, and the page links keep it', () => {
    const many = Array.from({ length: 60 }, (_, n) => integration(`C${String(n).padStart(2, '0')}`, n < 30 ? 'Placed' : 'Nowhere'));
    const model = buildDashboard(estate(many, [['Placed', [place('production')]]]), query({ deployed: '1', environment: 'production', size: '25' }));
    expect(model.matching).toBe(30);
    expect(model.rows).toHaveLength(25);
    expect(model.next).toBe('/?deployed=1&environment=production&size=25&page=2');
  });

  it('lists the environments and every pacticipant name for the filter, sorted', () => {
    const model = buildDashboard(estate(list, placements), query());
    expect(model.environments).toEqual(['production', 'test']);
    expect(model.names).toEqual(['Batch', 'Lab', 'Ledger', 'Mobile', 'Orders', 'Toy', 'Web']);
  });

  it('parses the new fields leniently', () => {
    expect(parseDashboardQuery({ deployed: ['1', '0'], environment: ` ${'e'.repeat(300)} ` })).toMatchObject({ deployed: true, environment: 'e'.repeat(200) });
    expect(parseDashboardQuery({ deployed: { x: 1 } })).toMatchObject({ deployed: false, environment: '' });
  });
});
