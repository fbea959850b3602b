export interface ReconcilerOptions {
  /** How often a run is scheduled (BullMQ job scheduler, one run at a time across processes). */
  everyMs: number;
  /** Rows per kind per sweep, oldest first (at most 1000). */
  batchSize?: number;
  /** Work touched more recently than this is left alone: its job is probably still in flight. */
  staleAfterMs?: number;
  /** The events catch-up re-reads this much before its cursor: SAT.ws may write events late. */
  eventsOverlapMs?: number;
  /** Events one catch-up run reads at most; past it the cursor stays and the next run resumes. */
  maxEventsPerRun?: number;
}

export type ReconcilerSettings = Required<ReconcilerOptions>;

export const DEFAULT_RECONCILER: ReconcilerSettings = {
  everyMs: 60_000,
  batchSize: 1000,
  staleAfterMs: 60_000,
  eventsOverlapMs: 5 * 60_000,
  maxEventsPerRun: 10_000,
};

/** SAT.ws keeps events 7 days (satws-api.md §8.5): a first catch-up starts that far back. */
export const EVENTS_RETENTION_MS = 7 * 24 * 60 * 60_000;

export function reconcilerSettings(options: ReconcilerOptions | undefined): ReconcilerSettings {
  return { ...DEFAULT_RECONCILER, ...options };
}
