import {
  CFDI_TYPES,
  type CfdiType,
  type InvoiceDirection,
  type InvoiceInput,
  type InvoiceStatus,
} from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import type { SatwsInvoice } from '@invoice-extractor/shared/satws';
import { wallClockDate } from './wall-clock.js';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;
const CURRENCY = /^[A-Z]{3}$/i;
const STATUSES: readonly InvoiceStatus[] = ['VIGENTE', 'CANCELADO'];

/**
 * Retrying the same listing returns the same record, so this fails the listing for a person
 * to look at rather than dropping an invoice without a word.
 */
export function invalidInvoice(invoice: Pick<SatwsInvoice, 'id'>, problem: string): AppError {
  return new AppError(`SAT.ws invoice ${invoice.id} cannot be stored: ${problem}`, {
    code: 'satws_invalid_invoice',
    retryable: false,
  });
}

export function invoiceIssuedAt(invoice: SatwsInvoice): Date {
  const issuedAt = wallClockDate(invoice.issuedAt);
  if (!issuedAt)
    throw invalidInvoice(invoice, `issuedAt ${JSON.stringify(invoice.issuedAt)} is not a date`);
  return issuedAt;
}

function cfdiType(invoice: SatwsInvoice): CfdiType {
  const type = CFDI_TYPES.find((candidate) => candidate === invoice.type);
  if (!type)
    throw invalidInvoice(
      invoice,
      `type ${JSON.stringify(invoice.type)} is not one of ${CFDI_TYPES.join(', ')}`,
    );
  return type;
}

function status(invoice: SatwsInvoice): InvoiceStatus {
  const found = STATUSES.find((candidate) => candidate === invoice.status);
  if (!found)
    throw invalidInvoice(
      invoice,
      `status ${JSON.stringify(invoice.status)} is not VIGENTE or CANCELADO`,
    );
  return found;
}

function required(invoice: SatwsInvoice, field: string, value: string | null | undefined): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw invalidInvoice(invoice, `${field} is missing`);
}

/** The row for `invoices`, with every field the table requires checked first. */
export function toInvoiceInput(invoice: SatwsInvoice, direction: InvoiceDirection): InvoiceInput {
  if (!UUID.test(invoice.uuid))
    throw invalidInvoice(invoice, `uuid ${JSON.stringify(invoice.uuid)} is not a CFDI UUID`);
  const currency = required(invoice, 'currency', invoice.currency);
  if (!CURRENCY.test(currency))
    throw invalidInvoice(invoice, `currency ${JSON.stringify(currency)} is not an ISO code`);
  if (invoice.total === undefined || invoice.total === null)
    throw invalidInvoice(invoice, 'total is missing');
  return {
    satwsInvoiceId: invoice.id,
    cfdiUuid: invoice.uuid,
    direction,
    issuerRfc: required(invoice, 'issuer.rfc', invoice.issuer?.rfc),
    receiverRfc: required(invoice, 'receiver.rfc', invoice.receiver?.rfc),
    issuedAt: invoiceIssuedAt(invoice),
    cfdiType: cfdiType(invoice),
    total: String(invoice.total),
    currency,
    status: status(invoice),
    hasXml: invoice.xml,
    hasPdf: invoice.pdf,
  };
}
