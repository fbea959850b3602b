import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchSystem } from './bench-system.js';

export interface ExtractionRun {
  id: string;
  /** From the POST to the moment the API said completed. */
  wallMs: number;
  /** From the first poll that saw `downloading` to completed: the download pipeline alone. */
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
  let downloadingAt: number | undefined;
  for (;;) {
    const crash = system.crashed();
    if (crash) throw new Error(crash);
    const body = await api(system, 'GET', `/v1/extractions/${id}`);
    const now = performance.now();
    if (body.status === 'downloading') downloadingAt ??= now;
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
        downloadMs: now - (downloadingAt ?? started),
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

/** The simulator's own count of the calls it answered, by endpoint (its admin API). */
export async function simulatorCalls(system: BenchSystem): Promise<Record<string, number>> {
  const response = await fetch(`${system.simUrl}/_sim/calls`);
  return (await response.json()) as Record<string, number>;
}

export async function resetSimulatorCalls(system: BenchSystem): Promise<void> {
  await fetch(`${system.simUrl}/_sim/calls`, { method: 'DELETE' });
}
