import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setExtractionDeadline } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { enqueue, extractionRequestsJob } from '@invoice-extractor/shared/queues';
import {
  type CallLedger,
  createCallLedger,
  createSatwsClient,
} from '@invoice-extractor/shared/satws';
import { testRedisUrl } from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catchUpEvents } from '../src/reconcile/catch-up-events.js';
import { pollOverdueExtractions } from '../src/reconcile/poll-overdue.js';
import { processExtractionRequest } from '../src/requests/process-extraction-request.js';
import { jobOf, queuedExtraction, reload } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const RFC = 'EKU9003173C9';
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let harness: Harness;

beforeAll(async () => {
  harness = await openHarness({
    // Extractions stay pending: a second equal request meets the first still in flight.
    timings: { extractionPendingMs: 600_000 },
    seed: { taxpayers: [{ rfc: RFC, invoices: 5 }] },
  });
});
afterAll(() => harness.close());

beforeEach(async () => {
  harness.sim.admin.clearFaults();
  harness.sim.admin.resetCalls();
  await harness.pool.query('delete from upstream_calls');
  // Not cached: the request looks the entity up, and that call is the extraction's too.
  await harness.pool.query('update companies set satws_entity_id = null');
});

/** Stored counts as `extraction|endpoint → calls` ('-' for no extraction). */
async function stored(): Promise<Record<string, number>> {
  const result = await harness.pool.query<{
    extraction_id: string | null;
    endpoint: string;
    calls: string;
  }>('select extraction_id, endpoint, calls from upstream_calls');
  return Object.fromEntries(
    result.rows.map((row) => [`${row.extraction_id ?? '-'}|${row.endpoint}`, Number(row.calls)]),
  );
}

describe('the requester counts its SAT.ws calls for the extraction they serve', () => {
  let context: TestContext;
  let ledger: CallLedger;

  beforeEach(() => {
    context = openContext(harness);
    // As main.ts wires it: the client reports every attempt to the ledger.
    ledger = createCallLedger({
      pool: harness.pool,
      logger: createLogger({ level: 'silent' }),
      flushIntervalMs: 3_600_000,
    });
    context.deps.satws = createSatwsClient({
      baseUrl: harness.sim.url,
      apiKey: harness.sim.apiKey,
      budget: context.deps.budget,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      onCall: ledger.record,
    });
    context.deps.reconciler = { everyMs: 60_000, staleAfterMs: 0 };
  });
  afterEach(async () => {
    await ledger.close();
    await context.close();
  });

  it('requesting: the entity lookup and the request, and the in-flight search after a 409, failed or not', async () => {
    const first = await queuedExtraction(harness.pool, RFC);
    const twin = await queuedExtraction(harness.pool, RFC, {
      periodFrom: first.period_from,
      periodTo: first.period_to,
    });

    await processExtractionRequest(jobOf({ extractionId: first.id }), context.deps);
    // The twin meets the first in flight (409), finds it in SAT.ws's list, and fails: that
    // upstream extraction is already ours. Its calls were made all the same.
    await expect(
      processExtractionRequest(jobOf({ extractionId: twin.id }), context.deps),
    ).rejects.toThrow(/already tracked by another of our extractions/);
    await ledger.flush();

    // One list per in-flight status until the match: as many as SAT.ws saw.
    const lists = harness.sim.admin.calls()['GET /extractions'] ?? 0;
    expect(lists).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual({
      [`${first.id}|GET /entities`]: 1,
      [`${first.id}|POST /extractions`]: 1,
      [`${twin.id}|POST /extractions`]: 1,
      [`${twin.id}|GET /extractions`]: lists,
    });
    expect(harness.sim.admin.calls()).toEqual({
      'GET /entities': 1,
      'POST /extractions': 2,
      'GET /extractions': lists,
    });
  });

  it("polling an overdue extraction is that extraction's call; the events catch-up is nobody's", async () => {
    const row = await queuedExtraction(harness.pool, RFC);
    await processExtractionRequest(jobOf({ extractionId: row.id }), context.deps);
    await setExtractionDeadline(harness.pool, row.id, new Date(Date.now() - 1_000));
    // A 503 first: the poll's retry is an attempt SAT.ws counts, so it is counted too.
    harness.sim.admin.addFault({ kind: 'error', path: '/extractions/*', method: 'GET', count: 1 });

    expect(await pollOverdueExtractions(context.deps)).toMatchObject({ polled: 1 });
    await catchUpEvents(context.deps);
    await ledger.flush();

    expect(await stored()).toEqual({
      [`${row.id}|GET /entities`]: 1,
      [`${row.id}|POST /extractions`]: 1,
      [`${row.id}|GET /extractions/{id}`]: 2,
      // One page per applied event type (the catch-up asks SAT.ws for each type on its own).
      '-|GET /events': 3,
    });
    expect(harness.sim.admin.calls()).toMatchObject({
      'GET /extractions/{id}': 2,
      'GET /events': 3,
    });
  });
});

describe('requester main', () => {
  let context: TestContext | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await context?.close();
  });

  it('writes its call counts to PostgreSQL, the last ones during shutdown', async () => {
    context = openContext(harness);
    child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: harness.databaseUrl,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: context.prefix,
        SATWS_BASE_URL: harness.sim.url,
        SATWS_API_KEY: harness.sim.apiKey,
        SHUTDOWN_TIMEOUT_MS: '10000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child?.once('close', resolve));
    const row = await queuedExtraction(harness.pool, RFC);
    await enqueue(context.queues.extractionRequests, extractionRequestsJob, {
      extractionId: row.id,
    });
    await waitFor('the extraction to be requested', async () => {
      return (await reload(harness.pool, row.id)).status === 'requested';
    });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(await stored()).toEqual({
      [`${row.id}|GET /entities`]: 1,
      [`${row.id}|POST /extractions`]: 1,
    });
    const steps = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; step?: string })
      .filter((line) => line.msg === 'shutdown step done')
      .map((line) => line.step);
    expect(steps.slice(0, 2)).toEqual([
      'stop workers, finish jobs in flight',
      'write the last SAT.ws call counts',
    ]);
  });
});
