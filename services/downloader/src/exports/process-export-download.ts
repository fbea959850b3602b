/*
 * Export ZIPs: stream the ZIP into S3 as one archive object, then read its entries back with
 * ranged GETs (yauzl over S3 `Range` reads), rather than unpacking while the download streams.
 * - Resumable without a second download. SAT.ws is the scarce side (a rate-limited key, a
 *   short-lived URL, an export that took minutes to build); S3 reads are cheap. Once the
 *   archive is recorded, a crash, a deploy or a failed entry upload resumes from S3, skipping
 *   the files already stored. Unpacking in flight would have to download the ZIP again.
 * - The central directory, at the end of a ZIP, is the authority on entries: their names,
 *   sizes and CRC-32s are known before an entry's first byte is trusted. A streaming reader
 *   only has local headers, which may defer sizes and CRCs to a data descriptor after the data.
 * - Entries upload in parallel (EXPORT_ENTRY_CONCURRENCY), where a stream yields one at a time.
 * - Memory is bounded either way: the archive upload holds a few parts, each entry at most a
 *   few parts, the central directory is read through a fixed window, entries are looked up a
 *   batch at a time. `pnpm bench`: from a 200 MB to a 2 GB ZIP the peak RSS grows 5–21 %.
 * The cost: S3 storage for the archive while it is unpacked, and reading its bytes back once;
 * the object is deleted when every entry has been tried.
 */
import {
  appendExtractionEvent,
  type EntryCounts,
  type ExtractionExportRow,
  type ExtractionRecord,
  ensureExtractionExport,
  getExtraction,
  getExtractionExport,
  markExportFailed,
  recordUnpackProgress,
  type SatwsExportState,
} from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import { exportDownloadsJob, parseJobPayload } from '@invoice-extractor/shared/queues';
import { attributeCalls } from '@invoice-extractor/shared/satws';
import type { DownloaderDeps } from '../downloader-deps.js';
import type { JobLike } from '../jobs/job-like.js';
import type { SettledExtraction } from '../settlement/settle-extraction.js';
import { archiveExport } from './archive-export.js';
import { exportSettings } from './export-settings.js';
import { finishExport } from './finish-export.js';
import { currentExportStatus, requestExport } from './request-export.js';
import { unpackArchive } from './unpack-archive.js';

export type ExportDownloadDeps = Pick<
  DownloaderDeps,
  'pool' | 'satws' | 's3' | 'dispatcher' | 'exports'
>;

export interface ExportDownloadResult {
  extractionId: string;
  /**
   * `skipped`: not a downloading extraction in export mode (finished, or handed back already);
   * `waiting`: SAT.ws is still building the export, look again at `retryAt`;
   * `done`: every entry tried, what was missing handed back to per-file downloads.
   */
  outcome: 'skipped' | 'waiting' | 'done';
  exportId?: string | null;
  satwsStatus?: SatwsExportState;
  /** Epoch ms of the next look, for `waiting`. */
  retryAt?: number;
  entries?: EntryCounts;
  fallbackFiles?: number;
  settled?: SettledExtraction | null;
}

async function claimExtraction(
  deps: ExportDownloadDeps,
  extractionId: string,
): Promise<ExtractionRecord | null> {
  const extraction = await getExtraction(deps.pool, extractionId);
  if (!extraction) {
    throw new AppError(`Extraction ${extractionId} does not exist`, {
      code: 'extraction_not_found',
      retryable: false,
    });
  }
  const ours = extraction.status === 'downloading' && extraction.download_mode === 'export';
  return ours ? extraction : null;
}

async function unpack(
  deps: ExportDownloadDeps,
  row: ExtractionExportRow,
): Promise<{ row: ExtractionExportRow; unreadable?: string }> {
  const extractionId = row.extraction_id;
  if (!row.archive_key || row.archive_bytes === null) {
    throw new Error(`archived export of extraction ${extractionId} has no archive key`);
  }
  const { entryConcurrency } = exportSettings(deps.exports);
  const result = await unpackArchive(
    { pool: deps.pool, s3: deps.s3, entryConcurrency },
    extractionId,
    { key: row.archive_key, bytes: Number(row.archive_bytes) },
    async (counts) => {
      await recordUnpackProgress(deps.pool, extractionId, counts, { done: false });
    },
  );
  await recordUnpackProgress(deps.pool, extractionId, result.counts, { done: true });
  await appendExtractionEvent(deps.pool, extractionId, 'export.unpacked', {
    ...result.counts,
    ...(result.unreadable === undefined ? {} : { unreadable: result.unreadable }),
  });
  const current = await getExtractionExport(deps.pool, extractionId);
  if (!current) throw new Error(`export row of extraction ${extractionId} vanished`);
  return result.unreadable === undefined
    ? { row: current }
    : { row: current, unreadable: result.unreadable };
}

