import type { Queryable } from '@invoice-extractor/shared/db';
import type { Queues } from '@invoice-extractor/shared/queues';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { satwsCallsCounter } from './satws-calls-counter.js';

/** Verdicts of webhook deliveries: the four 2xx outcomes and the reasons for refusing one. */
export type WebhookVerdict =
  | 'queued'
  | 'requeued'
  | 'ignored'
  | 'duplicate'
  | 'invalid_signature'
  | 'malformed'
  | 'unsupported_media_type'
  | 'too_large'
  | 'unavailable';

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
  'completed',
] as const;

export interface ApiMetrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  countWebhook(verdict: WebhookVerdict): void;
}

function queueDepthGauge(registry: Registry, queues: Queues): Gauge<'queue' | 'state'> {
  return new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each queue by state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      // A Redis outage must not fail the whole scrape: /readyz and the other series still say so.
      const counts = await Promise.all(
        queues.list.map((queue) => queue.getJobCounts(...QUEUE_STATES).catch(() => null)),
      );
      queues.list.forEach((queue, index) => {
        const byState = counts[index];
        if (!byState) return;
        for (const state of QUEUE_STATES)
          this.set({ queue: queue.name, state }, byState[state] ?? 0);
      });
    },
  });
}

/**
 * One registry per app (not prom-client's global one), so several apps in one process (tests,
 * the demo) keep their own counts. prom-client writes the text format and adds the process's
 * own metrics (memory, event-loop lag, handles), which a hand-written exporter would not.
 */
export function createApiMetrics(queues: Queues, pool: Queryable): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'webhook_deliveries_total',
    help: 'SAT.ws webhook deliveries, by verdict.',
    labelNames: ['verdict'],
    registers: [registry],
  });
  queueDepthGauge(registry, queues);
  satwsCallsCounter(registry, pool);
  return {
    registry,
    observeRequest: ({ method, route, status }, seconds) => {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
    },
    countWebhook: (verdict) => webhooks.inc({ verdict }),
  };
}
