import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withInteractionIds, type PactDocument } from '../../../src/pacts/pact-content.js';
import { LINE_DIFF_BOUNDS, interactionLabel, matchInteractions, pactDiff } from '../../../src/pacts/pact-diff.js';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';

type Interaction = Record<string, unknown>;

function interaction(i: number, overrides: Interaction = {}): Interaction {
  return {
    description: `a request for thing ${i}`,
    providerState: `thing ${i} exists`,
    request: { method: 'GET', path: `/things/${i}`, headers: { Accept: 'application/json' } },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: i, name: `thing ${i}`, tags: ['x', 'y'] } },
    ...overrides,
  };
}

const pact = (interactions: unknown[], extra: Record<string, unknown> = {}) =>
  ({ consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions, metadata: { pactSpecification: { version: '2.0.0' } }, ...extra }) as PactDocument;

const many = (n: number, change: (i: number) => Interaction = (i) => interaction(i)) => Array.from({ length: n }, (_, i) => change(i));
const limits = DEFAULT_LIMITS;

describe('pactDiff: what changed', () => {
  it('reports changed, removed and added interactions, each under a heading naming it', () => {
    const before = pact([interaction(1), interaction(2), interaction(3)]);
    const after = pact([interaction(1), interaction(2, { response: { status: 404 } }), interaction(4)]);
    const text = pactDiff(before, after, limits);
    expect(text).toMatch(/^Interactions: 1 changed, 1 removed, 1 added, 1 unchanged$/m);
    expect(text).toMatch(/^Changed interaction "a request for thing 2" given "thing 2 exists":$/m);
    expect(text).toMatch(/^Removed interaction "a request for thing 3" given "thing 3 exists":$/m);
    expect(text).toMatch(/^Added interaction "a request for thing 4" given "thing 4 exists":$/m);
    // The changed interaction as a line diff: only what differs is marked.
    const changed = text.slice(text.indexOf('Changed interaction'), text.indexOf('Removed interaction'));
    expect(changed).toMatch(/^-\s+"status": 200$/m);
    expect(changed).toMatch(/^\+\s+"status": 404$/m);
    expect(changed).toMatch(/^- {5}"body": \{$/m);
    expect(changed).not.toMatch(/^[-+].*"path"/m);
    // Removed and added interactions are shown whole.
    expect(text).toMatch(/^- {3}"description": "a request for thing 3",$/m);
    expect(text).toMatch(/^\+ {3}"description": "a request for thing 4",$/m);
    // Nothing of the unchanged interaction.
    expect(text).not.toContain('thing 1');
  });

  it('ignores interaction order, key order and the stored _id', () => {
    const before = withInteractionIds(pact([interaction(1), interaction(2)]));
    const reordered = JSON.parse(JSON.stringify({ metadata: before.metadata, interactions: [interaction(2), interaction(1)], provider: before.provider, consumer: before.consumer }));
    expect(pactDiff(before, reordered, limits)).toBe('Interactions: 0 changed, 0 removed, 0 added, 2 unchanged');
  });

  it('shows a change of the top-level parts (metadata, consumer, provider) as a line diff', () => {
    const before = pact([interaction(1)]);
    const after = pact([interaction(1)], { metadata: { pactSpecification: { version: '3.0.0' } }, provider: { name: 'Baz' } });
    const text = pactDiff(before, after, limits);
    expect(text).toContain('Top level (consumer, provider, metadata):');
    expect(text).toMatch(/^- +"version": "2.0.0"$/m);
    expect(text).toMatch(/^\+ +"version": "3.0.0"$/m);
    expect(text).toMatch(/^- +"name": "Bar"$/m);
    expect(text).toMatch(/^\+ +"name": "Baz"$/m);
    expect(text).toMatch(/^Interactions: 0 changed, 0 removed, 0 added, 1 unchanged$/m);
  });

  it('diffs messages too, named as messages', () => {
    const message = (i: number, body: unknown) => ({ description: `event ${i}`, providerStates: [{ name: 'an order', params: { id: i } }], contents: { body } });
    const text = pactDiff(pact([], { messages: [message(1, 'a')] }), pact([], { messages: [message(1, 'b')] }), limits);
    expect(text).toMatch(/^Messages: 1 changed, 0 removed, 0 added, 0 unchanged$/m);
    expect(text).toMatch(/^Changed message "event 1" given "an order":$/m);
    expect(text).toMatch(/^- +"body": "a"$/m);
  });

  it('folds long unchanged runs inside a changed interaction, keeping a few lines of context', () => {
    const big = (status: number) => interaction(1, { response: { status, body: Object.fromEntries(many(40).map((_, i) => [`field${String(i).padStart(2, '0')}`, i])) } });
    const text = pactDiff(pact([big(200)]), pact([big(500)]), limits);
    expect(text).toMatch(/^ {2}… \d+ unchanged lines$/m);
    expect(text).toMatch(/^\+ +"status": 500$/m);
    expect(text).not.toContain('field10');
  });
});

describe('pactDiff: matching interactions', () => {
  it('pairs duplicates (same description and state) in document order; equal ones are unchanged wherever they are', () => {
    const a = interaction(1, { response: { status: 200 } });
    const b = interaction(1, { response: { status: 201 } });
    const c = interaction(1, { response: { status: 202 } });
    expect(counts(matchInteractions([a, b], [b, c]))).toEqual({ unchanged: 1, changed: 1, removed: 0, added: 0 });
    expect(counts(matchInteractions([a, a], [a]))).toEqual({ unchanged: 1, changed: 0, removed: 1, added: 0 });
    expect(counts(matchInteractions([a], [b, c]))).toEqual({ unchanged: 0, changed: 1, removed: 0, added: 1 });
    expect(matchInteractions([a], [b, c]).changed.map(([before, after]) => [before.value, after.value])).toEqual([[a, b]]);
  });

  it('pairs interactions without a description by their provider states, and labels them so', () => {
    const noDescription = (status: number) => ({ providerState: 's', request: { method: 'GET', path: '/' }, response: { status } });
    const text = pactDiff(pact([noDescription(200)]), pact([noDescription(404)]), limits);
    expect(text).toMatch(/^Interactions: 1 changed, 0 removed, 0 added, 0 unchanged$/m);
    expect(text).toMatch(/^Changed interaction \(no description\) given "s":$/m);
  });

  it('many equal duplicates match one for one', () => {
    const a = interaction(1);
    expect(counts(matchInteractions(many(3000, () => a), many(2999, () => a)))).toEqual({ unchanged: 2999, changed: 0, removed: 1, added: 0 });
  });

  it('a different description or provider state is a removed and an added interaction', () => {
    expect(counts(matchInteractions([interaction(1)], [interaction(1, { description: 'renamed' })]))).toEqual({ unchanged: 0, changed: 0, removed: 1, added: 1 });
    expect(counts(matchInteractions([interaction(1)], [interaction(1, { providerState: 'other' })]))).toEqual({ unchanged: 0, changed: 0, removed: 1, added: 1 });
  });

  it('copes with entries that are not objects and with missing lists', () => {
    expect(counts(matchInteractions([1, 'a', null], [1, 'b', null]))).toEqual({ unchanged: 2, changed: 0, removed: 1, added: 1 });
    expect(counts(matchInteractions(undefined, [interaction(1)]))).toEqual({ unchanged: 0, changed: 0, removed: 0, added: 1 });
    expect(pactDiff({ consumer: { name: 'Foo' } }, pact([interaction(1)]), limits)).toMatch(/^Added interaction "a request for thing 1"/m);
  });

  it('labels are JSON strings (control characters escaped) and short', () => {
    expect(interactionLabel({ description: 'evil\n\u001b[31mred', providerStates: [{ name: 'a' }, { name: 'b' }] })).toBe('"evil\\n\\u001b[31mred" given "a", "b"');
    expect(interactionLabel({ description: 'x'.repeat(10_000) }).length).toBeLessThan(250);
    const states = many(1000).map((_, i) => ({ name: `state ${i}` }));
    expect(interactionLabel({ description: 'd', providerStates: states })).toBe('"d" given "state 0", "state 1", "state 2", "state 3", "state 4", … (1000 states)');
  });
});

describe('pactDiff: bounded', () => {
  it('cuts the text at diffChars with a note of the characters and interactions left out', () => {
    const before = pact([]);
    const after = pact(many(50));
    const text = pactDiff(before, after, { diffChars: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000);
    const note = /\n… diff truncated: (\d+) more characters \/ (\d+) more interactions not shown \(limit diffChars of 2000 characters; set by TREATY_MAX_DIFF_CHARS\)$/.exec(text);
    expect(note).not.toBeNull();
    const shown = text.match(/^Added interaction/gm)!.length;
    // Sections started (the last one possibly cut) plus the ones never rendered are all 50.
    expect(shown + Number(note![2])).toBe(50);
    const full = pactDiff(before, after, { diffChars: 1_000_000 });
    expect(full).not.toContain('diff truncated');
    // What is shown is the beginning of the whole diff (cut at a line end), and the count of characters adds up.
    const kept = text.slice(0, text.indexOf('\n… diff truncated'));
    expect(full.startsWith(`${kept}\n`)).toBe(true);
    // The characters not shown are the rest of the last section shown.
    const next = full.indexOf('\n\nAdded', kept.length);
    expect(Number(note![1])).toBe((next === -1 ? full.length : next) - kept.length);
    expect(Number(note![1])).toBeGreaterThan(0);
  });

  it('a 4000-interaction pair with one change: within the limit, naming the changed interaction', () => {
    const before = withInteractionIds(pact(many(4000)));
    const after = pact(many(4000, (i) => (i === 1234 ? interaction(i, { response: { status: 500 } }) : interaction(i))));
    const text = pactDiff(before, after, limits);
    expect(text.length).toBeLessThanOrEqual(limits.diffChars);
    expect(text).toMatch(/^Interactions: 1 changed, 0 removed, 0 added, 3999 unchanged$/m);
    expect(text).toMatch(/^Changed interaction "a request for thing 1234" given "thing 1234 exists":$/m);
    expect(text).toMatch(/^\+ +"status": 500$/m);
    expect(text).not.toContain('diff truncated');
  });

  it('a 4000-interaction pair where every interaction changed: cut at the limit, the counts still complete', () => {
    const before = withInteractionIds(pact(many(4000)));
    const after = pact(many(4000, (i) => interaction(i, { response: { status: 500 } })));
    const text = pactDiff(before, after, limits);
    expect(text.length).toBeLessThanOrEqual(limits.diffChars);
    expect(text).toMatch(/^Interactions: 4000 changed, 0 removed, 0 added, 0 unchanged$/m);
    expect(text).toMatch(/^Changed interaction "a request for thing 0" given "thing 0 exists":$/m);
    expect(text).toMatch(/… diff truncated: \d+ more characters \/ \d+ more interactions not shown/);
  });

  it('an interaction with more changed lines than maxEditLines is shown whole, before and after', () => {
    const wide = (value: number) => interaction(1, { response: { status: 200, body: many(20).map((_, i) => i * value) } });
    const text = pactDiff(pact([wide(1)]), pact([wide(2)]), { diffChars: 100_000 }, { ...LINE_DIFF_BOUNDS, maxEditLines: 5 });
    expect(text).toContain('(not compared line by line: more than 5 lines differ; shown whole, before and after)');
    expect(text).toMatch(/^- {3}"description": "a request for thing 1",$/m);
    expect(text).toMatch(/^\+ {3}"description": "a request for thing 1",$/m);
    // Within the bound it is a line diff.
    expect(pactDiff(pact([wide(1)]), pact([wide(2)]), { diffChars: 100_000 })).not.toContain('not compared line by line');
  });

  it('once the time budget for line diffs is used up, changed interactions are shown whole', () => {
    const text = pactDiff(pact([interaction(1)]), pact([interaction(1, { response: { status: 500 } })]), limits, { ...LINE_DIFF_BOUNDS, timeBudgetMs: 0 });
    expect(text).toContain('(not compared line by line: the 0 ms for line diffs of this pact are used up; shown whole, before and after)');
    expect(text).toMatch(/^\+ {5}"status": 500$/m);
  });

  it('for any two documents: never longer than diffChars, and no differences between a document and itself', () => {
    const anyInteraction = fc.record({
      description: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      providerState: fc.option(fc.constantFrom('s', 't'), { nil: undefined }),
      response: fc.jsonValue({ maxDepth: 3 }),
    });
    const anyPact = fc.record({
      consumer: fc.constant({ name: 'Foo' }),
      provider: fc.constant({ name: 'Bar' }),
      interactions: fc.array(fc.oneof(anyInteraction, fc.jsonValue({ maxDepth: 2 })), { maxLength: 30 }),
      metadata: fc.jsonValue({ maxDepth: 3 }),
    });
    fc.assert(
      fc.property(anyPact, anyPact, fc.integer({ min: 1000, max: 5000 }), (a, b, diffChars) => {
        expect(pactDiff(a, b, { diffChars }).length).toBeLessThanOrEqual(diffChars);
        expect(pactDiff(a, structuredClone(a), { diffChars })).toMatch(/^Interactions: 0 changed, 0 removed, 0 added, \d+ unchanged$/);
      }),
      { numRuns: 200 },
    );
  });
});

function counts(matched: ReturnType<typeof matchInteractions>) {
  return { unchanged: matched.unchanged, changed: matched.changed.length, removed: matched.removed.length, added: matched.added.length };
}
