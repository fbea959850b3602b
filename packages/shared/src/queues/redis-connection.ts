import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger/create-logger.js';

/**
 * `producer`: the API and anything answering a caller; commands fail at once while Redis is
 * down so the caller gets a 503 instead of a hung request. `worker`: BullMQ workers; commands
 * wait for the reconnect, which BullMQ requires of blocking connections
 * (https://docs.bullmq.io/guide/going-to-production, "Automatic reconnections").
 */
export type RedisRole = 'producer' | 'worker';

export interface RedisConnectionOptions {
  /** Where connection losses and recoveries are reported; errors are swallowed without one. */
  logger?: Logger;
}

const PRODUCER_MAX_RETRY_DELAY_MS = 2_000;
const WORKER_MAX_RETRY_DELAY_MS = 20_000;

/**
 * Reconnection delay for the nth consecutive attempt: doubling from 100 ms up to `maxMs`.
 * Both roles reconnect forever; only how their commands behave meanwhile differs.
 */
export function reconnectDelayMs(attempt: number, maxMs: number): number {
  return Math.min(100 * 2 ** Math.min(Math.max(attempt, 1), 20), maxMs);
}

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  producer: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => reconnectDelayMs(attempt, PRODUCER_MAX_RETRY_DELAY_MS),
  },
  worker: {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => reconnectDelayMs(attempt, WORKER_MAX_RETRY_DELAY_MS),
  },
};

/** One ioredis client for `url` configured for its role; share it between the role's queues. */
export function createRedisConnection(
  url: string,
  role: RedisRole,
  options: RedisConnectionOptions = {},
): Redis {
  const redis = new Redis(url, { ...ROLE_OPTIONS[role] });
  watchConnection(redis, role, options.logger);
  return redis;
}

/**
 * Logs the first error of an outage and the recovery, not every reconnect attempt; and, by
 * listening at all, keeps ioredis from printing unhandled error events to stderr.
 */
function watchConnection(redis: Redis, role: RedisRole, logger: Logger | undefined): void {
  let downSince: number | undefined;
  redis.on('error', (error: Error & { code?: string }) => {
    const fields = { role, err: { message: error.message, code: error.code } };
    if (downSince === undefined) {
      downSince = Date.now();
      logger?.error(fields, 'redis connection lost; reconnecting');
    } else {
      logger?.debug(fields, 'redis still unreachable');
    }
  });
  redis.on('ready', () => {
    if (downSince === undefined) return;
    logger?.info({ role, downMs: Date.now() - downSince }, 'redis connection restored');
    downSince = undefined;
  });
}
