import {
  enqueue,
  type JobDefinition,
  type JobPayload,
  type JobPayloadInput,
} from '@invoice-extractor/shared/queues';
import type { Queue } from 'bullmq';

export type EnsureOutcome = 'added' | 'present' | 'readded' | 'failed-kept';

/**
 * Makes sure a row that still needs work has its job, under the catalog's deterministic id.
 * BullMQ keeps finished jobs under their id and ignores an add of a kept id, so a `completed`
 * job for work PostgreSQL still calls pending (a run that ended before the work was done, or an
 * extraction put back to `queued`), or one in no queue at all, is removed and added again. A `failed` job is left alone: its
 * retries are spent and a person retries it from Bull Board, where its error is kept.
 */
export async function ensureJob<D extends JobDefinition>(
  queue: Queue,
  definition: D,
  payload: JobPayloadInput<D>,
): Promise<EnsureOutcome> {
  const jobId = definition.jobId?.(definition.payload.parse(payload) as JobPayload<D>);
  const existing = jobId === undefined ? undefined : await queue.getJob(jobId);
  let outcome: EnsureOutcome = 'added';
  if (existing) {
    const state = await existing.getState();
    if (state === 'failed') return 'failed-kept';
    if (state !== 'completed' && state !== 'unknown') return 'present';
    // `unknown`: the job's record survived a partial loss of Redis without a place in any
    // queue; like a completed one it blocks an add under its id until removed.
    // A job that became active between the look and the remove refuses it (its lock): present.
    await existing.remove();
    outcome = 'readded';
  }
  await enqueue(queue, definition, payload);
  return outcome;
}
