/**
 * The part of a BullMQ job a processor reads, so processors run as plain functions in tests
 * and a real `Job` fits as it is.
 */
export interface JobLike {
  id?: string | undefined;
  data: unknown;
  /** Attempts that already failed before this one. */
  attemptsMade: number;
  opts: { attempts?: number | undefined };
}

/**
 * True on the attempt after which BullMQ gives up. A job retried from Bull Board keeps its
 * count, so its first new failure is final again: a person is watching it.
 */
export function isLastAttempt(job: JobLike): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
