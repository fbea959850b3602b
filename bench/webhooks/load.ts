import autocannon from 'autocannon';
import type { SignedDelivery } from './extraction-deliveries.js';

export interface LoadOptions {
  url: string;
  path: string;
  /** Sent in order, each once: every request carries a different event. */
  deliveries: readonly SignedDelivery[];
  connections: number;
  /** Requests per second across all connections; unthrottled when absent. */
  overallRate?: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  /** Non-2xx answers, connection errors and timeouts. */
  failed: number;
  seconds: number;
  /** 2xx answers per second of wall time, first request to last answer. */
  requestsPerSecond: number;
  /**
   * autocannon's mean of its once-a-second samples. At a fixed rate it reads the sustained
   * rate, which the wall-time rate overstates: N seconds' bursts end just after N − 1 seconds.
   */
  perSecondMean: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends every delivery once with autocannon (`amount` = the number of deliveries) and reports
 * what came back. Each request's body and headers are swapped in by `setupRequest`, so no event
 * is sent twice and the receiver stores every one instead of answering `duplicate`.
 *
 * With `overallRate`, autocannon gives each connection its share per second; a connection
 * sends its share back to back and then waits for the next second, so the offered load comes
 * in bursts at `connections` concurrency. Its latencies are corrected for coordinated omission.
 */
export async function sendDeliveries(options: LoadOptions): Promise<LoadResult> {
  const { deliveries } = options;
  let next = 0;
  let lastAnswerAt = 0;
  // autocannon notices the end of an `amount` run on its once-a-second tick, so its own
  // start/finish would round short runs up by up to a second: the clock is read here instead.
  const startedAt = performance.now();
  const result = await autocannon({
    url: options.url,
    connections: Math.min(options.connections, deliveries.length),
    amount: deliveries.length,
    overallRate: options.overallRate,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        setupRequest: (request) => {
          const delivery = deliveries[next % deliveries.length];
          next += 1;
          return { ...request, headers: delivery?.headers, body: delivery?.body };
        },
        onResponse: () => {
          lastAnswerAt = performance.now();
        },
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  const ok = result['2xx'];
  const seconds = (lastAnswerAt - startedAt) / 1000;
  return {
    sent: next,
    ok,
    failed,
    seconds,
    requestsPerSecond: ok / seconds,
    perSecondMean: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
