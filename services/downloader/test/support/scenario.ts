import type { ExtractionRecord } from '@invoice-extractor/shared/db';
import { processInvoiceListing } from '../../src/listing/process-invoice-listing.js';
import { dispatchAll } from './dispatch.js';
import { createExtraction } from './extractions.js';
import { createHarness, type Harness, type HarnessOptions } from './harness.js';

export const RFC = 'EKU9003173C9';
export const MIB = 1024 * 1024;

export interface ScenarioOptions extends Omit<HarnessOptions, 'databaseUrl' | 'sim'> {
  invoices: number;
  /** The first `count` invoices get files of these sizes (over 8 MiB: a multipart upload). */
  largeFiles?: { count: number; xml?: number; pdf?: number };
  sim?: Omit<NonNullable<HarnessOptions['sim']>, 'seed'>;
}

/**
 * A simulator holding `invoices` already extracted for one company, and our downloading
 * extraction of that company's first half of 2025.
 */
export async function extractedScenario(
  databaseUrl: string,
  options: ScenarioOptions,
): Promise<{ h: Harness; extraction: ExtractionRecord }> {
  const { invoices, largeFiles, sim, ...harnessOptions } = options;
  const h = await createHarness({
    ...harnessOptions,
    databaseUrl,
    sim: {
      ...sim,
      seed: {
        randomSeed: `downloader-${invoices}-${largeFiles?.count ?? 0}`,
        taxpayers: [
          {
            rfc: RFC,
            invoices,
            extracted: true,
            from: '2025-01-01',
            to: '2025-06-30',
            ...(largeFiles ? { largeFiles } : {}),
          },
        ],
      },
    },
  });
  const truth = await h.sim.admin.truth(RFC, { digests: false });
  const entityId = truth.taxpayers[0]?.entityId ?? null;
  const extraction = await createExtraction(h.pool, {
    rfc: RFC,
    entityId,
    from: '2025-01-01',
    to: '2025-06-30',
  });
  return { h, extraction };
}

/**
 * Runs the extraction's listing once, as its job would, then hands its files to the queue as
 * the dispatcher would.
 */
export async function listExtraction(h: Harness, extraction: ExtractionRecord): Promise<void> {
  await processInvoiceListing(
    {
      id: 'listing',
      data: { extractionId: extraction.id },
      attemptsMade: 0,
      opts: { attempts: 10 },
    },
    h.deps,
  );
  await dispatchAll(h);
}
