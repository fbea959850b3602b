import type { SimCore } from '../../core/sim-core.js';
import { taxpayerRefOf } from '../../resources/taxpayer.js';
import type { ExtractionRecord, TaxpayerRef } from '../../state/types.js';

export function taxpayerOfExtraction(
  core: SimCore,
  extraction: ExtractionRecord,
): TaxpayerRef | null {
  const taxpayer = core.store.sat.get(extraction.rfc);
  return taxpayer ? taxpayerRefOf(taxpayer) : null;
}
