import type { BenchRow } from '../lib/bench-row.js';
import type { LoadResult } from './load.js';
import type { InsertRate } from './single-row-inserts.js';

export interface BurstResult {
  sent: number;
  /** New rows in `webhook_inbox` after the burst. */
  stored: number;
  /** First request to last answer. */
  seconds: number;
}

export interface WebhookMeasurements {
  offeredRate: number;
  fixedRateConnections: number;
  connections: number;
  logLevel: string;
  /** How many runs each median was taken of. */
  repeats: number;
  fixedRate: { ours: LoadResult; bare: LoadResult };
  unthrottled: { ours: LoadResult; bare: LoadResult };
  burst: BurstResult;
  singleRowInserts: InsertRate;
}

const BARE = 'bare Hono route, same JSON parse';
/** The targets (issue 6). */
const MAX_P99_MS = 50;
const MIN_THROUGHPUT_RATIO = 0.5;
const MIN_BURST_PER_SECOND = 5_000;

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The webhook lines of the table. Ratios are ours ÷ baseline: for rates higher is better, for
 * latency lower is; the burst's is stored deliveries ÷ single-row inserts per second.
 */
export function webhookRows(m: WebhookMeasurements): BenchRow[] {
  const { fixedRate, unthrottled, burst } = m;
  const section = `Webhook receiver (api LOG_LEVEL=${m.logLevel})`;
  const median = m.repeats > 1 ? `, median of ${m.repeats}` : '';
  const offered = `${m.offeredRate} req/s offered, ${m.fixedRateConnections} connections`;
  const throughputRatio = unthrottled.ours.requestsPerSecond / unthrottled.bare.requestsPerSecond;
  const burstRate = burst.stored / burst.seconds;
  return [
    {
      section,
      measure: `requests/s at ${offered} (in that run)`,
      ours: perSecond(fixedRate.ours.perSecondMean),
      baselineName: BARE,
      baseline: perSecond(fixedRate.bare.perSecondMean),
      ratio: fixedRate.ours.perSecondMean / fixedRate.bare.perSecondMean,
    },
    {
      section,
      measure: `p99 latency at ${offered}${median}`,
      ours: ms(fixedRate.ours.p99Ms),
      baselineName: BARE,
      baseline: ms(fixedRate.bare.p99Ms),
      ratio: fixedRate.ours.p99Ms / fixedRate.bare.p99Ms,
      target: `p99 < ${MAX_P99_MS} ms`,
      met: fixedRate.ours.p99Ms < MAX_P99_MS && fixedRate.ours.failed === 0,
    },
    {
      section,
      measure: `requests/s unthrottled, ${m.connections} connections${median}`,
      ours: perSecond(unthrottled.ours.requestsPerSecond),
      baselineName: BARE,
      baseline: perSecond(unthrottled.bare.requestsPerSecond),
      ratio: throughputRatio,
      target: `ratio ≥ ${MIN_THROUGHPUT_RATIO}`,
      met: throughputRatio >= MIN_THROUGHPUT_RATIO && unthrottled.ours.failed === 0,
    },
    {
      section,
      measure: `p99 latency unthrottled, ${m.connections} connections (in that run)`,
      ours: ms(unthrottled.ours.p99Ms),
      baselineName: BARE,
      baseline: ms(unthrottled.bare.p99Ms),
      ratio: unthrottled.ours.p99Ms / unthrottled.bare.p99Ms,
    },
    {
      section,
      measure:
        `burst: ${burst.sent.toLocaleString('en-US')} signed invoice.created/file.created, ` +
        `${m.connections} connections: verified + stored/s${median}`,
      ours: perSecond(burstRate),
      baselineName: 'PostgreSQL single-row INSERTs, pool of 10',
      baseline: perSecond(m.singleRowInserts.rowsPerSecond),
      ratio: burstRate / m.singleRowInserts.rowsPerSecond,
      target: `≥ ${MIN_BURST_PER_SECOND.toLocaleString('en-US')}/s`,
      met: burstRate >= MIN_BURST_PER_SECOND && burst.stored === burst.sent,
    },
  ];
}
