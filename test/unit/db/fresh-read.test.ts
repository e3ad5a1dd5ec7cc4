// The coalesced write-stamp read (src/db/fresh-read.ts): one read in flight, and never an answer sent before the caller.
import { describe, expect, it } from 'vitest';
import { freshReads } from '../../../src/db/fresh-read.js';

/** A read the test answers by hand: `sent` lists the reads in the order they were sent, each with its resolve/reject. */
function manualStore() {
  const sent: Array<{ resolve: (n: number) => void; reject: (e: Error) => void }> = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      sent.push({ resolve, reject });
    });
  return { sent, read };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('freshReads', () => {
  it('sends a read at once when none is in flight', async () => {
    const { sent, read } = manualStore();
    const fresh = freshReads(read);
    const a = fresh();
    expect(sent).toHaveLength(1);
    sent[0]!.resolve(7);
    expect(await a).toBe(7);
    const b = fresh();
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(8);
    expect(await b).toBe(8);
  });

  it('makes a caller arriving during a flight wait for the next read, sent after the flight lands', async () => {
    const { sent, read } = manualStore();
    const fresh = freshReads(read);
    const early = fresh();
    const late = fresh(); // arrived while the first read was in flight: its answer may predate a commit `late` must see
    expect(sent).toHaveLength(1); // at most one in flight
    let lateAnswer: number | undefined;
    void late.then((n) => (lateAnswer = n));
    sent[0]!.resolve(1); // the stamp before a commit
    expect(await early).toBe(1);
    await settle();
    expect(lateAnswer).toBeUndefined(); // NOT the in-flight answer
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(2); // the stamp after the commit
    expect(await late).toBe(2);
  });

  it('lets every caller arriving during one flight share the next read', async () => {
    const { sent, read } = manualStore();
    const fresh = freshReads(read);
    const first = fresh();
    const waiting = [fresh(), fresh(), fresh()];
    expect(sent).toHaveLength(1);
    sent[0]!.resolve(1);
    await first;
    await settle();
    expect(sent).toHaveLength(2);
    // Arriving while the shared next read is in flight: waits for a third.
    const after = fresh();
    sent[1]!.resolve(2);
    expect(await Promise.all(waiting)).toEqual([2, 2, 2]);
    await settle();
    expect(sent).toHaveLength(3);
    sent[2]!.resolve(3);
    expect(await after).toBe(3);
  });

  it('sends the next read after a failed one, and reports each failure to its own callers', async () => {
    const { sent, read } = manualStore();
    const fresh = freshReads(read);
    const failing = fresh();
    const next = fresh();
    sent[0]!.reject(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await settle();
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(5);
    expect(await next).toBe(5);
  });

  it('a caller resuming from a flight and reading again waits for a read sent after it', async () => {
    const { sent, read } = manualStore();
    const fresh = freshReads(read);
    let again: Promise<number> | undefined;
    const first = fresh().then((n) => {
      again = fresh(); // e.g. a second gated read in the same request
      return n;
    });
    sent[0]!.resolve(1);
    expect(await first).toBe(1);
    await settle();
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(2);
    expect(await again).toBe(2);
  });
});