type Waiting = { waiting: true; row: ExtractionExportRow; status: SatwsExportState };
type Ready = { waiting: false; row: ExtractionExportRow; status?: SatwsExportState | undefined };

/**
 * Requests the export if that was not done yet, and follows it while SAT.ws builds it; once it
 * finished the ZIP is archived, once it failed that is recorded. A just-accepted export is never
 * ready: the webhook or the next look says when, so no call is spent asking at once.
 */
async function followExport(
  deps: ExportDownloadDeps,
  extraction: ExtractionRecord,
): Promise<Waiting | Ready> {
  let row = await ensureExtractionExport(deps.pool, extraction.id);
  let justRequested = false;
  if (row.state === 'new') {
    row = await requestExport(deps, extraction);
    justRequested = true;
  }
  if (row.state !== 'requested')
    return { waiting: false, row, status: row.satws_status ?? undefined };
  const seen = justRequested
    ? { status: row.satws_status ?? 'pending', fileId: row.satws_file_id }
    : await currentExportStatus(deps, row);
  if (seen.status === 'failed') {
    row = (await markExportFailed(deps.pool, extraction.id)) ?? row;
    await appendExtractionEvent(deps.pool, extraction.id, 'export.failed', {
      exportId: row.satws_export_id,
    });
    return { waiting: false, row, status: seen.status };
  }
  if (seen.status !== 'finished' || !seen.fileId)
    return { waiting: true, row, status: seen.status };
  return { waiting: false, row: await archiveExport(deps, row, seen.fileId), status: seen.status };
}

function countsOf(row: ExtractionExportRow): EntryCounts {
  return {
    stored: row.entries_stored,
    skipped: row.entries_skipped,
    rejected: row.entries_rejected,
    ignored: row.entries_ignored,
  };
}

/** Takes the export as far as it can go now: request, wait, archive, unpack, hand back. */
async function advanceExport(
  deps: ExportDownloadDeps,
  extraction: ExtractionRecord,
): Promise<ExportDownloadResult> {
  const extractionId = extraction.id;
  const followed = await followExport(deps, extraction);
  let row = followed.row;
  const base = { extractionId, exportId: row.satws_export_id, satwsStatus: followed.status };
  if (followed.waiting) {
    const retryAt = Date.now() + exportSettings(deps.exports).pollMs;
    return { ...base, outcome: 'waiting', retryAt };
  }
  let reason =
    row.state === 'failed'
      ? 'SAT.ws failed the export'
      : 'missing from the export ZIP, or rejected (export.entry_rejected)';
  if (row.state === 'archived') {
    const unpacked = await unpack(deps, row);
    row = unpacked.row;
    if (unpacked.unreadable) reason = `the export ZIP is unreadable: ${unpacked.unreadable}`;
  }
  const entries = row.state === 'unpacked' ? { entries: countsOf(row) } : {};
  const finished = await finishExport(deps, row, reason);
  return { ...base, outcome: 'done', ...entries, ...finished };
}

/**
 * `export-downloads`: one job per extraction in export mode. Requests the export once (its id
 * is kept), and while SAT.ws builds it returns `waiting` (the worker delays the job without
 * holding a slot; `export.updated` promotes it). Then the ZIP goes into S3 as an archive object,
 * its entries into their per-invoice keys, verified (CRC-32 and size against the central
 * directory, sha256 recorded, the XML's stamp UUID); whatever the ZIP lacked or had damaged goes
 * back to per-file downloads, and the completion check runs. Each step is recorded, so a re-run
 * resumes where the last one stopped.
 */
export async function processExportDownload(
  job: JobLike,
  deps: ExportDownloadDeps,
): Promise<ExportDownloadResult> {
  const { extractionId } = parseJobPayload(exportDownloadsJob, job);
  const extraction = await claimExtraction(deps, extractionId);
  if (!extraction) return { extractionId, outcome: 'skipped' };
  return attributeCalls(extractionId, () => advanceExport(deps, extraction));
}
