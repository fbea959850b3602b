import {
  appendExtractionEvent,
  listExtractionsMissingXml,
  type Queryable,
  scheduleFollowUpExtraction,
  withTransaction,
} from '@invoice-extractor/shared/db';
import { type RequesterTiming, timingOf } from '../requester-deps.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { reconcilerSettings } from './reconciler-options.js';

/**
 * SAT.ws's daily XML cap (satws-api.md: `rateLimitedAt`, invoices with `xml:false`) is lifted
 * the next day: a new extraction of the same period, requested by the reconciler once its
 * `not_before` passes, fills in what this one could not get. At most one per extraction.
 */
export async function scheduleFollowUp(
  q: Queryable,
  extractionId: string,
  timing: RequesterTiming,
  reason: 'rate-limited' | 'xml-missing',
): Promise<string | null> {
  const notBefore = new Date(Date.now() + timing.followUpDelayMs);
  const followUpId = await scheduleFollowUpExtraction(q, extractionId, {
    notBefore,
    maxDepth: timing.maxFollowUpDepth,
  });
  if (followUpId) {
    await appendExtractionEvent(q, extractionId, 'follow_up.scheduled', {
      followUpId,
      reason,
      notBefore: notBefore.toISOString(),
    });
  }
  return followUpId;
}

/** Completed extractions whose XML files SAT.ws held back get their follow-up. */
export async function scheduleMissingXmlFollowUps(deps: ReconcileDeps): Promise<number> {
  const { batchSize, staleAfterMs } = reconcilerSettings(deps.reconciler);
  const timing = timingOf(deps);
  const ids = await listExtractionsMissingXml(deps.pool, {
    olderThan: new Date(Date.now() - staleAfterMs),
    limit: batchSize,
    maxDepth: timing.maxFollowUpDepth,
  });
  let scheduled = 0;
  for (const id of ids) {
    const followUp = await withTransaction(deps.pool, (tx) =>
      scheduleFollowUp(tx, id, timing, 'xml-missing'),
    );
    if (followUp) scheduled += 1;
  }
  return scheduled;
}
