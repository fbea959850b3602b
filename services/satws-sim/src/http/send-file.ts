import type { SimCore } from '../core/sim-core.js';
import { openExportZip } from '../exports/export-zip.js';
import type { FileRecord } from '../state/types.js';
import type { SimContext } from './sim-env.js';
import { pullStream } from './web-stream.js';

/** A file's bytes, generated as they are sent, with its exact Content-Length. */
export function sendFileBody(c: SimContext, core: SimCore, file: FileRecord): Response | undefined {
  const body = fileSource(core, file);
  if (!body) return undefined;
  return c.body(pullStream(body), 200, {
    'Content-Type': file.mimeType,
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="${file.filename}"`,
  });
}

function fileSource(
  core: SimCore,
  file: FileRecord,
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> | undefined {
  if (file.source.kind === 'cfdi') {
    const invoice = core.store.invoices.get(file.source.invoiceId);
    return invoice && core.files.chunks(invoice.sat, file.source.format);
  }
  const record = core.store.exports.get(file.source.exportId);
  if (!record?.artifact) return undefined;
  if (record.fileTypes === null) return [record.artifact.index];
  return openExportZip(core, record.artifact) as AsyncIterable<Uint8Array>;
}
