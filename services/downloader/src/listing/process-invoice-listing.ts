import {
  appendExtractionEvent,
  type DownloadMode,
  type ExtractionRecord,
  failExtraction,
  getExtraction,
  getExtractionFileCounts,
  type InvoiceInput,
  markExtractionListed,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import { AppError, isAppError, isRetryable } from '@invoice-extractor/shared/errors';
import {
  enqueue,
  exportDownloadsJob,
  invoiceListingsJob,
  parseJobPayload,
} from '@invoice-extractor/shared/queues';
import { attributeCalls } from '@invoice-extractor/shared/satws';
import type { DownloaderDeps } from '../downloader-deps.js';
import { isLastAttempt, type JobLike } from '../jobs/job-like.js';
import { type SettledExtraction, settleExtraction } from '../settlement/settle-extraction.js';
import { resolveEntityId } from './entity-id.js';
import { toInvoiceInput } from './invoice-input.js';
import { listingFilters, wantedDirection } from './listing-scope.js';
import { storeInvoicePage } from './store-invoice-page.js';

export type InvoiceListingDeps = Pick<
  DownloaderDeps,
  'pool' | 'satws' | 'queues' | 'listingPageSize' | 'exportThresholdInvoices' | 'dispatcher'
>;

/** The error code of an extraction whose listing failed for good. */
export const LISTING_FAILED = 'listing_failed';

export interface InvoiceListingResult {
  extractionId: string;
  /** `skipped`: the extraction was not downloading (not ready yet, or already finished). */
  outcome: 'listed' | 'skipped';
  pages?: number;
  invoices?: number;
  pendingFiles?: number;
  settled?: SettledExtraction | null;
}

/**
 * A listing retried from Bull Board after it failed for good puts its extraction back to
 * downloading; any other extraction that is not downloading is left alone.
 */
async function claimExtraction(
  deps: InvoiceListingDeps,
  extractionId: string,
): Promise<ExtractionRecord | null> {
  const extraction = await getExtraction(deps.pool, extractionId);
  if (!extraction) {
    throw new AppError(`Extraction ${extractionId} does not exist`, {
      code: 'extraction_not_found',
      retryable: false,
    });
  }
  if (extraction.status === 'downloading') return extraction;
  if (extraction.status === 'failed' && extraction.error_code === LISTING_FAILED) {
    const revived = await transitionExtraction(deps.pool, extractionId, ['failed'], 'downloading');
    return revived && { ...revived, rfc: extraction.rfc };
  }
  return null;
}

/** Pages through SAT.ws, storing page by page; returns how many pages and invoices. */
async function listPages(
  deps: InvoiceListingDeps,
  extraction: ExtractionRecord,
  entityId: string,
): Promise<{ pages: number; invoices: number }> {
  let pages = 0;
  let invoices = 0;
  for await (const page of deps.satws.listEntityInvoices(
    entityId,
    listingFilters(extraction, deps.listingPageSize),
  )) {
    const inputs: InvoiceInput[] = [];
    for (const invoice of page) {
      const direction = wantedDirection(extraction, invoice);
      if (direction) inputs.push(toInvoiceInput(invoice, direction));
    }
    await storeInvoicePage(deps.pool, extraction, inputs);
    pages += 1;
    invoices += inputs.length;
  }
  return { pages, invoices };
}

/**
 * Large extractions go through one export ZIP (a handful of calls instead of two per invoice);
 * the rest are handed to the dispatcher, which feeds their files to the queue in turn with
 * other companies'.
 */
export function chooseDownloadMode(
  counts: { invoices: number; pending: number },
  exportThresholdInvoices: number,
): DownloadMode {
  return counts.pending > 0 && counts.invoices > exportThresholdInvoices ? 'export' : 'files';
}

async function handOff(
  deps: InvoiceListingDeps,
  extractionId: string,
  mode: DownloadMode,
): Promise<void> {
  if (mode === 'export') {
    await enqueue(deps.queues.exportDownloads, exportDownloadsJob, { extractionId });
  } else {
    deps.dispatcher?.wake();
  }
}

/** On the last attempt, or when retrying cannot help; a 429 spends no attempt, so never on one. */
async function failListing(
  deps: InvoiceListingDeps,
  job: JobLike,
  extractionId: string,
  error: unknown,
): Promise<void> {
  if (isAppError(error) && error.status === 429) return;
  if (isRetryable(error) && !isLastAttempt(job)) return;
  const message = error instanceof Error ? error.message : String(error);
  await failExtraction(
    deps.pool,
    extractionId,
    LISTING_FAILED,
    `Listing invoices failed: ${message}`,
  );
}

/**
 * `invoice-listings`: lists a downloading extraction's invoices (cursor pages of 1000), stores
 * each page in one transaction, then records that the listing is done with the download mode,
 * hands the files over (export job, or the dispatcher) and completes the extraction if nothing
 * is left to download. Idempotent: a second run stores and links nothing new, and the export
 * job's id and the dispatcher's `dispatched_at` keep the hand-off from doubling.
 */
export async function processInvoiceListing(
  job: JobLike,
  deps: InvoiceListingDeps,
): Promise<InvoiceListingResult> {
  const { extractionId } = parseJobPayload(invoiceListingsJob, job);
  // Every SAT.ws call of the listing (entity lookup, each page, retries) counts for it.
  return attributeCalls(extractionId, () => listExtraction(job, deps, extractionId));
}

async function listExtraction(
  job: JobLike,
  deps: InvoiceListingDeps,
  extractionId: string,
): Promise<InvoiceListingResult> {
  const extraction = await claimExtraction(deps, extractionId);
  if (!extraction) return { extractionId, outcome: 'skipped' };
  try {
    const entityId = await resolveEntityId(deps, extraction);
    const { pages, invoices } = await listPages(deps, extraction, entityId);
    const counts = await getExtractionFileCounts(deps.pool, extractionId);
    const mode = chooseDownloadMode(counts, deps.exportThresholdInvoices);
    await markExtractionListed(deps.pool, extractionId, mode);
    await handOff(deps, extractionId, mode);
    await appendExtractionEvent(deps.pool, extractionId, 'listing.completed', {
      pages,
      invoicesListed: invoices,
      downloadMode: mode,
      ...counts,
    });
    const settled = await settleExtraction(deps.pool, extractionId);
    return {
      extractionId,
      outcome: 'listed',
      pages,
      invoices: counts.invoices,
      pendingFiles: counts.pending,
      settled,
    };
  } catch (error) {
    await failListing(deps, job, extractionId, error);
    throw error;
  }
}
