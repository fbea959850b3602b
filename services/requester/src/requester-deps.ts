import type { CallBudget } from '@invoice-extractor/shared/budget';
import type { Logger } from '@invoice-extractor/shared/logger';
import type { Queues } from '@invoice-extractor/shared/queues';
import type { SatwsClient } from '@invoice-extractor/shared/satws';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { ReconcilerOptions } from './reconcile/reconciler-options.js';

export interface RequesterTiming {
  /** How long after SAT.ws accepts an extraction the reconciler should look if nothing moved it. */
  requestDeadlineMs: number;
  /** The new deadline when SAT.ws reports `waiting` (a prerequisite is missing upstream). */
  waitingDeadlineMs: number;
  /**
   * How long an `extraction.updated` for a SAT.ws id we do not know is retried: the requester
   * may not have recorded the id yet. Past it the event is set aside (an extraction someone
   * started outside this system). Keep it below the satws-events queue's total backoff.
   */
  unknownExtractionGraceMs: number;
  /** The reconciler's next look at an overdue extraction SAT.ws still runs. */
  pollIntervalMs: number;
  /** First wait before requesting again an extraction SAT.ws failed with a retryable code. */
  upstreamRetryBaseMs: number;
  /** SAT.ws runs that may fail with a retryable code before the extraction fails for good. */
  maxUpstreamAttempts: number;
  /** A follow-up for what SAT.ws's daily XML cap held back waits at least this long. */
  followUpDelayMs: number;
  /** Follow-ups of follow-ups stop here, for files that never appear. */
  maxFollowUpDepth: number;
}

export const DEFAULT_TIMING: RequesterTiming = {
  requestDeadlineMs: 60 * 60_000,
  waitingDeadlineMs: 6 * 60 * 60_000,
  unknownExtractionGraceMs: 10 * 60_000,
  pollIntervalMs: 5 * 60_000,
  upstreamRetryBaseMs: 10 * 60_000,
  maxUpstreamAttempts: 5,
  followUpDelayMs: 24 * 60 * 60_000,
  maxFollowUpDepth: 3,
};

export interface RequesterDeps {
  pool: Pool;
  /** Producer-side queues (the listing jobs are added here). */
  queues: Queues;
  /** The shared client, built with `budget` plugged into its `budget` hook. */
  satws: SatwsClient;
  /** The SAT.ws call budget shared by every process; a 429 pauses it for all of them. */
  budget: CallBudget;
  /** A `worker`-role connection for the BullMQ workers. */
  redis: Redis;
  queuePrefix: string;
  concurrency: number;
  logger: Logger;
  timing?: Partial<RequesterTiming>;
  /** When given, this process also runs the reconciler worker and upserts its schedule. */
  reconciler?: ReconcilerOptions;
}

export type RequestDeps = Pick<RequesterDeps, 'pool' | 'satws' | 'logger' | 'timing'>;
export type EventDeps = Pick<RequesterDeps, 'pool' | 'queues' | 'logger' | 'timing'>;

export function timingOf(deps: { timing?: Partial<RequesterTiming> | undefined }): RequesterTiming {
  return { ...DEFAULT_TIMING, ...deps.timing };
}
