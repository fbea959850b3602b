import type { SimCore } from '../../core/sim-core.js';
import { InputError } from '../../http/input-error.js';
import { exportResource } from '../../resources/export.js';
import type { ExportRecord } from '../../state/types.js';
import { publishEvent } from '../events.js';
import { filterInvoices, invoiceCollectionOwner } from '../invoice-query.js';
import { scheduleExport } from './export-runner.js';

type Violation = { propertyPath: string; message: string };

const FORMATS = ['csv', 'xlsx', 'json'] as const;
const FILE_TYPES = [
  'invoice.cfdi.xml',
  'invoice.cfdi.pdf',
  'tax_return.transcript',
  'tax_return.ack_receipt',
  'tax_return.payment_receipt',
];

/**
 * `POST /exports` (satws-api.md §7.3) for invoice collections: `format` csv|xlsx|json, `uri` an
 * entity's (or legacy taxpayer's) invoice collection with its filters, optional `fileTypes` →
 * a ZIP of the files plus the index. The `uri` query is checked now, so a bad filter is a 400.
 */
export function createExport(core: SimCore, body: unknown): ExportRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw InputError.field('body', 'The request body must be a JSON object.');
  }
  const { format, uri, fileTypes } = body as Record<string, unknown>;
  const violations: Violation[] = [];
  if (format === 'pdf')
    violations.push({
      propertyPath: 'format',
      message: '"pdf" is for report URIs; invoice collections export as csv, xlsx or json.',
    });
  else if (!(FORMATS as readonly unknown[]).includes(format))
    violations.push({
      propertyPath: 'format',
      message: 'The value you selected is not a valid choice.',
    });
  if (
    fileTypes !== undefined &&
    (!Array.isArray(fileTypes) ||
      fileTypes.length === 0 ||
      fileTypes.some((type) => !FILE_TYPES.includes(type)))
  ) {
    violations.push({
      propertyPath: 'fileTypes',
      message: `Give at least one of: ${FILE_TYPES.join(', ')}.`,
    });
  }
  const rfc = checkUri(core, uri, violations);
  if (violations.length > 0 || rfc === undefined) {
    throw new InputError(
      violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      violations,
    );
  }
  const now = core.clock.now();
  const record: ExportRecord = {
    id: core.ids.next(),
    format: format as ExportRecord['format'],
    fileTypes: Array.isArray(fileTypes) ? fileTypes.map(String) : null,
    uri: uri as string,
    rfc,
    status: 'pending',
    artifact: null,
    fileId: null,
    createdAt: now,
    updatedAt: now,
  };
  core.store.exports.set(record.id, record);
  publishEvent(core, {
    type: 'export.created',
    taxpayer: null,
    resource: `/exports/${record.id}`,
    object: exportResource(core, record),
  });
  scheduleExport(core, record);
  return record;
}

function checkUri(core: SimCore, uri: unknown, violations: Violation[]): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('/')) {
    violations.push({
      propertyPath: 'uri',
      message:
        'This value should be a collection IRI such as /entities/{id}/invoices?isReceiver=true.',
    });
    return undefined;
  }
  const url = new URL(uri, 'http://sim.local');
  const owner = invoiceCollectionOwner(core, url.pathname);
  if ('error' in owner) {
    violations.push({
      propertyPath: 'uri',
      message: `Cannot export ${url.pathname}: ${owner.error}.`,
    });
    return undefined;
  }
  try {
    filterInvoices([], url.searchParams);
  } catch (error) {
    violations.push({ propertyPath: 'uri', message: (error as Error).message });
    return undefined;
  }
  return owner.rfc;
}
