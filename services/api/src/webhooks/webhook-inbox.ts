import {
  type InboxDelivery,
  insertInboxDeliveries,
  type StoredDelivery,
} from '@invoice-extractor/shared/db';
import type { Logger } from '@invoice-extractor/shared/logger';
import type { Queues } from '@invoice-extractor/shared/queues';
import type { Pool } from 'pg';
import { ApiError } from '../http/api-error.js';
import { addEventJobs } from './add-event-jobs.js';
import { createGroupCommit, type Waiter } from './group-commit.js';

/** What became of a delivery that was answered 2xx. */
export type DeliveryOutcome = 'queued' | 'requeued' | 'ignored' | 'duplicate';

/** Where verified deliveries are stored before they are acknowledged. */
export interface WebhookInbox {
  /** Resolves once the event is committed (and, if it needs action, its job added). */
  store(delivery: InboxDelivery): Promise<DeliveryOutcome>;
  /** Deliveries received and not yet answered. */
  readonly pending: number;
  /** Refuses new deliveries (503) and settles every one already received. */
  close(): Promise<void>;
}

export interface WebhookInboxDeps {
  pool: Pool;
  queues: Queues;
  logger: Logger;
}

export interface WebhookInboxOptions {
  /**
   * How long a delivery waits for others to share its INSERT. 2 ms is noise beside a commit's
   * fsync and enough, under a burst, to gather hundreds: one commit then stores them all.
   */
  lingerMs?: number;
  /** The most rows one INSERT carries. */
  maxBatch?: number;
  /**
   * The most payload one INSERT carries, in UTF-16 code units of the bodies' text. A delivery
   * may be 1 MiB and a jsonb value cannot exceed 256 MiB; bounded, a burst of large events
   * makes more statements instead of one that PostgreSQL refuses.
   */
  maxBatchChars?: number;
  /**
   * INSERTs running at once. Fewer than the pool's connections, so that a burst of webhooks
   * leaves connections to the other routes; under a burst, batches grow instead.
   */
  maxInFlight?: number;
}

type DeliveryWaiter = Waiter<InboxDelivery, DeliveryOutcome>;

const DEFAULT_LINGER_MS = 2;
const DEFAULT_MAX_BATCH = 500;
const DEFAULT_MAX_BATCH_CHARS = 8 * 1024 * 1024;
const DEFAULT_MAX_IN_FLIGHT = 4;
/** SQLSTATE class 22: a value PostgreSQL refuses (e.g. `\u0000` in jsonb), not an outage. */
const DATA_EXCEPTION = /^22/;

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DATA_EXCEPTION.test(code);
}

function unavailable(what: string, error: unknown): ApiError {
  return new ApiError('service_unavailable', `${what}. Retry later.`, { cause: error });
}

/** Copies of one event id in a batch: the first is stored, the rest are its redeliveries. */
function byEventId(waiters: readonly DeliveryWaiter[]): Map<string, DeliveryWaiter[]> {
  const groups = new Map<string, DeliveryWaiter[]>();
  for (const waiter of waiters) {
    const group = groups.get(waiter.item.eventId);
    if (group) group.push(waiter);
    else groups.set(waiter.item.eventId, [waiter]);
  }
  return groups;
}

/** Needs a job: a new actionable event, or a redelivery of one not handled yet. */
function needsJob(delivery: InboxDelivery, stored: StoredDelivery): boolean {
  return delivery.needsAction && (stored.inserted || !stored.alreadyProcessed);
}

function outcomeOf(delivery: InboxDelivery, stored: StoredDelivery): DeliveryOutcome {
  if (!needsJob(delivery, stored)) return stored.inserted ? 'ignored' : 'duplicate';
  return stored.inserted ? 'queued' : 'requeued';
}

