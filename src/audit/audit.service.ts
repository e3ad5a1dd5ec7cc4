// The audit trail: records writes in batches (audit-buffer.ts), lists them for admins, prunes them by age.
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { createAuditBuffer } from './audit-buffer.js';
import type { AuditRepository } from './audit.repository.js';
import type { AuditEvent, AuditEventInput, AuditFilter } from './audit.types.js';

export const DAY_MS = 86_400_000;

export interface AuditServiceOptions {
  auditRepo: AuditRepository;
  retentionDays: number;
  clock?: Clock;
  batchRows?: number;
  batchDelayMs?: number;
}

export function createAuditService(options: AuditServiceOptions) {
  const { auditRepo, retentionDays } = options;
  const clock = options.clock ?? systemClock;
  // Failed batch writes are reported to the app's logger once it exists (reportErrorsTo); the container has none.
  let onError: (error: unknown, context: string) => void = () => undefined;
  const buffer = createAuditBuffer<AuditEventInput>({
    write: (rows) => auditRepo.insertMany(rows),
    maxRows: options.batchRows ?? 200,
    maxDelayMs: options.batchDelayMs ?? 100,
    onError: (error, context) => onError(error, context),
  });

  return {
    /** Queues an event (stamped now); it is stored within the batch delay. Never throws, never waits. */
    record(event: Omit<AuditEventInput, 'at'>): void {
      buffer.add({ ...event, at: clock.now() });
    },
    /** Newest first. */
    list: (filter: AuditFilter): Promise<AuditEvent[]> => auditRepo.list(filter),
    /** Deletes events older than the retention period; returns how many. */
    prune: (): Promise<number> => auditRepo.deleteBefore(new Date(clock.now().getTime() - retentionDays * DAY_MS)),
    /** Writes what is buffered. */
    flush: (): Promise<void> => buffer.flush(),
    /** Writes what is buffered and stops recording (the app's close). */
    close: (): Promise<void> => buffer.close(),
    /** Where failed batch writes and dropped events are reported. */
    reportErrorsTo(handler: (error: unknown, context: string) => void): void {
      onError = handler;
    },
    retentionDays,
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/**
 * Prunes on a timer: once shortly after start, then every intervalMs. The timer does not keep the process alive.
 * With several Treaty processes on one database each prunes; the deletes are idempotent.
 */
export function startAuditPruning(audit: Pick<AuditService, 'prune'>, options: { intervalMs?: number; firstDelayMs?: number; onError?: (error: unknown) => void; onPruned?: (count: number) => void } = {}) {
  const intervalMs = options.intervalMs ?? 3_600_000;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const count = await audit.prune();
      if (count > 0) options.onPruned?.(count);
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), options.firstDelayMs ?? 10_000);
  const every = setInterval(() => void run(), intervalMs);
  first.unref();
  every.unref();
  return {
    stop(): void {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
