import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuditBuffer } from '../../../src/audit/audit-buffer.js';

/** A write that records its batches and resolves when told to (or at once). */
function recorder(options: { fail?: boolean } = {}) {
  const batches: number[][] = [];
  const write = vi.fn(async (rows: number[]) => {
    batches.push(rows);
    if (options.fail) throw new Error('database down');
  });
  return { batches, write };
}

afterEach(() => vi.useRealTimers());

describe('audit buffer', () => {
  it('writes nothing on the request path: an event is stored after the delay, in one batch with its neighbours', async () => {
    vi.useFakeTimers();
    const { batches, write } = recorder();
    const buffer = createAuditBuffer<number>({ write, maxRows: 200, maxDelayMs: 100 });
    buffer.add(1);
    buffer.add(2);
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(99);
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);
  });

  it('a full batch (maxRows) is written at once, the rest after the delay; one insert at a time', async () => {
    vi.useFakeTimers();
    let inFlight = 0;
    let most = 0;
    const batches: number[][] = [];
    const buffer = createAuditBuffer<number>({
      write: async (rows) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        batches.push(rows);
        inFlight -= 1;
      },
      maxRows: 200,
      maxDelayMs: 100,
    });
    for (let i = 0; i < 450; i += 1) buffer.add(i);
    await vi.advanceTimersByTimeAsync(20);
    expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
    expect(batches.flat()).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(most).toBe(1);
  });

  it('close() writes what is buffered without waiting for the delay, and refuses later events', async () => {
    const { batches, write } = recorder();
    const errors: string[] = [];
    const buffer = createAuditBuffer<number>({ write, maxDelayMs: 60_000, onError: (e) => errors.push(String(e)) });
    buffer.add(1);
    buffer.add(2);
    await buffer.close();
    expect(batches).toEqual([[1, 2]]);
    buffer.add(3);
    await buffer.flush();
    expect(batches).toEqual([[1, 2]]);
    expect(errors.join()).toMatch(/after the audit trail was closed/);
  });

  it('a failed insert is reported, not thrown, and not retried (the buffer cannot grow on a broken database)', async () => {
    const { batches, write } = recorder({ fail: true });
    const errors: string[] = [];
    const buffer = createAuditBuffer<number>({ write, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    buffer.add(1);
    await expect(buffer.flush()).resolves.toBeUndefined();
    expect(batches).toEqual([[1]]);
    expect(errors).toEqual(['writing 1 audit events: Error: database down']);
    expect(buffer.pending).toBe(0);
  });

  it('while inserts are slower than requests, at most maxBuffered events wait; the oldest are dropped and counted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches: number[][] = [];
    const errors: string[] = [];
    const buffer = createAuditBuffer<number>({
      write: async (rows) => {
        batches.push(rows);
        await gate;
      },
      maxRows: 2,
      maxBuffered: 5,
      onError: (e) => errors.push(String(e)),
    });
    for (let i = 0; i < 12; i += 1) buffer.add(i); // 0,1 go to the first insert, which hangs
    expect(buffer.pending).toBe(5);
    release();
    await buffer.flush();
    expect(batches.flat()).toEqual([0, 1, 7, 8, 9, 10, 11]);
    expect(errors.join()).toMatch(/5 audit events were dropped/);
  });

  it('an event added while the last batch is being written is written too', async () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    let buffer!: ReturnType<typeof createAuditBuffer<number>>;
    buffer = createAuditBuffer<number>({
      write: async (rows) => {
        batches.push(rows);
        if (rows[0] === 1) queueMicrotask(() => buffer.add(2));
      },
      maxDelayMs: 100,
    });
    buffer.add(1);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(batches.flat()).toEqual([1, 2]);
  });
});
