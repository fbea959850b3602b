import { isoAt } from '../core/clock.js';
import { withZ } from '../data/wall-clock.js';
import type { InvoiceRecord } from '../state/types.js';

const amount = (cents: number): number => cents / 100;

/** Invoice as listed and fetched (OAS InvoiceCollectionItem); amounts are numbers. */
export function invoiceResource(invoice: InvoiceRecord): Record<string, unknown> {
  const sat = invoice.sat;
  const paidUpFront = sat.paymentType === 'PUE';
  const cancelled = invoice.status === 'CANCELADO';
  return {
    '@id': `/invoices/${invoice.id}`,
    '@type': 'Invoice',
    id: invoice.id,
    uuid: sat.uuid,
    version: 4.0,
    reference: sat.serie,
    internalIdentifier: sat.folio,
    type: sat.type,
    usage: sat.usage,
    paymentType: sat.paymentType,
    paymentMethod: sat.paymentMethod,
    paymentTerms: null,
    paymentTermsRaw: null,
    placeOfIssue: sat.issuer.zip,
    issuer: {
      rfc: sat.issuer.rfc,
      name: sat.issuer.name,
      taxRegime: sat.issuer.taxRegime,
      blacklistStatus: null,
    },
    isIssuer: sat.isIssuer,
    receiver: { rfc: sat.receiver.rfc, name: sat.receiver.name, blacklistStatus: null },
    isReceiver: !sat.isIssuer,
    currency: sat.currency,
    exchangeRate: sat.exchangeRate,
    subtotal: amount(sat.subtotalCents),
    discount: amount(sat.discountCents),
    tax: amount(sat.taxCents),
    total: amount(sat.totalCents),
    creditedAmount: null,
    subtotalCreditedAmount: null,
    paidAmount: paidUpFront ? amount(sat.totalCents) : 0,
    dueAmount: sat.paymentType === 'PPD' ? amount(sat.totalCents) : 0,
    lastPaymentDate: paidUpFront ? withZ(sat.issuedAt) : null,
    fullyPaidAt: paidUpFront ? withZ(sat.issuedAt) : null,
    status: invoice.status,
    pac: sat.pac,
    issuedAt: withZ(sat.issuedAt),
    certifiedAt: withZ(sat.certifiedAt),
    cancellationStatus: sat.cancellationStatus,
    cancellationProcessStatus: cancelled ? 'Cancelado sin aceptación' : null,
    canceledAt: invoice.canceledAt === null ? null : withZ(invoice.canceledAt),
    relations: [],
    xml: invoice.xmlFileId !== null,
    pdf: invoice.pdfFileId !== null,
    tags: [],
    createdAt: isoAt(invoice.createdAt),
    updatedAt: isoAt(invoice.updatedAt),
  };
}
