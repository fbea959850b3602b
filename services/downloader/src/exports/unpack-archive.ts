import {
  type EntryCounts,
  type EntryName,
  type ExportEntryFile,
  listExportEntryFiles,
} from '@invoice-extractor/shared/db';
import { isAppError } from '@invoice-extractor/shared/errors';
import type yauzl from 'yauzl';
import { parseEntryName } from './entry-name.js';
import { openArchive, S3RangeReader } from './s3-range-reader.js';
import { type StoreEntryDeps, storeEntry } from './store-entry.js';

export interface UnpackDeps extends StoreEntryDeps {
  entryConcurrency: number;
}

export interface UnpackResult {
  counts: EntryCounts;
  /** Why the archive could not be read at all (not a ZIP, a broken central directory). */
  unreadable?: string;
  /** Ranged GETs sent to S3. */
  s3Requests: number;
}

/** Entries looked up in PostgreSQL at once: one query per batch, not one per entry. */
const ENTRIES_PER_BATCH = 200;

interface NamedEntry {
  entry: yauzl.Entry;
  name: EntryName | undefined;
}

/** Runs `task` over `items`, `limit` at a time; the first failure stops new starts and is thrown. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}

const fileKey = (name: EntryName) => `${name.cfdiUuid}.${name.kind}`;

/**
 * Reads the archive object's central directory a batch of entries at a time and stores each
 * entry naming a file of the extraction that is not stored yet. Memory depends on the batch,
 * the entry concurrency and the part size, never on the archive's size or entry count.
 * `onBatch` receives the counts so far after each batch.
 */
export async function unpackArchive(
  deps: UnpackDeps,
  extractionId: string,
  archive: { key: string; bytes: number },
  onBatch: (counts: EntryCounts) => Promise<void>,
): Promise<UnpackResult> {
  const counts: EntryCounts = { stored: 0, skipped: 0, rejected: 0, ignored: 0 };
  const reader = new S3RangeReader(deps.s3, archive.key, archive.bytes);
  const storeBatch = async (batch: NamedEntry[]) => {
    const names = batch.flatMap((item) => (item.name ? [item.name] : []));
    const files = await listExportEntryFiles(deps.pool, extractionId, names);
    const byName = new Map<string, ExportEntryFile>(
      files.map((file) => [`${file.cfdi_uuid}.${file.kind}`, file]),
    );
    await forEachLimited(batch, deps.entryConcurrency, async ({ entry, name }) => {
      const file = name && byName.get(fileKey(name));
      if (!file) counts.ignored += 1;
      else if (file.state === 'stored') counts.skipped += 1;
      else counts[await storeEntry(deps, extractionId, zip, entry, file)] += 1;
    });
    await onBatch({ ...counts });
  };
  let zip: yauzl.ZipFile;
  try {
    zip = await openArchive(reader, archive.bytes);
  } catch (error) {
    if (isAppError(error)) throw error;
    return { counts, unreadable: messageOf(error), s3Requests: reader.requests };
  }
  let unreadable: string | undefined;
  try {
    const entries = zip.eachEntry();
    let batch: NamedEntry[] = [];
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        // Our reader's errors say whether to retry; yauzl's own are about the central
        // directory's bytes, which reading again will not change.
        if (isAppError(error)) throw error;
        unreadable = messageOf(error);
        break;
      }
      if (next.done) break;
      const entry = next.value;
      const name = entry.fileName.endsWith('/') ? undefined : parseEntryName(entry.fileName);
      batch.push({ entry, name });
      if (batch.length >= ENTRIES_PER_BATCH) {
        await storeBatch(batch);
        batch = [];
      }
    }
    await storeBatch(batch);
  } finally {
    zip.close();
  }
  return unreadable === undefined
    ? { counts, s3Requests: reader.requests }
    : { counts, unreadable, s3Requests: reader.requests };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
