// A readable, bounded diff of two pact documents, for people: the 409 notice of a conflicting republish (printed by
// the Pact CLI) and the diff resources. Pure: no database, no configuration read here.
//
// The interactions (and messages) of the two documents are matched by key (description and provider states, as a
// merge matches them); only the changed ones are diffed line by line, each with a bounded edit length and within
// one time budget for the whole call, so a large or thoroughly different pact costs little on the event loop. The
// text is cut at `limits.diffChars` with a note of what was left out.
import { diffLines } from 'diff';
import { LIMIT_SETTINGS, type Limits } from '../shared/limits.js';
import { canonicalJson, interactionKey, sortKeys, withoutId, type Json } from './pact-content.js';

/** How much work one line diff may do. */
export interface LineDiffBounds {
  /** Lines added plus removed in one changed interaction (or the top level) beyond which it is shown whole, before and after. */
  readonly maxEditLines: number;
  /**
   * Milliseconds spent in line diffing over one pactDiff call; once used up, the remaining changed interactions are
   * shown whole. A safety net: the edit-length bound and the character limit keep ordinary diffs far below it.
   */
  readonly timeBudgetMs: number;
}

export const LINE_DIFF_BOUNDS: LineDiffBounds = Object.freeze({ maxEditLines: 1000, timeBudgetMs: 250 });

/** Unchanged lines kept around each change; longer unchanged runs are folded into one "…" line. */
const CONTEXT_LINES = 3;
/** Characters kept free at the end of the output for the truncation note. */
const NOTE_ROOM = 400;
/** Characters of a description or provider state shown in a heading. */
const LABEL_CHARS = 200;

const LISTS = [
  { key: 'interactions', noun: 'interaction' },
  { key: 'messages', noun: 'message' },
] as const;

type Line = { tag: ' ' | '-' | '+'; text: string };

interface Item {
  value: Json;
  /** Canonical JSON without `_id`: equal strings are equal interactions. */
  canonical: string;
  /** Pairs a changed interaction with its earlier form. */
  key: string;
}

const isObject = (value: unknown): value is { [key: string]: Json } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const pretty = (value: unknown) => JSON.stringify(sortKeys(value), null, 2) ?? 'undefined';

function items(list: unknown): Item[] {
  if (!Array.isArray(list)) return [];
  return (list as Json[]).map((value) => {
    const canonical = canonicalJson(withoutId(value));
    // Non-objects never pair with anything but an equal value (matched as unchanged before pairing by key).
    return { value, canonical, key: isObject(value) ? `k${interactionKey(value)}` : `x${canonical}` };
  });
}

interface Matched {
  unchanged: number;
  changed: Array<[Item, Item]>;
  removed: Item[];
  added: Item[];
}

/**
 * Equal interactions (ignoring `_id` and key order) are unchanged, whatever their position; of the rest, those with
 * the same key are paired in document order (so duplicates pair first with first), and the others are removed or
 * added. Interactions without a description pair by their provider states alone.
 */
export function matchInteractions(before: unknown, after: unknown): Matched {
  const remainingAfter = items(after);
  const byCanonical = new Map<string, Queue>();
  remainingAfter.forEach((item, index) => push(byCanonical, item.canonical, index));
  const taken = new Set<number>();
  let unchanged = 0;
  const unmatchedBefore: Item[] = [];
  for (const item of items(before)) {
    const index = take(byCanonical, item.canonical);
    if (index === undefined) unmatchedBefore.push(item);
    else {
      taken.add(index);
      unchanged++;
    }
  }
  const byKey = new Map<string, Queue>();
  remainingAfter.forEach((item, index) => {
    if (!taken.has(index)) push(byKey, item.key, index);
  });
  const changed: Array<[Item, Item]> = [];
  const removed: Item[] = [];
  for (const item of unmatchedBefore) {
    const index = take(byKey, item.key);
    if (index === undefined) removed.push(item);
    else {
      taken.add(index);
      changed.push([item, remainingAfter[index]!]);
    }
  }
  const added = remainingAfter.filter((_, index) => !taken.has(index));
  return { unchanged, changed, removed, added };
}

/** Indexes in document order, taken from the front (a cursor, so many duplicates stay linear). */
type Queue = { indexes: number[]; next: number };

function push(map: Map<string, Queue>, key: string, index: number): void {
  const queue = map.get(key);
  if (queue) queue.indexes.push(index);
  else map.set(key, { indexes: [index], next: 0 });
}

function take(map: Map<string, Queue>, key: string): number | undefined {
  const queue = map.get(key);
  return queue && queue.next < queue.indexes.length ? queue.indexes[queue.next++] : undefined;
}

