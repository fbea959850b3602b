import type { Redis } from 'ioredis';

/**
 * GCRA (generic cell rate algorithm) in one script, so the check and the take are one atomic
 * step for every process sharing the Redis. The state is one hash per endpoint group: `tat`,
 * the theoretical arrival time of the next request, and `pause`, the time a 429 asked everyone
 * to wait until; both in microseconds of the Redis server's clock (`TIME`), so the clocks of
 * the worker machines never matter. The key expires once its state would read as idle anyway.
 * Numbers are stored with `%.0f` because Lua's tostring keeps only 14 significant digits.
 *
 * KEYS[1] the endpoint's hash; ARGV[1] emission interval (µs per request); ARGV[2] burst.
 * Returns 0 when a request may go now, else the milliseconds to wait before asking again.
 */
const TAKE_SCRIPT = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local state = redis.call('HMGET', KEYS[1], 'tat', 'pause')
local pause = tonumber(state[2]) or 0
if pause > now then return math.max(1, math.ceil((pause - now) / 1000)) end
local tat = math.max(tonumber(state[1]) or now, now)
local wait = tat - now - (burst - 1) * interval
if wait > 0 then return math.max(1, math.ceil(wait / 1000)) end
tat = tat + interval
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', tat))
redis.call('PEXPIRE', KEYS[1], math.ceil((tat - now) / 1000) + 1000)
return 0
`;

/**
 * Records a pause (epoch ms, ARGV[1]) unless a later one is already set: two processes seeing
 * 429s with different reset times must both be honoured, so a pause is never shortened.
 * Returns 1 when stored, 0 when the time had already passed or a later pause stands.
 */
const PAUSE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local untilUs = tonumber(ARGV[1]) * 1000
local state = redis.call('HMGET', KEYS[1], 'tat', 'pause')
if untilUs <= now or untilUs <= (tonumber(state[2]) or 0) then return 0 end
redis.call('HSET', KEYS[1], 'pause', string.format('%.0f', untilUs))
local last = math.max(tonumber(state[1]) or 0, untilUs)
redis.call('PEXPIRE', KEYS[1], math.ceil((last - now) / 1000) + 1000)
return 1
`;

export interface BudgetCommands {
  satwsBudgetTake(key: string, intervalUs: number, burst: number): Promise<number>;
  satwsBudgetPause(key: string, untilEpochMs: number): Promise<number>;
}

/**
 * Registers both scripts on the connection (ioredis sends EVALSHA and falls back to EVAL once
 * per connection when Redis does not know the script yet, e.g. after a restart).
 */
export function withBudgetCommands(redis: Redis): Redis & BudgetCommands {
  if (!('satwsBudgetTake' in redis)) {
    redis.defineCommand('satwsBudgetTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    redis.defineCommand('satwsBudgetPause', { numberOfKeys: 1, lua: PAUSE_SCRIPT });
  }
  return redis as Redis & BudgetCommands;
}
