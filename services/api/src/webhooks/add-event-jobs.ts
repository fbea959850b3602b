import { QueueUnavailableError, satwsEventsJob } from '@invoice-extractor/shared/queues';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** As `enqueue` allows: long enough for a first connect, short enough for a waiting caller. */
const CONNECT_GRACE_MS = 1_000;

function becomesReady(connection: Redis, withinMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (ready: boolean) => {
      clearTimeout(timer);
      connection.off('ready', onReady).off('close', onClose).off('end', onClose);
      resolve(ready);
    };
    const onReady = () => settle(true);
    const onClose = () => settle(false);
    const timer = setTimeout(onClose, withinMs);
    connection.once('ready', onReady).once('close', onClose).once('end', onClose);
  });
}

/**
 * The check `enqueue` (shared/queues) makes before adding one job, made once for a bulk: BullMQ
 * waits for a reconnect before every command whatever the client's options, so a producer
 * connection that is down must fail here, at once, rather than hang the deliveries waiting.
 */
async function assertReachable(queue: Queue): Promise<void> {
  const connection = queue.opts.connection;
  if (!(connection instanceof Redis) || connection.options.enableOfflineQueue !== false) return;
  if (connection.status === 'ready') return;
  const connecting = ['wait', 'connecting', 'connect'].includes(connection.status);
  if (!connecting || !(await becomesReady(connection, CONNECT_GRACE_MS))) {
    throw new QueueUnavailableError(queue.name);
  }
}

/**
 * One `satws-events` job per event id, added in one round trip with the catalog's
 * deterministic ids and default options: an id still in the queue gets no second job.
 */
export async function addEventJobs(queue: Queue, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const jobs = eventIds.map((eventId) => {
    const data = satwsEventsJob.payload.parse({ eventId });
    return { name: satwsEventsJob.jobName, data, opts: { jobId: satwsEventsJob.jobId?.(data) } };
  });
  await assertReachable(queue);
  await queue.addBulk(jobs);
}
