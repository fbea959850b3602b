import type { InvoiceType } from './catalogs.js';
import { CANCELLATION_STATUSES, PACS, PAYMENT_METHODS, USAGES } from './catalogs.js';
import { prngUuid } from './cfdi-uuid.js';
import { CONCEPT_DESCRIPTIONS } from './names.js';
import type { Prng } from './prng.js';
import type { Concept, FileSizes, Party, SatInvoice } from './sat-types.js';
import { wallClock } from './wall-clock.js';

export interface InvoiceDraft {
  prng: Prng;
  contentSeed: string;
  owner: Party;
  counterparty: Party;
  type: InvoiceType;
  isIssuer: boolean;
  issuedAtMs: number;
  cancelled: boolean;
  sizes: FileSizes;
}

/** One CFDI with amounts that add up (subtotal − discount + tax = total, in cents). */
export function generateInvoice(draft: InvoiceDraft): SatInvoice {
  const { prng, type } = draft;
  const concepts = generateConcepts(prng, type);
  const subtotalCents = concepts.reduce((sum, concept) => sum + concept.amountCents, 0);
  const discountCents = discountFor(prng, type, subtotalCents);
  // Per-concept rounding, as the Traslado lines print it, so the totals match the lines.
  const taxCents = concepts
    .filter((concept) => concept.taxObject === '02')
    .reduce((sum, concept) => sum + Math.round(concept.amountCents * 0.16), 0);
  const foreign = (type === 'I' || type === 'E') && prng.chance(0.1);
  const certifiedMs = draft.issuedAtMs + prng.int(5, 300) * 1000;
  return {
    uuid: prngUuid(prng),
    ownerRfc: draft.owner.rfc,
    contentSeed: draft.contentSeed,
    type,
    serie: { I: 'F', E: 'NC', P: 'P', N: 'N', T: 'T' }[type],
    folio: '0',
    issuedAt: wallClock(draft.issuedAtMs),
    certifiedAt: wallClock(certifiedMs),
    issuer: draft.isIssuer ? draft.owner : draft.counterparty,
    receiver: draft.isIssuer ? draft.counterparty : draft.owner,
    isIssuer: draft.isIssuer,
    usage: usageFor(prng, type),
    paymentType:
      type === 'I' || type === 'E' || type === 'N' ? prng.pick(['PUE', 'PPD'] as const) : null,
    paymentMethod: type === 'I' || type === 'E' || type === 'N' ? prng.pick(PAYMENT_METHODS) : null,
    currency: type === 'P' || type === 'T' ? 'XXX' : foreign ? 'USD' : 'MXN',
    exchangeRate: foreign ? Math.round(prng.int(1650, 2050)) / 100 : null,
    subtotalCents,
    discountCents,
    taxCents,
    totalCents: subtotalCents - discountCents + taxCents,
    paymentCents: type === 'P' ? prng.int(1_000, 5_000_000) : 0,
    concepts,
    pac: prng.pick(PACS),
    cancellationStatus: prng.pick(CANCELLATION_STATUSES),
    status: draft.cancelled ? 'CANCELADO' : 'VIGENTE',
    canceledAt: draft.cancelled ? wallClock(certifiedMs + prng.int(1, 20) * 86_400_000) : null,
    sizes: draft.sizes,
  };
}

function generateConcepts(prng: Prng, type: InvoiceType): Concept[] {
  if (type === 'P') return [fixedConcept('84111506', 'ACT', 'Actividad', 'Pago', 0)];
  if (type === 'N') {
    return [
      fixedConcept('84111505', 'ACT', 'Actividad', 'Pago de nómina', prng.int(800_000, 9_000_000)),
    ];
  }
  if (type === 'T') return [fixedConcept('78101800', 'H87', 'Pieza', 'Traslado de mercancia', 0)];
  const count = type === 'E' ? 1 : prng.int(1, 4);
  return Array.from({ length: count }, () => {
    const quantity = prng.int(1, 10);
    const unitPriceCents = prng.int(5_000, type === 'E' ? 500_000 : 2_500_000);
    return {
      productCode: String(prng.int(10_000_000, 95_000_000)),
      unitCode: 'E48',
      unit: 'Servicio',
      description: prng.pick(CONCEPT_DESCRIPTIONS),
      quantity,
      unitPriceCents,
      amountCents: quantity * unitPriceCents,
      taxObject: '02' as const,
    };
  });
}

function fixedConcept(
  code: string,
  unitCode: string,
  unit: string,
  text: string,
  cents: number,
): Concept {
  return {
    productCode: code,
    unitCode,
    unit,
    description: text,
    quantity: 1,
    unitPriceCents: cents,
    amountCents: cents,
    taxObject: '01',
  };
}

/** Only payroll carries a discount (its deductions), so taxed lines and totals stay consistent. */
function discountFor(prng: Prng, type: InvoiceType, subtotalCents: number): number {
  return type === 'N' ? Math.round(subtotalCents * (prng.int(8, 30) / 100)) : 0;
}

function usageFor(prng: Prng, type: InvoiceType): string {
  if (type === 'P') return 'CP01';
  if (type === 'N') return 'CN01';
  if (type === 'E') return 'G02';
  if (type === 'T') return 'S01';
  return prng.pick(USAGES);
}
