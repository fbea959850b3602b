import type { SatTaxpayer } from '../data/sat-types.js';
import type { TaxpayerRef } from '../state/types.js';

export function taxpayerRefOf(taxpayer: SatTaxpayer): TaxpayerRef {
  return {
    rfc: taxpayer.rfc,
    name: taxpayer.name,
    personType: taxpayer.personType,
    registrationDate: taxpayer.registrationDate,
  };
}

/** The embedded taxpayer of extractions, entities and events (satws-api.md §5.2, §8.3). */
export function taxpayerResource(ref: TaxpayerRef): Record<string, unknown> {
  return {
    '@id': `/taxpayers/${ref.rfc}`,
    '@type': 'Taxpayer',
    id: ref.rfc,
    name: ref.name,
    personType: ref.personType,
    registrationDate: ref.registrationDate,
  };
}
