import { setTimeout as sleep } from 'node:timers/promises';
import type { Isolation } from '../support/isolation.js';
import type { ChaosProfile } from './chaos-profile.js';
import type { ServiceProcesses } from './service-processes.js';

export const KILLABLE = ['requester', 'downloader'] as const;

export interface ChaosActions {
  kills: { requester: number; downloader: number };
  redisKeysDeleted: number | undefined;
  postgresBackendsKilled: number | undefined;
  /** ms since the run started of the last thing the suite broke. */
  lastActionAt: number;
}

export interface ChaosTargets {
  services: ServiceProcesses;
  isolation: Isolation;
  startedAt: number;
  /** Index into KILLABLE of the first worker to kill. */
  firstVictim: number;
  /** True once every extraction is done: no point breaking a finished run. */
  finished: () => boolean;
}

function randomBetween(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min));
}

// SCAN and UNLINK inside one script: Redis runs it atomically, as a restart empties it at
// once. Deleting from the client in pages instead lets a job added meanwhile keep its hash but
// lose its list entry, a state no real Redis loss produces.
const WIPE_PREFIX = `
local deleted, cursor = 0, '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do deleted = deleted + redis.call('UNLINK', key) end
until cursor == '0'
return deleted`;

const SAFE_PREFIX = /^[A-Za-z0-9_-]+$/;

/** Only the run's own `<prefix>:*` keys; never FLUSHDB on the shared Redis. */
async function wipeQueuePrefix(isolation: Isolation): Promise<number> {
  if (!SAFE_PREFIX.test(isolation.queuePrefix)) {
    throw new Error(`refusing to wipe Redis keys under ${JSON.stringify(isolation.queuePrefix)}`);
  }
  const deleted = await isolation.producer.eval(WIPE_PREFIX, 0, `${isolation.queuePrefix}:*`);
  return Number(deleted);
}

/**
 * Every backend of the run's own database (the services' and the suite's other pooled ones),
 * and nothing else on the shared server.
 */
async function terminateBackends(isolation: Isolation): Promise<number> {
  const result = await isolation.pool.query<{ killed: boolean }>(
    `select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid()`,
    [isolation.database.name],
  );
  return result.rows.filter((row) => row.killed).length;
}

async function killAndRestart(targets: ChaosTargets, actions: ChaosActions): Promise<void> {
  // Taking turns from a random first one, so a short run kills both kinds of worker.
  const total = actions.kills.requester + actions.kills.downloader;
  const name = KILLABLE[(targets.firstVictim + total) % KILLABLE.length] ?? 'downloader';
  await targets.services.kill(name);
  actions.kills[name] += 1;
  // Down for a moment, as a replaced container would be; its jobs sit locked meanwhile.
  await sleep(randomBetween(200, 1_500));
  targets.services.restart(name);
}

/**
 * Breaks the running system on a schedule spread over the profile's window: SIGKILLs at random
 * moments, then once each the Redis keys of its prefix and its PostgreSQL connections. Resolves
 * when every planned action is done (or the run finished first).
 */
export async function unleashChaos(
  profile: ChaosProfile,
  targets: ChaosTargets,
): Promise<ChaosActions> {
  const actions: ChaosActions = {
    kills: { requester: 0, downloader: 0 },
    redisKeysDeleted: undefined,
    postgresBackendsKilled: undefined,
    lastActionAt: 0,
  };
  const { flags } = profile;
  const kills = flags.kills ? profile.kills : 0;
  const slots = kills + 2;
  const gap = profile.chaosWindowMs / slots;
  const pgSlot = Math.floor(slots / 3);
  const redisSlot = Math.floor((2 * slots) / 3);
  for (let slot = 0; slot < slots && !targets.finished(); slot += 1) {
    await sleep(randomBetween(gap * 0.5, gap * 1.5));
    if (targets.finished()) break;
    if (slot === pgSlot) {
      if (flags.killPostgres) {
        actions.postgresBackendsKilled = await terminateBackends(targets.isolation);
      }
    } else if (slot === redisSlot) {
      if (flags.flushRedis) {
        actions.redisKeysDeleted = await wipeQueuePrefix(targets.isolation);
      }
    } else {
      await killAndRestart(targets, actions);
    }
    actions.lastActionAt = Date.now() - targets.startedAt;
  }
  return actions;
}
