import type { Queue } from 'bullmq';
import { reconcilerJob } from './catalog.js';

export const RECONCILER_SCHEDULER_ID = 'reconciler';

/**
 * Runs the reconciler every `everyMs`, one run at a time across every worker process: the
 * scheduler adds the next run when the current one starts, so a slow run would otherwise
 * overlap the next; global concurrency 1 holds the next until it ends. Safe to call from
 * every process at start-up: both calls are upserts.
 */
export async function scheduleReconciler(
  queue: Queue,
  { everyMs }: { everyMs: number },
): Promise<void> {
  if (queue.name !== reconcilerJob.queueName) {
    throw new Error(
      `scheduleReconciler: given queue ${queue.name}, not ${reconcilerJob.queueName}`,
    );
  }
  if (!Number.isInteger(everyMs) || everyMs < 1_000) {
    throw new Error(
      `scheduleReconciler: everyMs must be an integer of at least 1000, got ${everyMs}`,
    );
  }
  await queue.setGlobalConcurrency(1);
  await queue.upsertJobScheduler(
    RECONCILER_SCHEDULER_ID,
    { every: everyMs },
    { name: reconcilerJob.jobName, data: {} },
  );
}
