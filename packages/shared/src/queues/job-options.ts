import type { DefaultJobOptions } from 'bullmq';

const HOUR_S = 3_600;
const DAY_S = 24 * HOUR_S;

/**
 * Half of each delay is random ("equal jitter"): retries of jobs that failed together (an
 * upstream outage) spread out instead of returning as one burst, while delays still double.
 */
export const BACKOFF_JITTER = 0.5;

export interface RetryPolicy {
  attempts: number;
  /** Delay before the first retry; the nth retry waits about `baseDelayMs * 2^(n-1)`. */
  baseDelayMs: number;
}

/**
 * Completed jobs are kept a day (they also block a duplicate id that long); failed jobs two
 * weeks, so a person can find them in Bull Board and retry them.
 */
export function retryingJobOptions(policy: RetryPolicy): DefaultJobOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.baseDelayMs, jitter: BACKOFF_JITTER },
    removeOnComplete: { age: DAY_S, count: 10_000 },
    removeOnFail: { age: 14 * DAY_S, count: 50_000 },
    stackTraceLimit: 5,
  };
}

/** A scheduled job's retry is its next run; keep a few outcomes to look at. */
export function scheduledJobOptions(): DefaultJobOptions {
  return {
    attempts: 1,
    removeOnComplete: { age: DAY_S, count: 100 },
    removeOnFail: { age: 14 * DAY_S, count: 1_000 },
    stackTraceLimit: 5,
  };
}
