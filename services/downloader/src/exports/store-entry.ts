import { pipeline, type Readable } from 'node:stream';
import { createStampCheck } from '@invoice-extractor/shared/cfdi';
import {
  appendExtractionEvent,
  type ExportEntryFile,
  markInvoiceFileFailed,
  markInvoiceFileStored,
} from '@invoice-extractor/shared/db';
import { type AppError, isAppError } from '@invoice-extractor/shared/errors';
import { uploadStream } from '@invoice-extractor/shared/storage';
import type yauzl from 'yauzl';
import type { DownloaderDeps } from '../downloader-deps.js';
import { objectKey } from '../files/object-key.js';
import { corruptEntry, EntryCheck } from './entry-check.js';

const CONTENT_TYPES = { xml: 'text/xml', pdf: 'application/pdf' } as const;

/**
 * Parts of a large entry uploaded at once. Entries under one part (every CFDI XML and nearly
 * every PDF) are one PutObject whatever this says; a PDF of hundreds of MB holds at most
 * (this + 1) × 8 MiB, times the entry concurrency.
 */
const ENTRY_QUEUE_SIZE = 2;

export type EntryOutcome = 'stored' | 'rejected';

export type StoreEntryDeps = Pick<DownloaderDeps, 'pool' | 's3'>;

/**
 * What went wrong with an entry. uploadStream reports a failing body as its own retryable
 * `UPLOAD_SOURCE_FAILED`; underneath is either our AppError (an S3 read that may work next time,
 * a damaged entry or a wrong stamp that will not) or yauzl's plain Error about the ZIP's own
 * bytes (a bad local header, an entry running past the archive), which no retry changes.
 */
function failureOf(entry: yauzl.Entry, error: unknown): AppError {
  let current = error;
  while (
    isAppError(current) &&
    current.code === 'UPLOAD_SOURCE_FAILED' &&
    current.cause !== undefined
  ) {
    current = current.cause;
  }
  if (isAppError(current)) return current;
  const message = current instanceof Error ? current.message : String(current);
  return corruptEntry(entry.fileName, message);
}

/** The entry's bytes checked on their way: CRC-32 and size, and for an XML the stamp's UUID. */
function checkedBody(raw: Readable, entry: yauzl.Entry, file: ExportEntryFile): Readable {
  const stages: NodeJS.ReadWriteStream[] = [
    new EntryCheck(entry.fileName, entry.crc32, entry.uncompressedSize),
  ];
  if (file.kind === 'xml') stages.push(createStampCheck(file.cfdi_uuid));
  const last = stages[stages.length - 1] as unknown as Readable;
  // Errors reach uploadStream through `last`; the callback only keeps them from going unhandled.
  pipeline([raw, ...stages], () => undefined);
  return last;
}

/**
 * Reads one entry back from the archive into the file's own key (the key a per-file download
 * would use), recording sha256 and size as a per-file download does. An entry failing a check
 * is not stored: its file stays pending for the per-file fallback, with the reason on the file
 * and in the extraction's events. Failures a retry may fix (S3) are thrown.
 */
export async function storeEntry(
  deps: StoreEntryDeps,
  extractionId: string,
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  file: ExportEntryFile,
): Promise<EntryOutcome> {
  const key = objectKey({
    keyPrefix: deps.s3.keyPrefix,
    rfc: file.rfc,
    direction: file.direction,
    issuedAt: file.issued_at,
    cfdiUuid: file.cfdi_uuid,
    kind: file.kind,
  });
  try {
    const raw = await zip.openReadStreamPromise(entry);
    const stored = await uploadStream({
      client: deps.s3.client,
      bucket: deps.s3.bucket,
      key,
      body: checkedBody(raw, entry, file),
      contentType: CONTENT_TYPES[file.kind],
      queueSize: ENTRY_QUEUE_SIZE,
    });
    await markInvoiceFileStored(deps.pool, file.id, {
      s3Key: key,
      sha256: stored.sha256,
      bytes: stored.bytes,
    });
    return 'stored';
  } catch (error) {
    const failure = failureOf(entry, error);
    if (failure.retryable) throw failure;
    const reason = `${failure.code}: ${failure.message}`;
    await markInvoiceFileFailed(deps.pool, file.id, `export entry rejected: ${reason}`, {
      final: false,
    });
    await appendExtractionEvent(deps.pool, extractionId, 'export.entry_rejected', {
      entry: entry.fileName,
      fileId: file.id,
      reason,
    });
    return 'rejected';
  }
}
