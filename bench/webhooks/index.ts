import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BenchRow } from '../lib/bench-row.js';
import { ROOT, stackEnv } from '../lib/stack-env.js';
import { type ApiUnderTest, startApiUnderTest } from './api-process.js';
import { type BareRoute, startBareRoute } from './bare-route-process.js';
import { extractionDeliveries } from './extraction-deliveries.js';
import { type LoadResult, sendDeliveries } from './load.js';
import { measureSingleRowInserts } from './single-row-inserts.js';
import { type WebhookMeasurements, webhookRows } from './webhook-rows.js';

export interface WebhookBenchOptions {
  /** Small sizes for a smoke run (`pnpm bench --quick`); not the figures to quote. */
  quick?: boolean;
  /** The stack's settings (`scripts/stack.mjs up`); brought up when absent. */
  stack?: Record<string, string>;
  /** The fixed offered load, requests/s (the 500). */
  offeredRate?: number;
  /** How long the fixed-load runs last. */
  fixedRateSeconds?: number;
  /** Connections of the fixed-load runs. */
  fixedRateConnections?: number;
  /** Requests of each unthrottled run. */
  unthrottledRequests?: number;
  /** Deliveries of the burst (the issue asks for at least 20,000). */
  burstDeliveries?: number;
  /** Connections of the unthrottled runs and the burst. */
  connections?: number;
  /** The api's LOG_LEVEL; `info`, production's default, logs one line per request. */
  logLevel?: string;
  /** Extra `node` flags for the api process, e.g. `--cpu-prof`. */
  apiNodeArgs?: readonly string[];
  /** Progress lines; silent by default. */
  progress?: (line: string) => void;
}

const WEBHOOK_PATH = '/v1/webhooks/satws';
const WARM_UP_REQUESTS = 3_000;

function describe(name: string, result: LoadResult): string {
  return (
    `${name}: ${result.ok}/${result.sent} 2xx in ${result.seconds.toFixed(2)} s ` +
    `(${Math.round(result.requestsPerSecond)}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
    `${result.failed} failed)`
  );
}

function assertAllAnswered(name: string, result: LoadResult): void {
  if (result.failed > 0 || result.ok !== result.sent) {
    throw new Error(`${describe(name, result)}: every request must be answered 2xx`);
  }
}

/**
 * The webhook receiver against the raw limits of the same machine: requests/s and p99 at a
 * fixed offered load and unthrottled, next to a bare Hono route; and a burst shaped like one
 * large extraction, whose stored deliveries/s are set beside PostgreSQL's single-row inserts/s.
 */
export async function runWebhookBench(options: WebhookBenchOptions = {}): Promise<BenchRow[]> {
  const progress = options.progress ?? (() => undefined);
  const offeredRate = options.offeredRate ?? 500;
  const fixedRateConnections = options.fixedRateConnections ?? 10;
  const connections = options.connections ?? 100;
  const quick = options.quick ?? false;
  const fixedRateRequests = offeredRate * (options.fixedRateSeconds ?? (quick ? 3 : 10));
  const unthrottledRequests = options.unthrottledRequests ?? (quick ? 5_000 : 30_000);
  const burstDeliveries = options.burstDeliveries ?? (quick ? 5_000 : 20_000);
  const stack = options.stack ?? stackEnv();
  const logDir = join(
    ROOT,
    '.stack',
    'logs',
    'bench',
    `webhooks-${randomBytes(3).toString('hex')}`,
  );

  let api: ApiUnderTest | undefined;
  let bare: BareRoute | undefined;
  try {
    api = await startApiUnderTest({
      stack,
      logDir,
      logLevel: options.logLevel,
      nodeArgs: options.apiNodeArgs,
    });
    bare = await startBareRoute({ logDir });
    const secret = api.webhookSecret;
    const target = (server: { url: string }) => ({ url: server.url, path: WEBHOOK_PATH });
    const run = async (
      name: string,
      server: { url: string },
      load: Omit<Parameters<typeof sendDeliveries>[0], 'url' | 'path'>,
    ) => {
      const result = await sendDeliveries({ ...target(server), ...load });
      progress(describe(name, result));
      assertAllAnswered(name, result);
      const crash = api?.crashed();
      if (crash) throw new Error(crash);
      return result;
    };

    // Signed just before each run: the receiver refuses signatures older than 300 s.
    for (const server of [api, bare]) {
      await run('warm-up', server, {
        deliveries: extractionDeliveries(WARM_UP_REQUESTS, secret),
        connections,
      });
    }
    const fixedLoad = () => ({
      deliveries: extractionDeliveries(fixedRateRequests, secret),
      connections: fixedRateConnections,
      overallRate: offeredRate,
    });
    const fixedRate = {
      ours: await run(`receiver at ${offeredRate} req/s`, api, fixedLoad()),
      bare: await run(`bare route at ${offeredRate} req/s`, bare, fixedLoad()),
    };
    const unthrottledLoad = () => ({
      deliveries: extractionDeliveries(unthrottledRequests, secret),
      connections,
    });
    const unthrottled = {
      ours: await run('receiver unthrottled', api, unthrottledLoad()),
      bare: await run('bare route unthrottled', bare, unthrottledLoad()),
    };

    const burstSet = extractionDeliveries(burstDeliveries, secret);
    const before = await api.countInbox();
    const burstLoad = await run('burst', api, { deliveries: burstSet, connections });
    const stored = (await api.countInbox()) - before;
    if (stored !== burstDeliveries) {
      throw new Error(`burst: ${stored} of ${burstDeliveries} deliveries stored`);
    }
    const burst = { sent: burstDeliveries, stored, seconds: burstLoad.seconds, load: burstLoad };
    progress(`burst: ${stored} stored, ${Math.round(stored / burst.seconds)}/s`);

    const singleRowInserts = await measureSingleRowInserts(api.database.url, burstSet);
    progress(`single-row inserts: ${Math.round(singleRowInserts.rowsPerSecond)}/s`);

    const measurements: WebhookMeasurements = {
      offeredRate,
      fixedRateConnections,
      connections,
      fixedRate,
      unthrottled,
      burst,
      singleRowInserts,
    };
    return webhookRows(measurements);
  } finally {
    await bare?.stop();
    await api?.stop();
  }
}
