/**
 * What a processor reads from its BullMQ job; a `Job` satisfies it, and tests pass plain
 * objects (processors are plain functions, STYLE.md).
 */
export interface ProcessorJob {
  id?: string | undefined;
  data: unknown;
  /** Attempts that already failed before this one. */
  attemptsMade: number;
  opts: { attempts?: number | undefined };
}

/**
 * True when failing now spends the job's last attempt. A job retried from Bull Board keeps its
 * spent attempts (Bull Board does not reset them), so its one extra run counts as final too.
 */
export function isFinalAttempt(job: ProcessorJob): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
