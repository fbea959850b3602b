import {
  type ExtractionRow,
  getExtraction,
  listOverduePolls,
  setExtractionDeadline,
  withTransaction,
} from '@invoice-extractor/shared/db';
import { isAppError } from '@invoice-extractor/shared/errors';
import {
  attributeCalls,
  parseSatwsTime,
  type SatwsExtraction,
} from '@invoice-extractor/shared/satws';
import { applySatwsExtraction } from '../events/apply-extraction-updated.js';
import { ensureListing } from '../events/ensure-listing.js';
import { timingOf } from '../requester-deps.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { reconcilerSettings } from './reconciler-options.js';

export interface PollCounts {
  polled: number;
  moved: number;
  unreachable: number;
}

/**
 * Extractions whose deadline passed with no terminal webhook: asks SAT.ws for each and applies
 * the answer through the webhook's own path, then pushes the deadline (longer while SAT.ws says
 * `waiting`). A rate limit ends the sweep (the job is rate-limited and the next run resumes);
 * any other failure for one extraction only pushes its deadline, so one bad row cannot stall
 * the others.
 */
export async function pollOverdueExtractions(deps: ReconcileDeps): Promise<PollCounts> {
  const { batchSize } = reconcilerSettings(deps.reconciler);
  const rows = await listOverduePolls(deps.pool, { now: new Date(), limit: batchSize });
  const counts: PollCounts = { polled: 0, moved: 0, unreachable: 0 };
  for (const row of rows) {
    const satws = await fetchExtraction(deps, row);
    if (!satws) {
      counts.unreachable += 1;
      await pushDeadline(deps, row.id, 'running');
      continue;
    }
    counts.polled += 1;
    if (await applyPolled(deps, row, satws)) counts.moved += 1;
  }
  return counts;
}

async function fetchExtraction(
  deps: ReconcileDeps,
  row: ExtractionRow,
): Promise<SatwsExtraction | undefined> {
  const satwsId = row.satws_extraction_id ?? '';
  try {
    return await attributeCalls(row.id, () => deps.satws.getExtraction(satwsId));
  } catch (error) {
    // A 429 is for the worker to wait out (pausing every process), not a poll to skip.
    if (isAppError(error) && error.status === 429) throw error;
    deps.logger.warn(
      { extractionId: row.id, satwsExtractionId: satwsId, err: error },
      'could not poll an overdue extraction; will look again later',
    );
    return undefined;
  }
}

async function applyPolled(
  deps: ReconcileDeps,
  row: ExtractionRow,
  satws: SatwsExtraction,
): Promise<boolean> {
  const moved = await withTransaction(deps.pool, (tx) =>
    applySatwsExtraction(tx, deps, {
      extractionId: row.id,
      satws,
      observedAt: parseSatwsTime(satws.updatedAt) ?? new Date(),
      audit: { kind: 'reconciler.polled', detail: { satwsExtractionId: satws.id } },
    }),
  );
  if (satws.status === 'finished') await ensureListing(deps, row.id);
  await pushDeadline(deps, row.id, satws.status);
  return moved !== null;
}

/** Only while SAT.ws still owes us an outcome; a moved-on extraction keeps its own deadline. */
async function pushDeadline(deps: ReconcileDeps, id: string, satwsStatus: string): Promise<void> {
  const current = await getExtraction(deps.pool, id);
  if (current?.status !== 'requested' && current?.status !== 'extracting') return;
  const timing = timingOf(deps);
  const waitMs = satwsStatus === 'waiting' ? timing.waitingDeadlineMs : timing.pollIntervalMs;
  await setExtractionDeadline(deps.pool, id, new Date(Date.now() + waitMs), { countPoll: true });
}
