import type { SatwsEvent } from '@invoice-extractor/shared/satws';
import { type ExpectedFile, expectedFiles, truthFor } from './expected-files.js';
import { readStoredObjects, type StoredObject } from './s3-objects.js';
import type { TestSystem } from './start-system.js';

/** What S3 holds under the system's prefix, hashed, beside what the simulator says it should. */
export async function storedVersusExpected(
  system: TestSystem,
  rfcs: readonly string[],
): Promise<{ stored: StoredObject[]; expected: ExpectedFile[] }> {
  const [truth, stored] = await Promise.all([
    truthFor(system.sim, rfcs),
    readStoredObjects(system.isolation.checker),
  ]);
  return { stored, expected: expectedFiles(truth) };
}

/** Rows of one of our tables (a fixed name from the test, never input). */
export async function countRows(
  system: TestSystem,
  table: string,
  where = 'true',
): Promise<number> {
  const result = await system.isolation.pool.query<{ count: string }>(
    `select count(*) as count from ${table} where ${where}`,
  );
  return Number(result.rows[0]?.count ?? 0);
}

/** Jobs in every state of every queue, to prove that a rejected request enqueued nothing. */
export async function jobTotals(system: TestSystem): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const queue of system.queues.list) {
    const counts = await queue.getJobCounts();
    totals[queue.name] = Object.values(counts).reduce((sum, count) => sum + count, 0);
  }
  return totals;
}

/** Every event the simulated SAT.ws has emitted, as its `GET /events` lists them. */
export async function upstreamEvents(system: TestSystem): Promise<SatwsEvent[]> {
  const events: SatwsEvent[] = [];
  for await (const page of system.satws.listEvents()) events.push(...page);
  return events;
}

/** How many webhook delivery attempts the simulator has made (its `GET /webhook-requests`). */
export async function deliveryAttempts(system: TestSystem): Promise<number> {
  const response = await fetch(`${system.sim.url}/webhook-requests?itemsPerPage=1`, {
    headers: { 'x-api-key': system.sim.apiKey, accept: 'application/ld+json' },
  });
  const body = (await response.json()) as { 'hydra:totalItems'?: number };
  if (typeof body['hydra:totalItems'] !== 'number') {
    throw new Error(`GET /webhook-requests gave no total: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body['hydra:totalItems'];
}
