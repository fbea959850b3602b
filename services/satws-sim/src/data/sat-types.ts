import type { InvoiceType } from './catalogs.js';

/**
 * What SAT holds: taxpayers and the CFDIs they issued or received. The simulated Syntage only
 * exposes an invoice after an extraction has copied it (see state/types.ts).
 */
export interface Party {
  rfc: string;
  name: string;
  taxRegime: number;
  zip: string;
}

export interface Concept {
  productCode: string;
  unitCode: string;
  unit: string;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  taxObject: '01' | '02';
}

export interface FileSizes {
  /** Exact byte size wanted; undefined (or smaller than the natural size) keeps it natural. */
  xml?: number | undefined;
  pdf?: number | undefined;
}

export interface SatInvoice {
  /** CFDI folio fiscal, lower case as the JSON API gives it; upper case inside the XML. */
  uuid: string;
  ownerRfc: string;
  /** Seed used to derive the file bytes (seals, padding) of this invoice. */
  contentSeed: string;
  type: InvoiceType;
  serie: string;
  folio: string;
  /** CFDI `Fecha`: Mexico City wall-clock time, no offset. */
  issuedAt: string;
  certifiedAt: string;
  issuer: Party;
  receiver: Party;
  isIssuer: boolean;
  usage: string | null;
  paymentType: 'PUE' | 'PPD' | null;
  paymentMethod: string | null;
  currency: string;
  exchangeRate: number | null;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  /** Amount settled by a payment (P) complement; 0 for other kinds. */
  paymentCents: number;
  concepts: Concept[];
  pac: string;
  cancellationStatus: string;
  status: 'VIGENTE' | 'CANCELADO';
  canceledAt: string | null;
  sizes: FileSizes;
}

export interface SatTaxpayer {
  rfc: string;
  name: string;
  personType: 'legal' | 'physical';
  registrationDate: string;
  taxRegime: number;
  zip: string;
  /** When set, a CIEC credential validates only with this password. */
  ciecPassword?: string | undefined;
  invoices: SatInvoice[];
}
