import type { SimCore } from '../core/sim-core.js';
import { wallClockMs } from '../data/wall-clock.js';
import { InputError } from '../http/input-error.js';
import {
  booleanParam,
  dateRange,
  multi,
  type Predicate,
  partialMatch,
  single,
} from '../http/query.js';
import type { InvoiceRecord } from '../state/types.js';

type Test = (invoice: InvoiceRecord) => boolean;

const INVOICE_TYPES = new Set(['I', 'E', 'P', 'N', 'T']);

/**
 * The documented invoice filters (satws-api.md §6.1) over an entity's invoices, newest id first.
 * Shared by the list endpoints and by exports (whose `uri` carries the same query), so both
 * select exactly the same invoices. Parameters not listed here are ignored, as upstream does.
 */
export function filterInvoices(
  invoices: readonly InvoiceRecord[],
  params: URLSearchParams,
): InvoiceRecord[] {
  const tests = [...valueTests(params), ...dateTests(params)];
  const result: InvoiceRecord[] = [];
  for (let index = invoices.length - 1; index >= 0; index -= 1) {
    const invoice = invoices[index];
    if (invoice && tests.every((test) => test(invoice))) result.push(invoice);
  }
  return result;
}

function valueTests(params: URLSearchParams): Test[] {
  const tests: Test[] = [];
  const uuids = multi(params, 'uuid')?.map((uuid) => uuid.toLowerCase());
  if (uuids) tests.push((invoice) => uuids.includes(invoice.sat.uuid));
  const types = multi(params, 'type');
  if (types) {
    const unknown = types.find((type) => !INVOICE_TYPES.has(type));
    if (unknown !== undefined)
      throw new InputError(`Query parameter "type" must be one of I, E, P, N, T, got "${unknown}"`);
    tests.push((invoice) => types.includes(invoice.sat.type));
  }
  const statuses = multi(params, 'status');
  if (statuses) tests.push((invoice) => statuses.includes(invoice.status));
  const isIssuer = booleanParam(params, 'isIssuer');
  if (isIssuer !== undefined) tests.push((invoice) => invoice.sat.isIssuer === isIssuer);
  const isReceiver = booleanParam(params, 'isReceiver');
  if (isReceiver !== undefined) tests.push((invoice) => !invoice.sat.isIssuer === isReceiver);
  const hasXml = booleanParam(params, 'hasXml');
  if (hasXml !== undefined) tests.push((invoice) => (invoice.xmlFileId !== null) === hasXml);
  const hasPdf = booleanParam(params, 'hasPdf');
  if (hasPdf !== undefined) tests.push((invoice) => (invoice.pdfFileId !== null) === hasPdf);
  const issuerRfc = single(params, 'issuer.rfc');
  if (issuerRfc) tests.push((invoice) => partialMatch(invoice.sat.issuer.rfc, issuerRfc));
  const receiverRfc = single(params, 'receiver.rfc');
  if (receiverRfc) tests.push((invoice) => partialMatch(invoice.sat.receiver.rfc, receiverRfc));
  const currency = multi(params, 'currency');
  if (currency) tests.push((invoice) => currency.includes(invoice.sat.currency));
  const paymentType = multi(params, 'paymentType');
  if (paymentType) tests.push((invoice) => paymentType.includes(invoice.sat.paymentType ?? ''));
  return tests;
}

function dateTests(params: URLSearchParams): Test[] {
  const fields: Array<[string, (invoice: InvoiceRecord) => number | null]> = [
    ['issuedAt', (invoice) => wallClockMs(invoice.sat.issuedAt)],
    ['certifiedAt', (invoice) => wallClockMs(invoice.sat.certifiedAt)],
    [
      'canceledAt',
      (invoice) => (invoice.canceledAt === null ? null : wallClockMs(invoice.canceledAt)),
    ],
    ['createdAt', (invoice) => invoice.createdAt],
    ['updatedAt', (invoice) => invoice.updatedAt],
  ];
  const tests: Test[] = [];
  for (const [field, read] of fields) {
    const range: Predicate | undefined = dateRange(params, field);
    if (range) tests.push((invoice) => range(read(invoice)));
  }
  return tests;
}

export type CollectionOwner = { rfc: string } | { error: string };

/** `/entities/{id}/invoices` or `/taxpayers/{rfc}/invoices` → whose invoices they are. */
export function invoiceCollectionOwner(core: SimCore, path: string): CollectionOwner {
  const entityMatch = /^\/entities\/([^/]+)\/invoices$/.exec(path);
  if (entityMatch) {
    const entity = core.store.entities.get(entityMatch[1] ?? '');
    return entity ? { rfc: entity.rfc } : { error: `no entity with id ${entityMatch[1]}` };
  }
  const taxpayerMatch = /^\/taxpayers\/([^/]+)\/invoices$/.exec(path);
  if (taxpayerMatch) {
    const rfc = decodeURIComponent(taxpayerMatch[1] ?? '').toUpperCase();
    return core.store.entityByRfc(rfc)
      ? { rfc }
      : { error: `no taxpayer ${rfc} linked to this account` };
  }
  return {
    error: 'not an invoice collection (/entities/{id}/invoices or /taxpayers/{rfc}/invoices)',
  };
}
