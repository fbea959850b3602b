import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The shared Redis the tests use; `TEST_REDIS_URL` points them elsewhere. */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A BullMQ prefix no other test (or run) uses, e.g. `ie-test-3f9a0c12d4e5`. */
export function uniqueQueuePrefix(): string {
  return `ie-test-${randomBytes(6).toString('hex')}`;
}

// Anything else could be a glob (`*`, `?`, `[`) matching other runs' keys, or an empty prefix
// matching every key.
const SAFE_PREFIX = /^[A-Za-z0-9_-]+$/;

/**
 * Deletes the keys under `prefix` (BullMQ's `<prefix>:<queue>:…`) with SCAN, never FLUSHDB:
 * the Redis is shared. Returns how many keys were deleted.
 */
export async function cleanupPrefix(redis: Redis, prefix: string): Promise<number> {
  if (!SAFE_PREFIX.test(prefix)) {
    throw new Error(`cleanupPrefix: refusing prefix ${JSON.stringify(prefix)}`);
  }
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
