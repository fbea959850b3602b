import {
  appendExtractionEvent,
  type ExtractionRecord,
  failExtraction,
  getExtraction,
  getExtractionFileCounts,
  type InvoiceInput,
  listPendingExtractionFiles,
  markExtractionListed,
  transitionExtraction,
} from '@invoice-extractor/shared/db';
import { AppError, isAppError, isRetryable } from '@invoice-extractor/shared/errors';
import { invoiceListingsJob, parseJobPayload } from '@invoice-extractor/shared/queues';
import type { DownloaderDeps } from '../downloader-deps.js';
import { isLastAttempt, type JobLike } from '../jobs/job-like.js';
import { type SettledExtraction, settleExtraction } from '../settlement/settle-extraction.js';
import { enqueueFileJobs } from './enqueue-file-jobs.js';
import { resolveEntityId } from './entity-id.js';
import { toInvoiceInput } from './invoice-input.js';
import { listingFilters, wantedDirection } from './listing-scope.js';
import { storeInvoicePage } from './store-invoice-page.js';

export type InvoiceListingDeps = Pick<
  DownloaderDeps,
  'pool' | 'satws' | 'queues' | 'listingPageSize'
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

/** Pages through SAT.ws, storing and enqueuing page by page; returns how many pages and invoices. */
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
    const { pendingFileIds } = await storeInvoicePage(deps.pool, extraction, inputs);
    await enqueueFileJobs(deps.queues.fileDownloads, pendingFileIds);
    pages += 1;
    invoices += inputs.length;
  }
  return { pages, invoices };
}

/**
 * Files pending from an earlier run that stopped between a page's commit and its enqueue would
 * otherwise never get a job; ids already queued add nothing.
 */
async function enqueuePendingFiles(deps: InvoiceListingDeps, extractionId: string): Promise<void> {
  let afterFileId: string | null = null;
  for (;;) {
    const files = await listPendingExtractionFiles(deps.pool, extractionId, {
      afterFileId,
      limit: 1000,
    });
    await enqueueFileJobs(
      deps.queues.fileDownloads,
      files.map((file) => file.id),
    );
    const last = files.at(-1);
    if (!last || files.length < 1000) return;
    afterFileId = last.id;
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
 * each page in one transaction and enqueues its pending files after the commit, then records
 * that the listing is done and completes the extraction if nothing is left to download.
 * Idempotent: a second run stores, links and enqueues nothing new.
 */
export async function processInvoiceListing(
  job: JobLike,
  deps: InvoiceListingDeps,
): Promise<InvoiceListingResult> {
  const { extractionId } = parseJobPayload(invoiceListingsJob, job);
  const extraction = await claimExtraction(deps, extractionId);
  if (!extraction) return { extractionId, outcome: 'skipped' };
  try {
    const entityId = await resolveEntityId(deps, extraction);
    const { pages, invoices } = await listPages(deps, extraction, entityId);
    await markExtractionListed(deps.pool, extractionId);
    await enqueuePendingFiles(deps, extractionId);
    const counts = await getExtractionFileCounts(deps.pool, extractionId);
    await appendExtractionEvent(deps.pool, extractionId, 'listing.completed', {
      pages,
      invoicesListed: invoices,
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
