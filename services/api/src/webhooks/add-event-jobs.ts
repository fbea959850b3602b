import { enqueueBulk, satwsEventsJob } from '@invoice-extractor/shared/queues';
import type { Queue } from 'bullmq';

/**
 * One `satws-events` job per event id, added in one round trip with the catalog's
 * deterministic ids and default options: an id still in the queue gets no second job. A
 * producer connection that is down fails at once (QueueUnavailableError) rather than hanging
 * the deliveries waiting on it.
 */
export async function addEventJobs(queue: Queue, eventIds: readonly string[]): Promise<void> {
  await enqueueBulk(
    queue,
    satwsEventsJob,
    eventIds.map((eventId) => ({ eventId })),
  );
}
