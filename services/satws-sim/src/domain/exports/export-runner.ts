import type { SimCore } from '../../core/sim-core.js';
import { INDEX_MIME, indexRows, renderIndex } from '../../exports/export-index.js';
import { exportZipSize } from '../../exports/export-zip.js';
import type { FaultOf } from '../../faults/fault-rule.js';
import { exportResource } from '../../resources/export.js';
import type {
  ExportArtifact,
  ExportRecord,
  FileRecord,
  InvoiceRecord,
  ZipEntrySpec,
} from '../../state/types.js';
import { diff, publishEvent } from '../events.js';
import { filterInvoices } from '../invoice-query.js';

/** pending → running → finished (with `file`) | failed, each change an `export.updated`. */
export function scheduleExport(core: SimCore, record: ExportRecord): void {
  const { exportPendingMs, exportRunningMs } = core.settings.timings;
  core.scheduler.after(exportPendingMs, () => {
    if (!core.store.exports.has(record.id)) return;
    update(core, record, { status: 'running' });
    core.scheduler.after(exportRunningMs, () => finish(core, record));
  });
}

async function finish(core: SimCore, record: ExportRecord): Promise<void> {
  if (!core.store.exports.has(record.id)) return;
  if (core.faults.take(['export-failure'], { rfc: record.rfc })) {
    update(core, record, { status: 'failed' });
    return;
  }
  try {
    const artifact = await buildArtifact(core, record);
    const zipped = record.fileTypes !== null;
    const size = zipped ? await exportZipSize(artifact) : artifact.index.length;
    const extension = zipped ? 'zip' : record.format;
    const now = core.clock.now();
    const file: FileRecord = {
      id: core.ids.next(),
      type: 'Export',
      resource: `/exports/${record.id}`,
      mimeType: zipped ? 'application/zip' : INDEX_MIME[record.format],
      extension,
      size,
      filename: `${record.id}.${extension}`,
      source: { kind: 'export', exportId: record.id },
      createdAt: now,
      updatedAt: now,
    };
    core.store.files.set(file.id, file);
    update(core, record, { status: 'finished', artifact, fileId: file.id });
  } catch (error) {
    core.logger.error({ err: error, exportId: record.id }, 'export failed');
    update(core, record, { status: 'failed' });
  }
}

async function buildArtifact(core: SimCore, record: ExportRecord): Promise<ExportArtifact> {
  const url = new URL(record.uri, 'http://sim.local');
  const invoices = filterInvoices(core.store.invoicesOf(record.rfc), url.searchParams);
  const wanted = new Set(record.fileTypes ?? []);
  const entries: ZipEntrySpec[] = [];
  const names = { xml: new Map<string, string>(), pdf: new Map<string, string>() };
  for (const invoice of invoices) {
    for (const format of ['xml', 'pdf'] as const) {
      if (!wanted.has(`invoice.cfdi.${format}`) || !hasFile(invoice, format)) continue;
      const name = `${invoice.sat.uuid.toUpperCase()}.${format}`;
      names[format].set(invoice.id, name);
      entries.push({
        name,
        invoiceId: invoice.id,
        format,
        size: core.files.size(invoice.sat, format),
      });
    }
  }
  // DOS timestamps have a 2-second resolution; a whole second keeps every download identical.
  const mtime = new Date(Math.floor(record.createdAt / 1000) * 1000);
  const index = await renderIndex(record.format, indexRows(invoices, names.xml, names.pdf), mtime);
  const fault = core.faults.take(['export-entries'], { rfc: record.rfc });
  const served = fault ? damageEntries(entries, fault) : entries;
  return { index, indexName: `index.${record.format}`, entries: served, mtime };
}

/**
 * The `export-entries` fault: of the entries of `format` (all by default), in ZIP order, the
 * first `omit` are left out and the next `corrupt` are damaged. The index still lists them all,
 * as an index built before the files were gathered would.
 */
function damageEntries(entries: ZipEntrySpec[], fault: FaultOf<'export-entries'>): ZipEntrySpec[] {
  const chosen = entries.filter((entry) => !fault.format || entry.format === fault.format);
  const omitted = new Set(chosen.slice(0, fault.omit));
  const damaged = new Set(chosen.slice(fault.omit, fault.omit + fault.corrupt));
  return entries
    .filter((entry) => !omitted.has(entry))
    .map((entry) => (damaged.has(entry) ? { ...entry, damaged: true } : entry));
}

function hasFile(invoice: InvoiceRecord, format: 'xml' | 'pdf'): boolean {
  return (format === 'xml' ? invoice.xmlFileId : invoice.pdfFileId) !== null;
}

function update(core: SimCore, record: ExportRecord, changes: Partial<ExportRecord>): void {
  const before = exportResource(core, record);
  Object.assign(record, changes, { updatedAt: core.clock.now() });
  const after = exportResource(core, record);
  publishEvent(core, {
    type: 'export.updated',
    taxpayer: null,
    resource: `/exports/${record.id}`,
    object: after,
    changes: diff(before, after, ['status', 'file']),
  });
}
