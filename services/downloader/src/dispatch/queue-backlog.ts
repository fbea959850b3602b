import type { Queue } from 'bullmq';

/**
 * Jobs in the queue that no worker holds yet: waiting, prioritized, or delayed (a retry's
 * backoff, a 429's pause). Active jobs are being worked on and leave room behind them.
 */
export function queueBacklog(queue: Queue): Promise<number> {
  return queue.getJobCountByTypes('waiting', 'prioritized', 'delayed');
}
