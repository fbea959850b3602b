import {
  appendExtractionEvent,
  type ExtractionExportRow,
  getExtractionExport,
  recordExportArchived,
} from '@invoice-extractor/shared/db';
import { DEFAULT_PART_SIZE_BYTES, uploadStream } from '@invoice-extractor/shared/storage';
import type { DownloaderDeps } from '../downloader-deps.js';
import { rootCause } from '../files/stream-to-s3.js';

export type ArchiveDeps = Pick<DownloaderDeps, 'pool' | 'satws' | 's3'>;

/**
 * Parts in flight while the ZIP streams into S3. What the process holds is about
 * (this + 1) × part size, whatever the ZIP's size: the download waits for S3 (backpressure).
 */
const ARCHIVE_QUEUE_SIZE = 2;
/** S3 allows 10,000 parts; past 10,000 × 8 MiB (~78 GiB) parts grow, and memory with them. */
const MAX_PARTS = 9_000;

export function archivePartSize(bytes: number | undefined): number {
  if (bytes === undefined) return DEFAULT_PART_SIZE_BYTES;
  return Math.max(DEFAULT_PART_SIZE_BYTES, Math.ceil(bytes / MAX_PARTS));
}

/** Where the ZIP waits in our bucket while its entries are read back (deleted afterwards). */
export function archiveKey(keyPrefix: string, extractionId: string, exportId: string): string {
  return `${keyPrefix}exports/${extractionId}/${exportId}.zip`;
}

/**
 * Follows `GET /files/{id}/download` (the redirect is taken without our API key) and streams
 * the ZIP as it comes into one archive object, hashing it on the way; then records key, sha256
 * and size, so a later run unpacks from S3 without downloading it again.
 */
export async function archiveExport(
  deps: ArchiveDeps,
  row: ExtractionExportRow,
  fileId: string,
): Promise<ExtractionExportRow> {
  const extractionId = row.extraction_id;
  const key = archiveKey(deps.s3.keyPrefix, extractionId, row.satws_export_id ?? fileId);
  const download = await deps.satws.downloadFile(fileId);
  let stored: Awaited<ReturnType<typeof uploadStream>>;
  try {
    stored = await uploadStream({
      client: deps.s3.client,
      bucket: deps.s3.bucket,
      key,
      body: download.stream,
      contentType: 'application/zip',
      partSizeBytes: archivePartSize(download.contentLength),
      queueSize: ARCHIVE_QUEUE_SIZE,
    });
  } catch (error) {
    throw rootCause(error);
  }
  const archive = { key, sha256: stored.sha256, bytes: stored.bytes };
  const recorded = await recordExportArchived(deps.pool, extractionId, archive);
  await appendExtractionEvent(deps.pool, extractionId, 'export.archived', {
    fileId,
    bytes: stored.bytes,
    sha256: stored.sha256,
  });
  const current = recorded ?? (await getExtractionExport(deps.pool, extractionId));
  if (!current) throw new Error(`export row of extraction ${extractionId} vanished`);
  return current;
}
