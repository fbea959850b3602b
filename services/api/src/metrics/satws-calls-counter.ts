import { type Queryable, sumUpstreamCallsByEndpoint } from '@invoice-extractor/shared/db';
import { Counter, type Registry } from 'prom-client';

/**
 * `satws_calls_total{endpoint}`: every SAT.ws call the requester and downloader made (each
 * HTTP attempt, retries included), by endpoint template. The api makes none of them, so the
 * series is read from PostgreSQL at scrape time, where the workers' call ledgers write.
 *
 * A Counter, not a Gauge: the value only grows (rows are only ever added to) and it is the
 * running total of events, so `rate()` and `increase()` are the queries it is for. Setting it
 * from the table at each scrape keeps that honest across api restarts, since the total lives
 * in PostgreSQL, not in this process. (Deleting extractions would lower it; Prometheus treats
 * a drop as a counter reset, which is the right reading of "history was removed".)
 */
export function satwsCallsCounter(registry: Registry, pool: Queryable): Counter<'endpoint'> {
  return new Counter({
    name: 'satws_calls_total',
    help: 'SAT.ws HTTP calls made by the workers (every attempt), by endpoint template; read from PostgreSQL at scrape time.',
    labelNames: ['endpoint'],
    registers: [registry],
    async collect() {
      // A PostgreSQL outage must not fail the whole scrape: the series is simply absent then.
      const totals = await sumUpstreamCallsByEndpoint(pool).catch(() => null);
      // Reset only once the answer is in, with no await after it, so concurrent scrapes
      // cannot interleave a reset with another's increments.
      this.reset();
      for (const { endpoint, calls } of totals ?? []) this.inc({ endpoint }, Number(calls));
    },
  });
}
