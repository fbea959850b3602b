import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { SimCore } from '../core/sim-core.js';
import type { ExportArtifact } from '../state/types.js';

/**
 * The export ZIP, streamed: entries are stored (not deflated — CFDI XML is the payload, and
 * stored entries let the total size be known before the first byte) and each entry's bytes are
 * generated only when yazl reaches it, so memory does not grow with the archive.
 */
export function openExportZip(core: SimCore, artifact: ExportArtifact): Readable {
  const zip = new yazl.ZipFile();
  addEntries(zip, artifact, (entry) => {
    const invoice = core.store.invoices.get(entry.invoiceId);
    if (!invoice) throw new Error(`invoice ${entry.invoiceId} of an export vanished`);
    return core.files.stream(invoice.sat, entry.format);
  });
  zip.end();
  return zip.outputStream as Readable;
}

/** The exact byte size of `openExportZip`'s output, computed by yazl without generating content. */
export function exportZipSize(artifact: ExportArtifact): Promise<number> {
  const zip = new yazl.ZipFile();
  // The dry run never hands a stream over: yazl only needs the declared sizes to do the arithmetic.
  addEntries(zip, artifact, undefined);
  // @types/yazl declares the callback without its `calculatedTotalSize` argument.
  const end = zip.end.bind(zip) as (options: object, callback: (size: number) => void) => void;
  return new Promise((resolve, reject) => {
    end({}, (size) => {
      if (size < 0) reject(new Error('ZIP size is not computable'));
      else resolve(size);
    });
  });
}

function addEntries(
  zip: yazl.ZipFile,
  artifact: ExportArtifact,
  open: ((entry: ExportArtifact['entries'][number]) => Readable) | undefined,
): void {
  const options = { mtime: artifact.mtime, compress: false };
  zip.addBuffer(artifact.index, artifact.indexName, options);
  for (const entry of artifact.entries) {
    zip.addReadStreamLazy(entry.name, { ...options, size: entry.size }, (callback) => {
      if (!open) return;
      try {
        callback(null, open(entry));
      } catch (error) {
        callback(error, undefined as never);
      }
    });
  }
}
