import { getExtraction } from '@invoice-extractor/shared/db';
import { enqueue, invoiceListingsJob } from '@invoice-extractor/shared/queues';
import type { EventDeps } from '../requester-deps.js';

/**
 * Adds the listing job of a `downloading` extraction. Run after the commit that moved it there,
 * and again whenever a `finished` event is seen (even a duplicate), so a crash between that
 * commit and this add is repaired by the event's retry. The job id is deterministic, so every
 * call after the first adds nothing. True when the extraction is downloading.
 */
export async function ensureListing(deps: EventDeps, extractionId: string): Promise<boolean> {
  const row = await getExtraction(deps.pool, extractionId);
  if (row?.status !== 'downloading') return false;
  await enqueue(deps.queues.invoiceListings, invoiceListingsJob, { extractionId });
  return true;
}
