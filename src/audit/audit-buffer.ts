// Collects audit events and writes them in batches, off the request path: a publish never waits for its audit row.
// A batch is written when it reaches maxRows or maxDelayMs after its first event, whichever comes first; close()
// writes what is left. One insert runs at a time; events arriving meanwhile wait for the next batch.
//
// What can be lost: events still buffered when the process dies without closing (at most maxDelayMs of writes, or
// everything queued behind a slow insert), a batch whose insert fails (logged through onError, not retried, so a
// broken database cannot grow the buffer without end), and the oldest events beyond maxBuffered (counted in the log).

export interface AuditBufferOptions<T> {
  write: (rows: T[]) => Promise<void>;
  maxRows?: number;
  maxDelayMs?: number;
  /** Events kept while inserts are slower than requests; beyond it the oldest are dropped. */
  maxBuffered?: number;
  onError?: (error: unknown, context: string) => void;
}

export interface AuditBuffer<T> {
  add(row: T): void;
  /** Writes everything added so far; resolves when it is stored (or its insert failed and was reported). */
  flush(): Promise<void>;
  /** Flushes and refuses later events (they are dropped and reported once). */
  close(): Promise<void>;
  readonly pending: number;
}

export function createAuditBuffer<T>(options: AuditBufferOptions<T>): AuditBuffer<T> {
  const maxRows = options.maxRows ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 100;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const onError = options.onError ?? (() => undefined);
  const rows: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  let dropped = 0;

  /** Writes batches until the buffer is empty; events added meanwhile go into the following batches. */
  async function pump(): Promise<void> {
    while (rows.length > 0) {
      if (dropped > 0) {
        onError(new Error(`${dropped} audit events were dropped: the audit buffer was full (database slow or down)`), 'audit buffer');
        dropped = 0;
      }
      const batch = rows.splice(0, maxRows);
      try {
        await options.write(batch);
      } catch (error) {
        onError(error, `writing ${batch.length} audit events`);
      }
    }
  }

  function kick(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    running ??= pump().finally(() => {
      running = undefined;
      // An event added between the last batch and this callback found `running` set and scheduled nothing.
      if (rows.length > 0 && timer === undefined) timer = setTimeout(() => void kick(), maxDelayMs);
    });
    return running;
  }

  return {
    add(row) {
      if (closed) {
        onError(new Error('an audit event arrived after the audit trail was closed; it was not recorded'), 'audit buffer');
        return;
      }
      rows.push(row);
      if (rows.length > maxBuffered) {
        rows.shift();
        dropped += 1;
      }
      if (rows.length >= maxRows) void kick();
      else if (timer === undefined && running === undefined) timer = setTimeout(() => void kick(), maxDelayMs);
    },
    flush: kick,
    async close() {
      closed = true;
      await kick();
    },
    get pending() {
      return rows.length;
    },
  };
}
