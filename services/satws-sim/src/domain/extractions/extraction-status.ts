import type { SimCore } from '../../core/sim-core.js';
import { extractionResource } from '../../resources/extraction.js';
import type { ExtractionRecord, ExtractionStatus } from '../../state/types.js';
import { diff, publishEvent } from '../events.js';
import { taxpayerOfExtraction } from './extraction-taxpayer.js';

const TRACKED = [
  'status',
  'startedAt',
  'finishedAt',
  'rateLimitedAt',
  'errorCode',
  'createdDataPoints',
  'updatedDataPoints',
];

/**
 * Moves an extraction to `status` (plus any field updates) and emits one `extraction.updated`
 * whose `data.changes` lists what changed (satws-api.md §8.2: no `extraction.finished` type).
 */
export function transition(
  core: SimCore,
  extraction: ExtractionRecord,
  status: ExtractionStatus,
  updates: Partial<ExtractionRecord> = {},
): void {
  const before = extractionResource(core, extraction);
  Object.assign(extraction, updates, { status, updatedAt: core.clock.now() });
  const after = extractionResource(core, extraction);
  publishEvent(core, {
    type: 'extraction.updated',
    taxpayer: taxpayerOfExtraction(core, extraction),
    resource: `/extractions/${extraction.id}`,
    object: after,
    changes: diff(before, after, TRACKED),
  });
}
