import type { DemoOptions } from './demo-options.js';

export interface DemoPeriod {
  from: string;
  to: string;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The last `months` whole calendar months: in the past (the API refuses future dates) and
 * recent enough to look like real work.
 */
export function demoPeriod(months: number, now = new Date()): DemoPeriod {
  const firstOfThisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const to = new Date(firstOfThisMonth - 86_400_000);
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - (months - 1), 1));
  return { from: isoDate(from), to: isoDate(to) };
}

/**
 * The simulator's `SIM_CONFIG`: SAT.ws's real behaviour (signatures, pagination, rate limits)
 * with an extraction compressed to a few seconds. A new random seed each run gives new RFCs and
 * CFDI UUIDs, so a run never meets the rows of an earlier (perhaps interrupted) one.
 */
export function simulatorConfig(options: DemoOptions, period: DemoPeriod, port: number) {
  const randomSeed = `demo-${Date.now().toString(36)}`;
  return {
    profile: 'demo',
    port,
    host: '127.0.0.1',
    apiKey: 'sim-demo-api-key',
    logLevel: 'info',
    seed: {
      randomSeed,
      taxpayers: Array.from({ length: options.companies }, (_, index) => ({
        personType: index % 3 === 1 ? 'physical' : 'legal',
        invoices: Math.max(1, Math.round(options.invoicesPerCompany * (0.8 + 0.2 * (index % 3)))),
        from: period.from,
        to: period.to,
      })),
    },
    timings: {
      extractionPendingMs: 500,
      extractionRunningMs: 3_000,
      extractionSteps: 5,
    },
    // The upstream limits each key per endpoint; the services' shared budget stays under it.
    rateLimit: { enabled: true, limit: 6_000, windowMs: 60_000 },
    webhookRetryDelaysMs: [1_000, 5_000, 15_000, 60_000],
  };
}

/** Calls per minute the services' shared budget allows: below the simulator's limit. */
export const DEMO_REQUESTS_PER_MINUTE = 4_800;
