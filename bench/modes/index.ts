import type { BenchRow } from '../lib/bench-row.js';
import { type BenchSystem, startBenchSystem } from '../lib/bench-system.js';
import {
  driveExtraction,
  type ExtractionRun,
  resetSimulatorCalls,
  simulatorCalls,
} from '../lib/drive-extraction.js';

export interface ModesBenchOptions {
  stack: Record<string, string>;
  invoices: number;
  /** The simulator's limit per key and endpoint, per minute; the services' budget is the same. */
  requestsPerMinute: number;
  concurrency: number;
}

const RFC = 'EKU9003173C9';
const PERIOD = { from: '2025-01-01', to: '2025-06-30' };
/** SAT.ws's documented limit, for the projection column. */
const REAL_LIMIT_PER_MINUTE = 60;

interface ModeResult {
  run: ExtractionRun;
  calls: Record<string, number>;
  totalCalls: number;
}

/** Calls to the SAT.ws API itself: not the simulator's admin, not the storage host's blobs. */
function apiCalls(calls: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(calls).filter(([endpoint]) => !/ \/(_sim|blobs)\b/.test(endpoint)),
  );
}

async function runMode(options: ModesBenchOptions, mode: 'files' | 'export'): Promise<ModeResult> {
  const system: BenchSystem = await startBenchSystem({
    label: `mode-${mode}`,
    stack: options.stack,
    simulator: {
      rateLimit: { enabled: true, limit: options.requestsPerMinute, windowMs: 60_000 },
      dailyXmlCap: null,
      seed: {
        randomSeed: 'bench-modes',
        taxpayers: [{ rfc: RFC, invoices: options.invoices, from: PERIOD.from, to: PERIOD.to }],
      },
      timings: {
        extractionPendingMs: 200,
        extractionRunningMs: 2_000,
        extractionSteps: 2,
        exportPendingMs: 500,
        exportRunningMs: 2_000,
      },
      webhookRetryDelaysMs: [1_000, 2_000, 5_000, 10_000],
    },
    requestsPerMinute: options.requestsPerMinute,
    workerEnv: {
      DOWNLOAD_CONCURRENCY: String(options.concurrency),
      EXPORT_THRESHOLD_INVOICES: mode === 'export' ? '500' : '10000000',
      EXPORT_POLL_MS: '5000',
      XML_DAILY_BUDGET_PER_RFC: '0',
    },
  });
  try {
    await resetSimulatorCalls(system);
    const run = await driveExtraction(system, { rfc: RFC, period: PERIOD }, 60 * 60_000);
    const calls = apiCalls(await simulatorCalls(system));
    const totalCalls = Object.values(calls).reduce((sum, count) => sum + count, 0);
    return { run, calls, totalCalls };
  } finally {
    await system.stop();
  }
}

/** The least time SAT.ws's 60 requests a minute per endpoint allow for these calls. */
function projectedMinutes(calls: Record<string, number>): number {
  return Math.max(0, ...Object.values(calls)) / REAL_LIMIT_PER_MINUTE;
}

function describe(result: ModeResult) {
  const seconds = result.run.wallMs / 1000;
  return {
    wall: `${seconds.toFixed(1)} s`,
    rate: `${(result.run.invoices / seconds).toFixed(1)} invoices/s`,
    perThousand: (result.totalCalls * 1000) / result.run.invoices,
    projected: `${projectedMinutes(result.calls).toFixed(1)} min`,
  };
}

/**
 * The same seeded extraction fetched twice, on fresh systems: once one call per file, once
 * through an export ZIP, with the simulator's rate limit on. Calls are the simulator's own
 * count of what it answered (429s included: they cost a request too).
 */
export async function runModesBench(options: ModesBenchOptions): Promise<BenchRow[]> {
  const perFile = await runMode(options, 'files');
  const exported = await runMode(options, 'export');
  for (const [name, result] of [
    ['per-file', perFile],
    ['export', exported],
  ] as const) {
    process.stderr.write(
      `${name} mode, SAT.ws calls by endpoint: ${JSON.stringify(result.calls)}\n`,
    );
  }
  const files = describe(perFile);
  const zip = describe(exported);
  const section = `Per-file vs export (${perFile.run.invoices} invoices, ${options.requestsPerMinute}/min per endpoint)`;
  const baselineName = 'per-file mode';
  return [
    {
      section,
      measure: 'wall time, request → completed',
      ours: zip.wall,
      baselineName,
      baseline: files.wall,
      ratio: exported.run.wallMs / perFile.run.wallMs,
    },
    {
      section,
      measure: 'invoices/s',
      ours: zip.rate,
      baselineName,
      baseline: files.rate,
      ratio: perFile.run.wallMs / exported.run.wallMs,
    },
    {
      section,
      measure: 'upstream calls per 1,000 invoices',
      ours: zip.perThousand.toFixed(1),
      baselineName,
      baseline: files.perThousand.toFixed(1),
      ratio: zip.perThousand / files.perThousand,
      target: 'export ≤ 10',
      met: zip.perThousand <= 10,
    },
    {
      section,
      measure: 'least wall time at SAT.ws’s 60/min (from the calls)',
      ours: zip.projected,
      baselineName,
      baseline: files.projected,
      ratio: projectedMinutes(exported.calls) / projectedMinutes(perFile.calls),
    },
  ];
}
