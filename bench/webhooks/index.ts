import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BenchRow } from '../lib/bench-row.js';
import { ROOT, stackEnv } from '../lib/stack-env.js';
import { type ApiUnderTest, startApiUnderTest } from './api-process.js';
import { type BareRoute, startBareRoute } from './bare-route-process.js';
import { createRunner, WebhookBenchPhases } from './bench-phases.js';
import { type WebhookBenchOptions, webhookBenchSettings } from './bench-settings.js';
import { webhookRows } from './webhook-rows.js';

export type { WebhookBenchOptions } from './bench-settings.js';

/**
 * The webhook receiver against the raw limits of the same machine: requests/s and p99 at a
 * fixed offered load and unthrottled, next to a bare Hono route doing the same JSON parse; and
 * bursts shaped like one large extraction, whose stored deliveries/s are set beside
 * PostgreSQL's single-row inserts/s. The api runs built, as its own process, on a database and
 * queue prefix of its own that are removed at the end.
 */
export async function runWebhookBench(options: WebhookBenchOptions = {}): Promise<BenchRow[]> {
  const settings = webhookBenchSettings(options);
  const { progress } = settings;
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
      logLevel: settings.logLevel,
      nodeArgs: settings.apiNodeArgs,
    });
    bare = await startBareRoute({ logDir });
    const ours = { name: 'receiver', url: api.url };
    const baseline = { name: 'bare route', url: bare.url };
    const phases = new WebhookBenchPhases(createRunner(api, progress), api, settings);

    await phases.warmUp([ours, baseline]);
    const fixedRate = await phases.fixedRate(ours, baseline);
    const unthrottled = await phases.unthrottled(ours, baseline);
    const { burst, singleRowInserts } = await phases.burstsAndBaseline(ours, progress);
    return webhookRows({
      offeredRate: settings.offeredRate,
      fixedRateConnections: settings.fixedRateConnections,
      connections: settings.connections,
      logLevel: settings.logLevel,
      repeats: settings.repeats,
      fixedRate,
      unthrottled,
      burst,
      singleRowInserts,
    });
  } finally {
    await bare?.stop();
    await api?.stop();
  }
}
