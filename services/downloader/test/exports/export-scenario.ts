import { setTimeout as delay } from 'node:timers/promises';
import type { ExtractionRecord } from '@invoice-extractor/shared/db';
import type { ExportSettings } from '../../src/exports/export-settings.js';
import {
  type ExportDownloadResult,
  processExportDownload,
} from '../../src/exports/process-export-download.js';
import type { Harness } from '../support/harness.js';
import { extractedScenario, listExtraction, type ScenarioOptions } from '../support/scenario.js';

export function exportJob(extractionId: string) {
  return {
    id: `export-${extractionId}`,
    data: { extractionId },
    attemptsMade: 0,
    opts: { attempts: 10 },
  };
}

/**
 * An extracted company whose listing chose export mode (one invoice over the threshold), the
 * export job enqueued by the listing; `exports` tunes polling and unpacking.
 */
export async function exportScenario(
  databaseUrl: string,
  options: ScenarioOptions & { exports?: Partial<ExportSettings> },
): Promise<{ h: Harness; extraction: ExtractionRecord }> {
  const { exports, ...scenario } = options;
  const { h, extraction } = await extractedScenario(databaseUrl, {
    ...scenario,
    exportThresholdInvoices: options.invoices - 1,
  });
  h.deps.exports = { pollMs: 100, ...exports };
  await listExtraction(h, extraction);
  return { h, extraction };
}

/**
 * Runs the export job's processor as its worker would, again while SAT.ws is still building the
 * export (polling, with a deadline); an error of a run is thrown, as the worker would see it.
 */
export async function runExportJob(
  h: Harness,
  extractionId: string,
): Promise<ExportDownloadResult> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await processExportDownload(exportJob(extractionId), h.deps);
    if (result.outcome !== 'waiting') return result;
    if (Date.now() > deadline) throw new Error('the export was still not ready after 30 s');
    await delay(50);
  }
}

/** SAT.ws calls the downloader's client made, by endpoint template. */
export function callsByEndpoint(h: Harness): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of h.calls) counts[call.endpoint] = (counts[call.endpoint] ?? 0) + 1;
  return counts;
}
