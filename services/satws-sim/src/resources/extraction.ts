import { isoAt } from '../core/clock.js';
import type { SimCore } from '../core/sim-core.js';
import type { ExtractionRecord } from '../state/types.js';
import { taxpayerRefOf, taxpayerResource } from './taxpayer.js';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoAt(ms));

/** Extraction (satws-api.md §5.2): the taxpayer is embedded; there is no `entity` field. */
export function extractionResource(
  core: SimCore,
  extraction: ExtractionRecord,
): Record<string, unknown> {
  const taxpayer = core.store.sat.get(extraction.rfc);
  return {
    '@id': `/extractions/${extraction.id}`,
    '@type': 'Extraction',
    id: extraction.id,
    taxpayer: taxpayer
      ? taxpayerResource(taxpayerRefOf(taxpayer))
      : { '@id': `/taxpayers/${extraction.rfc}`, id: extraction.rfc },
    extractor: extraction.extractor,
    options: extraction.options,
    status: extraction.status,
    startedAt: isoOrNull(extraction.startedAt),
    finishedAt: isoOrNull(extraction.finishedAt),
    rateLimitedAt: isoOrNull(extraction.rateLimitedAt),
    errorCode: extraction.errorCode,
    createdDataPoints: extraction.createdDataPoints,
    updatedDataPoints: extraction.updatedDataPoints,
    createdAt: isoAt(extraction.createdAt),
    updatedAt: isoAt(extraction.updatedAt),
  };
}
