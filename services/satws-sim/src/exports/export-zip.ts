import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
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
  zip.end(ZIP_END_OPTIONS);
  const output = zip.outputStream as Readable;
  const damage = damagedOffsets(artifact);
  if (damage.length === 0) return output;
  const flipper = new ByteFlipper(damage);
  pipeline(output, flipper, () => undefined);
  return flipper;
}

const LOCAL_HEADER_BYTES = 30;
const DATA_DESCRIPTOR_BYTES = 16;
const ZIP64_DATA_DESCRIPTOR_BYTES = 24;
const ZIP64_LIMIT = 0xfffffffe;

/**
 * Where, in the ZIP yazl writes for `artifact`, the damaged entries' middle bytes are. yazl's
 * layout for stored entries: a local header (30 bytes + the name, no extra field), the data,
 * then for streamed entries (CRC unknown up front) a data descriptor, zip64-sized past 4 GiB.
 * The index, a buffer, has no descriptor. The sim's export test checks the result with yauzl.
 */
function damagedOffsets(artifact: ExportArtifact): number[] {
  const offsets: number[] = [];
  let cursor = LOCAL_HEADER_BYTES + Buffer.byteLength(artifact.indexName) + artifact.index.length;
  for (const entry of artifact.entries) {
    const dataStart = cursor + LOCAL_HEADER_BYTES + Buffer.byteLength(entry.name);
    if (entry.damaged && entry.size > 0) offsets.push(dataStart + Math.floor(entry.size / 2));
    const zip64 = entry.size > ZIP64_LIMIT || cursor > ZIP64_LIMIT;
    cursor = dataStart + entry.size + (zip64 ? ZIP64_DATA_DESCRIPTOR_BYTES : DATA_DESCRIPTOR_BYTES);
  }
  return offsets;
}

/** Flips the byte at each absolute offset of the stream: damage after the CRC-32 was taken. */
class ByteFlipper extends Transform {
  #position = 0;

  constructor(private readonly offsets: readonly number[]) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    const start = this.#position;
    this.#position += chunk.length;
    const hits = this.offsets.filter((offset) => offset >= start && offset < this.#position);
    if (hits.length === 0) return callback(null, chunk);
    const copy = Buffer.from(chunk);
    for (const offset of hits) copy[offset - start] = (copy[offset - start] ?? 0) ^ 0xff;
    callback(null, copy);
  }
}

/**
 * yazl 3.3.1's size arithmetic adds the zip64 end-of-central-directory records once the central
 * directory passes 64 KiB (about 700 entries), while its writer adds them only past 4 GiB: the
 * declared Content-Length came out 76 bytes long. Writing them always keeps the two in step
 * (every ZIP reader accepts them on a small archive too).
 */
const ZIP_END_OPTIONS = { forceZip64Format: true, comment: '' };

/** The exact byte size of `openExportZip`'s output, computed by yazl without generating content. */
export function exportZipSize(artifact: ExportArtifact): Promise<number> {
  const zip = new yazl.ZipFile();
  // The dry run never hands a stream over: yazl only needs the declared sizes to do the arithmetic.
  addEntries(zip, artifact, undefined);
  // @types/yazl declares the callback without its `calculatedTotalSize` argument.
  const end = zip.end.bind(zip) as (options: object, callback: (size: number) => void) => void;
  return new Promise((resolve, reject) => {
    end(ZIP_END_OPTIONS, (size) => {
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