async function insertOrIsolate(
  deps: WebhookInboxDeps,
  groups: Map<string, DeliveryWaiter[]>,
): Promise<StoredDelivery[] | undefined> {
  const firsts = [...groups.values()].map((group) => (group[0] as DeliveryWaiter).item);
  try {
    return await insertInboxDeliveries(deps.pool, firsts);
  } catch (error) {
    if (!isDataException(error)) {
      deps.logger.warn({ deliveries: firsts.length, err: error }, 'webhook batch not stored');
      throw unavailable('The webhook inbox could not be written; nothing was stored', error);
    }
    if (groups.size === 1) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError('malformed_webhook', `Webhook body cannot be stored: ${reason}`);
    }
    // One event PostgreSQL refuses must not fail its neighbours: each is written on its own.
    await Promise.all(
      [...groups.values()].map((group) =>
        commitBatch(deps, group).catch((isolated: unknown) => {
          for (const waiter of group) waiter.reject(isolated);
        }),
      ),
    );
    return undefined;
  }
}

interface AwaitingJob {
  eventId: string;
  outcome: DeliveryOutcome;
  /** The delivery answered with `outcome`, then its copies in the batch (`duplicate`). */
  waiters: DeliveryWaiter[];
}

function answer({ outcome, waiters: [first, ...copies] }: AwaitingJob): void {
  first?.resolve(outcome);
  for (const copy of copies) copy.resolve('duplicate');
}

/** After the commit: one `addBulk` for the batch's jobs, then their deliveries are answered. */
async function addJobsThenAnswer(deps: WebhookInboxDeps, awaiting: readonly AwaitingJob[]) {
  if (awaiting.length === 0) return;
  try {
    await addEventJobs(
      deps.queues.satwsEvents,
      awaiting.map((entry) => entry.eventId),
    );
  } catch (error) {
    const refusal = unavailable('The event was stored but could not be handed to a worker', error);
    for (const entry of awaiting) for (const waiter of entry.waiters) waiter.reject(refusal);
    return;
  }
  for (const entry of awaiting) answer(entry);
}

/**
 * One batch: one INSERT for every event, answered as soon as it commits for events that need
 * no job; the jobs of the others added with one `addBulk` after the commit. If that fails
 * their events stay stored unprocessed and their deliveries get a 503: the redelivery (or the
 * reconciler) hands them over again.
 */
async function commitBatch(deps: WebhookInboxDeps, waiters: readonly DeliveryWaiter[]) {
  const groups = byEventId(waiters);
  const stored = await insertOrIsolate(deps, groups);
  if (!stored) return;
  const awaiting: AwaitingJob[] = [];
  for (const row of stored) {
    const group = groups.get(row.eventId);
    const first = group?.[0];
    if (!group || !first) continue;
    const entry = { eventId: row.eventId, outcome: outcomeOf(first.item, row), waiters: group };
    if (needsJob(first.item, row)) awaiting.push(entry);
    else answer(entry);
  }
  await addJobsThenAnswer(deps, awaiting);
}

/**
 * The webhook inbox with group commit: concurrent deliveries share one multi-row INSERT (and
 * one commit) instead of paying for one each, which is what a burst of `invoice.created` /
 * `file.created` needs (thousands a second; one commit each tops out far below).
 */
export function createWebhookInbox(
  deps: WebhookInboxDeps,
  options: WebhookInboxOptions = {},
): WebhookInbox {
  const group = createGroupCommit<InboxDelivery, DeliveryOutcome>({
    lingerMs: options.lingerMs ?? DEFAULT_LINGER_MS,
    maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
    maxBatchSize: options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS,
    sizeOf: (delivery) => delivery.payloadJson.length,
    maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    commit: (waiters) => commitBatch(deps, waiters),
    closedError: () =>
      new ApiError('service_unavailable', 'The api is shutting down; nothing was stored. Retry.'),
  });
  return {
    store: (delivery) => group.submit(delivery),
    get pending() {
      return group.pending;
    },
    close: () => group.close(),
  };
}
