import type { ApiUnderTest } from './api-process.js';
import type { WebhookBenchSettings } from './bench-settings.js';
import { extractionDeliveries, type SignedDelivery } from './extraction-deliveries.js';
import { type LoadResult, sendDeliveries } from './load.js';
import { type InsertRate, measureSingleRowInserts } from './single-row-inserts.js';
import type { BurstResult } from './webhook-rows.js';

const WEBHOOK_PATH = '/v1/webhooks/satws';
const WARM_UP_REQUESTS = 3_000;

interface Server {
  name: string;
  url: string;
}

/** Runs one load against one server, checking that every request was answered 2xx. */
export type Runner = (
  label: string,
  server: Server,
  load: { deliveries: readonly SignedDelivery[]; connections: number; overallRate?: number },
) => Promise<LoadResult>;

function describe(label: string, result: LoadResult): string {
  return (
    `${label}: ${result.ok}/${result.sent} 2xx in ${result.seconds.toFixed(2)} s ` +
    `(${Math.round(result.requestsPerSecond)}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
    `${result.failed} failed)`
  );
}

export function createRunner(api: ApiUnderTest, progress: (line: string) => void): Runner {
  return async (label, server, load) => {
    const result = await sendDeliveries({ url: server.url, path: WEBHOOK_PATH, ...load });
    progress(describe(`${server.name} ${label}`, result));
    const crash = api.crashed();
    if (crash) throw new Error(crash);
    if (result.failed > 0 || result.ok !== result.sent) {
      throw new Error(`${describe(label, result)}: every request must be answered 2xx`);
    }
    return result;
  };
}

/** The run whose `value` is the median of `runs` (the middle one; the lower of two). */
export function medianBy<T>(runs: readonly T[], value: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new Error('medianBy: no runs');
  return middle;
}

/**
 * Each phase signs its deliveries just before sending them: the receiver refuses signatures
 * older than 300 s, and every request carries an event of its own.
 */
export class WebhookBenchPhases {
  constructor(
    private readonly run: Runner,
    private readonly api: ApiUnderTest,
    private readonly settings: WebhookBenchSettings,
  ) {}

  private deliveries(count: number): SignedDelivery[] {
    return extractionDeliveries(count, this.api.webhookSecret);
  }

  async warmUp(servers: readonly Server[]): Promise<void> {
    const { connections } = this.settings;
    for (const server of servers) {
      await this.run('warm-up', server, {
        deliveries: this.deliveries(WARM_UP_REQUESTS),
        connections,
      });
    }
  }

  /** `repeats` runs of each server, taking turns so that both see the same moments. */
  private async inTurns(
    ours: Server,
    bare: Server,
    runOnce: (server: Server) => Promise<LoadResult>,
  ): Promise<{ ours: LoadResult[]; bare: LoadResult[] }> {
    const runs = { ours: [] as LoadResult[], bare: [] as LoadResult[] };
    for (let round = 0; round < this.settings.repeats; round += 1) {
      runs.ours.push(await runOnce(ours));
      runs.bare.push(await runOnce(bare));
    }
    return runs;
  }

  /** At the fixed offered load; of each server, the run with the median p99. */
  async fixedRate(ours: Server, bare: Server): Promise<{ ours: LoadResult; bare: LoadResult }> {
    const { offeredRate, fixedRateSeconds, fixedRateConnections } = this.settings;
    const runs = await this.inTurns(ours, bare, (server) =>
      this.run(`at ${offeredRate} req/s`, server, {
        deliveries: this.deliveries(offeredRate * fixedRateSeconds),
        connections: fixedRateConnections,
        overallRate: offeredRate,
      }),
    );
    const p99 = (result: LoadResult) => result.p99Ms;
    return { ours: medianBy(runs.ours, p99), bare: medianBy(runs.bare, p99) };
  }

  /** As fast as each server answers; of each server, the run with the median rate. */
  async unthrottled(ours: Server, bare: Server): Promise<{ ours: LoadResult; bare: LoadResult }> {
    const { unthrottledRequests, connections } = this.settings;
    const runs = await this.inTurns(ours, bare, (server) =>
      this.run('unthrottled', server, {
        deliveries: this.deliveries(unthrottledRequests),
        connections,
      }),
    );
    const rate = (result: LoadResult) => result.requestsPerSecond;
    return { ours: medianBy(runs.ours, rate), bare: medianBy(runs.bare, rate) };
  }

  /** One burst: every delivery must end up as one new row in the inbox. */
  private async burst(server: Server): Promise<BurstResult & { deliveries: SignedDelivery[] }> {
    const { burstDeliveries, connections } = this.settings;
    const deliveries = this.deliveries(burstDeliveries);
    const before = await this.api.countInbox();
    const load = await this.run('burst', server, { deliveries, connections });
    const stored = (await this.api.countInbox()) - before;
    if (stored !== burstDeliveries) {
      throw new Error(`burst: ${stored} new inbox rows for ${burstDeliveries} deliveries`);
    }
    return { sent: burstDeliveries, stored, seconds: load.seconds, deliveries };
  }

  /** `repeats` bursts, each followed by the single-row baseline on the same bodies. */
  async burstsAndBaseline(server: Server, progress: (line: string) => void) {
    const bursts: BurstResult[] = [];
    const baselines: InsertRate[] = [];
    for (let round = 0; round < this.settings.repeats; round += 1) {
      const { deliveries, ...burst } = await this.burst(server);
      progress(`burst: ${burst.stored} stored, ${Math.round(burst.stored / burst.seconds)}/s`);
      bursts.push(burst);
      const baseline = await measureSingleRowInserts(this.api.database.url, deliveries);
      progress(`single-row inserts: ${Math.round(baseline.rowsPerSecond)}/s`);
      baselines.push(baseline);
    }
    return {
      burst: medianBy(bursts, (burst) => burst.stored / burst.seconds),
      singleRowInserts: medianBy(baselines, (baseline) => baseline.rowsPerSecond),
    };
  }
}
