import type { Job, JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.js';
import type { JobDefinition, JobPayload, JobPayloadInput } from './job-definition.js';
import { describePayloadIssues } from './payload-issues.js';

export class InvalidJobPayloadError extends AppError {
  constructor(queueName: string, details: string) {
    super(`Invalid payload for queue ${queueName}: ${details}`, {
      code: 'invalid_job_payload',
      retryable: false,
    });
  }
}

export class QueueUnavailableError extends AppError {
  constructor(queueName: string) {
    super(`Redis is unreachable; nothing was added to queue ${queueName}`, {
      code: 'queue_unavailable',
      retryable: true,
      status: 503,
    });
  }
}

/** Long enough for a first connect on start-up, short enough for a caller waiting on a 503. */
const CONNECT_GRACE_MS = 1_000;

/**
 * BullMQ waits for a reconnect before every command whatever the client's options, so for a
 * producer client (offline queue off) an outage becomes an immediate error here. A client
 * still making its first connection (or a reconnect attempt) gets a short grace instead.
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
 * Validates `payload` against the definition and adds the job with the definition's
 * deterministic id; a bad payload throws InvalidJobPayloadError and adds nothing. Adding an id
 * still in the queue returns without adding a second job.
 */
export async function enqueue<D extends JobDefinition>(
  queue: Queue,
  definition: D,
  payload: JobPayloadInput<D>,
  opts: JobsOptions = {},
): Promise<Job<JobPayload<D>>> {
  if (queue.name !== definition.queueName) {
    throw new Error(`enqueue: ${definition.queueName} job given queue ${queue.name}`);
  }
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidJobPayloadError(definition.queueName, describePayloadIssues(parsed.error));
  }
  await assertReachable(queue);
  const data = parsed.data as JobPayload<D>;
  const jobId = opts.jobId ?? definition.jobId?.(data);
  return (await queue.add(definition.jobName, data, { ...opts, jobId })) as Job<JobPayload<D>>;
}

/**
 * `enqueue` for many payloads in one round trip: every payload validated first (one bad payload
 * adds nothing), the connection checked once, then one `addBulk` with the deterministic ids.
 */
export async function enqueueBulk<D extends JobDefinition>(
  queue: Queue,
  definition: D,
  payloads: readonly JobPayloadInput<D>[],
): Promise<void> {
  if (queue.name !== definition.queueName) {
    throw new Error(`enqueueBulk: ${definition.queueName} jobs given queue ${queue.name}`);
  }
  if (payloads.length === 0) return;
  const jobs = payloads.map((payload) => {
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) {
      throw new InvalidJobPayloadError(definition.queueName, describePayloadIssues(parsed.error));
    }
    const data = parsed.data as JobPayload<D>;
    return { name: definition.jobName, data, opts: { jobId: definition.jobId?.(data) } };
  });
  await assertReachable(queue);
  await queue.addBulk(jobs);
}
