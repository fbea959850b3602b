import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { BenchSystem } from './bench-system.js';

export interface ExtractionRun {
  id: string;
  /** From the POST to the moment the API said completed. */
  wallMs: number;
  /**
   * From the end of the listing to the completion, as the system recorded them (the
   * `listing.completed` event, `completed_at`): the downloads alone, as the raw loop does them.
   */
  downloadMs: number;
  invoices: number;
  filesStored: number;
  body: Record<string, unknown>;
}

const POLL_MS = 250;

async function api(system: BenchSystem, method: string, path: string, body?: unknown) {
  const response = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${system.apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 400) {
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  }
  return json;
}

/**
 * Asks the system for one extraction, as an internal service would, and follows it through the
 * API until it completes. Fails on `failed`, on a crashed child, or after `timeoutMs`.
 */
export async function driveExtraction(
  system: BenchSystem,
  request: { rfc: string; period: { from: string; to: string } },
  timeoutMs: number,
): Promise<ExtractionRun> {
  const started = performance.now();
  const created = await api(system, 'POST', '/v1/extractions', request);
  const id = String(created.id);
  for (;;) {
    const crash = system.crashed();
    if (crash) throw new Error(crash);
    const body = await api(system, 'GET', `/v1/extractions/${id}`);
    const now = performance.now();
    if (body.status === 'failed') {
      throw new Error(
        `extraction ${id} failed: ${JSON.stringify(body.error)} (logs: ${system.logDir})`,
      );
    }
    if (body.status === 'completed') {
      const counts = body.counts as { invoices: number; files: { stored: number } };
      return {
        id,
        wallMs: now - started,
        downloadMs: await recordedDownloadMs(system, id),
        invoices: counts.invoices,
        filesStored: counts.files.stored,
        body,
      };
    }
    if (now - started > timeoutMs) {
      throw new Error(
        `extraction ${id} still ${String(body.status)} after ${timeoutMs / 1000} s (logs: ${system.logDir})`,
      );
    }
    await sleep(POLL_MS);
  }
}

async function recordedDownloadMs(system: BenchSystem, extractionId: string): Promise<number> {
  const client = new pg.Client({ connectionString: system.database.url });
  await client.connect();
  try {
    const result = await client.query<{ ms: number }>(
      `select extract(epoch from (x.completed_at - l.created_at)) * 1000 as ms
       from extractions x
       join extraction_events l on l.extraction_id = x.id and l.kind = 'listing.completed'
       where x.id = $1
       order by l.id limit 1`,
      [extractionId],
    );
    const ms = Number(result.rows[0]?.ms);
    if (!Number.isFinite(ms))
      throw new Error(`extraction ${extractionId} has no listing.completed`);
    return ms;
  } finally {
    await client.end();
  }
}

/** The simulator's own count of the calls it answered, by endpoint (its admin API). */
export async function simulatorCalls(system: BenchSystem): Promise<Record<string, number>> {
  const response = await fetch(`${system.simUrl}/_sim/calls`);
  return (await response.json()) as Record<string, number>;
}

export async function resetSimulatorCalls(system: BenchSystem): Promise<void> {
  await fetch(`${system.simUrl}/_sim/calls`, { method: 'DELETE' });
}
