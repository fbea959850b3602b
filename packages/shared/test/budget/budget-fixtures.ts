import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Connections and a key prefix for one test; `cleanup` deletes only keys under that prefix
 * (SCAN + DEL: the Redis is shared with other runs, so never FLUSHDB) and closes connections.
 */
export function budgetTestContext() {
  const prefix = `test-budget-${randomUUID()}`;
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  const keys = async (): Promise<string[]> => {
    const redis = connections[0] ?? connect();
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  };
  const cleanup = async (): Promise<void> => {
    const found = await keys();
    if (found.length > 0) await connections[0]?.del(...found);
    await Promise.all(connections.map((redis) => redis.quit()));
  };
  return { prefix, connect, keys, cleanup };
}