function clip(text: string): string {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS)}…` : text;
}

/** `"description" given "state a", "state b"`, quoted as JSON strings so control characters stay escaped. */
export function interactionLabel(value: Json): string {
  if (!isObject(value)) return clip(canonicalJson(value));
  const description = typeof value.description === 'string' ? JSON.stringify(clip(value.description)) : '(no description)';
  const states = value.providerStates ?? value.providerState;
  const all = Array.isArray(states) ? states : states === undefined || states === null ? [] : [states];
  const names = all
    .slice(0, 5)
    .map((state) => JSON.stringify(clip(isObject(state) && typeof state.name === 'string' ? state.name : typeof state === 'string' ? state : canonicalJson(state))));
  if (all.length > 5) names.push(`… (${all.length} states)`);
  return names.length > 0 ? `${description} given ${names.join(', ')}` : description;
}

/** The document without its interactions and messages (consumer, provider, metadata and anything else). */
function topLevel(document: unknown): unknown {
  if (!isObject(document)) return document;
  // fromEntries defines each key as an own property (a "__proto__" key stays data, as JSON.parse made it).
  return Object.fromEntries(Object.entries(document).filter(([key]) => !LISTS.some((list) => list.key === key)));
}

/** The time left for line diffing in one pactDiff call. */
class TimeBudget {
  private spent = 0;
  constructor(private readonly budgetMs: number) {}
  get left(): number {
    return this.budgetMs - this.spent;
  }
  run<T>(work: (timeout: number) => T): T {
    const start = performance.now();
    try {
      return work(this.left);
    } finally {
      this.spent += performance.now() - start;
    }
  }
}

type Bounded = { lines: Line[] } | { tooLong: 'edit' | 'time' };

/**
 * The lines of a bounded line diff of two texts, or why there is none. Common leading and trailing lines are set
 * aside first, so one changed value in a long interaction costs one comparison pass.
 */
function boundedLineDiff(before: string, after: string, maxEditLines: number, time: TimeBudget): Bounded {
  const a = before.split('\n');
  const b = after.split('\n');
  const shortest = Math.min(a.length, b.length);
  let head = 0;
  while (head < shortest && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < shortest - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle: Line[] = [];
  if (midA.length > 0 && midB.length > 0) {
    // The edit length is at least the difference in length.
    if (Math.abs(midA.length - midB.length) > maxEditLines) return { tooLong: 'edit' };
    if (time.left <= 0) return { tooLong: 'time' };
    const changes = time.run((timeout) =>
      diffLines(`${midA.join('\n')}\n`, `${midB.join('\n')}\n`, { maxEditLength: maxEditLines, timeout }),
    );
    if (!changes) return { tooLong: time.left <= 0 ? 'time' : 'edit' };
    for (const change of changes) {
      const tag = change.added ? '+' : change.removed ? '-' : ' ';
      for (const text of change.value.replace(/\n$/, '').split('\n')) middle.push({ tag, text });
    }
  } else {
    for (const text of midA) middle.push({ tag: '-', text });
    for (const text of midB) middle.push({ tag: '+', text });
  }
  const same = (text: string): Line => ({ tag: ' ', text });
  return { lines: [...a.slice(0, head).map(same), ...middle, ...a.slice(a.length - tail).map(same)] };
}

/** Unchanged lines further than CONTEXT_LINES from a change are folded into "… N unchanged lines". */
function withContext(lines: Line[]): string[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((line, index) => {
    if (line.tag === ' ') return;
    for (let i = Math.max(0, index - CONTEXT_LINES); i <= Math.min(lines.length - 1, index + CONTEXT_LINES); i++) keep[i] = 1;
  });
  const out: string[] = [];
  let folded: Line[] = [];
  const flush = () => {
    // Folding one or two lines would not make the text shorter.
    if (folded.length > 2) out.push(`  … ${folded.length} unchanged lines`);
    else for (const line of folded) out.push(`  ${line.text}`);
    folded = [];
  };
  lines.forEach((line, index) => {
    if (keep[index]) {
      flush();
      out.push(`${line.tag} ${line.text}`);
    } else folded.push(line);
  });
  flush();
  return out;
}

const whole = (tag: '-' | '+', text: string) => text.split('\n').map((line) => `${tag} ${line}`);

function changedBody(before: unknown, after: unknown, bounds: LineDiffBounds, time: TimeBudget): string[] {
  const a = pretty(before);
  const b = pretty(after);
  const diff = boundedLineDiff(a, b, bounds.maxEditLines, time);
  if ('lines' in diff) return withContext(diff.lines);
  const why =
    diff.tooLong === 'edit'
      ? `more than ${bounds.maxEditLines} lines differ`
      : `the ${bounds.timeBudgetMs} ms for line diffs of this pact are used up`;
  return [`  (not compared line by line: ${why}; shown whole, before and after)`, ...whole('-', a), ...whole('+', b)];
}

/**
 * Collects sections (a heading line, then its lines) within the character limit. The text without a note may use
 * the limit less the room for the note; the section that does not fit is cut at a line end, or left out whole when
 * not even its heading fits, and every later section is only counted.
 */
class CappedText {
  private text = '';
  private truncated = false;
  /** Characters of the cut section (or of a non-interaction section left out) not shown. */
  private moreChars = 0;
  /** Interaction sections of which nothing is shown. */
  private moreInteractions = 0;

  constructor(private readonly maxChars: number) {}

  get full(): boolean {
    return this.truncated;
  }

  add(section: string, kind: 'interaction' | 'other'): void {
    if (this.truncated) {
      this.skip(kind === 'interaction' ? 1 : 0);
      return;
    }
    const separator = this.text.length > 0 ? '\n\n' : '';
    const room = this.maxChars - NOTE_ROOM - this.text.length - separator.length;
    if (section.length <= room) {
      this.text += separator + section;
      return;
    }
    this.truncated = true;
    const headingEnd = section.indexOf('\n');
    const lineEnd = section.lastIndexOf('\n', room);
    if (headingEnd >= 0 && lineEnd >= headingEnd) {
      this.text += separator + section.slice(0, lineEnd);
      this.moreChars += section.length - lineEnd;
    } else if (kind === 'interaction') this.moreInteractions++;
    else this.moreChars += section.length;
  }

  /** Interaction sections never rendered. */
  skip(count: number): void {
    this.moreInteractions += count;
  }

  toString(): string {
    if (!this.truncated) return this.text;
    const n = this.moreInteractions;
    return (
      `${this.text}\n… diff truncated: ${this.moreChars} more characters / ${n} more interaction${n === 1 ? '' : 's'} ` +
      `not shown (limit diffChars of ${this.maxChars} characters; set by ${LIMIT_SETTINGS.diffChars.variable})`
    );
  }
}

/**
 * A readable diff from `before` to `after` (parsed pact documents), at most `limits.diffChars` characters long:
 * a summary line, the top-level differences (consumer, provider, metadata), then each changed interaction as a line
 * diff with a little context, each removed one with `- ` lines and each added one with `+ ` lines. Order of
 * interactions, key order and `_id` are not differences.
 */
export function pactDiff(before: unknown, after: unknown, limits: Pick<Limits, 'diffChars'>, bounds: LineDiffBounds = LINE_DIFF_BOUNDS): string {
  const time = new TimeBudget(bounds.timeBudgetMs);
  const lists = LISTS.map((list) => ({
    ...list,
    matched: matchInteractions(isObject(before) ? before[list.key] : undefined, isObject(after) ? after[list.key] : undefined),
  }));
  const out = new CappedText(limits.diffChars);

  const counts = lists
    .filter(({ key, matched }) => key === 'interactions' || matched.unchanged + matched.changed.length + matched.removed.length + matched.added.length > 0)
    .map(({ key, matched: m }) => `${key[0]!.toUpperCase()}${key.slice(1)}: ${m.changed.length} changed, ${m.removed.length} removed, ${m.added.length} added, ${m.unchanged} unchanged`);
  out.add(counts.join('\n'), 'other');

  const topBefore = pretty(topLevel(before));
  const topAfter = pretty(topLevel(after));
  if (topBefore !== topAfter) {
    out.add(['Top level (consumer, provider, metadata):', ...changedBody(topLevel(before), topLevel(after), bounds, time)].join('\n'), 'other');
  }

  for (const { noun, matched } of lists) {
    const sections: Array<() => string> = [
      ...matched.changed.map(([a, b]) => () => [`Changed ${noun} ${interactionLabel(b.value)}:`, ...changedBody(withoutId(a.value), withoutId(b.value), bounds, time)].join('\n')),
      ...matched.removed.map((item) => () => [`Removed ${noun} ${interactionLabel(item.value)}:`, ...whole('-', pretty(withoutId(item.value)))].join('\n')),
      ...matched.added.map((item) => () => [`Added ${noun} ${interactionLabel(item.value)}:`, ...whole('+', pretty(withoutId(item.value)))].join('\n')),
    ];
    for (const [index, section] of sections.entries()) {
      if (out.full) {
        out.skip(sections.length - index);
        break;
      }
      out.add(section(), 'interaction');
    }
  }
  return out.toString();
}
