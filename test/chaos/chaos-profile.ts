import { parseArgs } from 'node:util';

/** Which kinds of chaos a run inflicts; each can be switched off to see what survives today. */
export interface ChaosFlags {
  /** SIGKILL the requester and downloader at random moments, then restart them. */
  kills: boolean;
  /** Drop 20% of webhooks (the rest arrive duplicated and shuffled either way). */
  dropWebhooks: boolean;
  /** Delete every Redis key under the run's queue prefix once, mid-run. */
  flushRedis: boolean;
  /** `pg_terminate_backend` every connection to the run's database once, mid-run. */
  killPostgres: boolean;
  /** 5xx, 429, connection resets and truncated bodies from the simulated SAT.ws. */
  upstreamFaults: boolean;
}

export interface ChaosProfile {
  name: 'short' | 'long';
  companies: number;
  invoicesPerCompany: number;
  /** SIGKILLs spread over the first `chaosWindowMs` of the run. */
  kills: number;
  chaosWindowMs: number;
  /** Give up when the extractions are not all done by then. */
  timeoutMs: number;
  flags: ChaosFlags;
}

export const ALL_CHAOS: ChaosFlags = {
  kills: true,
  dropWebhooks: true,
  flushRedis: true,
  killPostgres: true,
  upstreamFaults: true,
};

export const SHORT_PROFILE: ChaosProfile = {
  name: 'short',
  companies: 3,
  invoicesPerCompany: 60,
  // Close together: each SIGKILL leaves jobs locked until BullMQ's stalled check (30 s), and
  // kills inside one window cost one wait, not one each.
  kills: 5,
  chaosWindowMs: 12_000,
  timeoutMs: 150_000,
  flags: ALL_CHAOS,
};

export const LONG_PROFILE: ChaosProfile = {
  name: 'long',
  companies: 5,
  invoicesPerCompany: 400,
  kills: 16,
  chaosWindowMs: 90_000,
  timeoutMs: 600_000,
  flags: ALL_CHAOS,
};

export const CHAOS_USAGE = `Usage: pnpm chaos [--short|--long] [--no-<chaos>…]

  --short               3 companies × 60 invoices, 5 kills (default)
  --long                5 companies × 400 invoices, 16 kills
  --no-kills            do not SIGKILL the requester and downloader
  --no-drop-webhooks    deliver every webhook (still duplicated and shuffled)
  --no-flush-redis      do not delete the run's Redis keys mid-run
  --no-kill-postgres    do not terminate the run's PostgreSQL connections
  --no-upstream-faults  no 5xx, 429, resets or truncated bodies from SAT.ws
`;

export class ChaosUsageError extends Error {
  override name = 'ChaosUsageError';
}

const FLAG_OPTIONS = {
  'no-kills': 'kills',
  'no-drop-webhooks': 'dropWebhooks',
  'no-flush-redis': 'flushRedis',
  'no-kill-postgres': 'killPostgres',
  'no-upstream-faults': 'upstreamFaults',
} as const satisfies Record<string, keyof ChaosFlags>;

/** Parses `pnpm chaos` arguments; an unknown one is a ChaosUsageError naming it. */
export function parseChaosArgs(argv: readonly string[]): ChaosProfile {
  let values: Record<string, boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        short: { type: 'boolean' },
        long: { type: 'boolean' },
        ...Object.fromEntries(
          Object.keys(FLAG_OPTIONS).map((name) => [name, { type: 'boolean' as const }]),
        ),
      },
    }) as { values: Record<string, boolean | undefined> });
  } catch (error) {
    throw new ChaosUsageError((error as Error).message);
  }
  if (values.short && values.long)
    throw new ChaosUsageError('--short and --long exclude each other');
  const base = values.long ? LONG_PROFILE : SHORT_PROFILE;
  const flags = { ...base.flags };
  for (const [option, flag] of Object.entries(FLAG_OPTIONS)) {
    if (values[option]) flags[flag] = false;
  }
  return { ...base, flags };
}
