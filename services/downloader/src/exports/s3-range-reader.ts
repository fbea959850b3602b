import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { AppError, classifyUpstream } from '@invoice-extractor/shared/errors';
import yauzl from 'yauzl';
import type { S3Target } from '../downloader-deps.js';

/**
 * yauzl reads the central directory 46 bytes and one name at a time: one ranged GET each would
 * be two requests per entry. Reads inside the directory are served from one window of this
 * size instead, fetched whole, so memory stays this window whatever the number of entries.
 */
const DIRECTORY_WINDOW_BYTES = 256 * 1024;

interface Window {
  start: number;
  end: number;
  bytes: Promise<Buffer>;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A failed ranged read of the archive object: S3's 5xx and network errors are worth a retry. */
function archiveReadFailure(key: string, error: unknown): AppError {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(`Reading the export archive s3 object ${key} failed: ${message}`, {
    code: 'export_archive_read_failed',
    retryable: classifyUpstream(status).kind === 'retryable',
    status,
    cause: error,
  });
}

/**
 * The archive object as yauzl's random-access file: every read is an S3 `Range` GET streamed
 * through (never buffered whole), except reads in the central directory (see the window above).
 * Errors are AppErrors saying whether a retry may help, so they are told apart from yauzl's
 * own complaints about the ZIP's bytes.
 */
export class S3RangeReader extends yauzl.RandomAccessReader {
  #directoryStart = Number.POSITIVE_INFINITY;
  #window: Window | undefined;
  #requests = 0;

  constructor(
    private readonly s3: S3Target,
    private readonly key: string,
    private readonly size: number,
  ) {
    super();
  }

  /** GETs sent so far. */
  get requests(): number {
    return this.#requests;
  }

  /** From here on (the central directory's offset, known once the ZIP is open) reads are windowed. */
  windowReadsFrom(offset: number): void {
    this.#directoryStart = offset;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (start >= this.#directoryStart && end - start <= DIRECTORY_WINDOW_BYTES) {
      return this.#fromWindow(start, end);
    }
    return this.#rangeStream(start, end);
  }

  #fromWindow(start: number, end: number): Readable {
    let window = this.#window;
    if (!window || start < window.start || end > window.end) {
      const windowEnd = Math.min(this.size, start + DIRECTORY_WINDOW_BYTES);
      window = { start, end: windowEnd, bytes: this.#readWhole(start, windowEnd) };
      this.#window = window;
    }
    const out = new PassThrough();
    const { start: from } = window;
    window.bytes.then(
      (bytes) => out.end(bytes.subarray(start - from, end - from)),
      (error: unknown) => out.destroy(error as Error),
    );
    return out;
  }

  async #readWhole(start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.#rangeStream(start, end)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  #rangeStream(start: number, end: number): Readable {
    const out = new PassThrough();
    const abort = new AbortController();
    let complete = false;
    this.#requests += 1;
    const command = new GetObjectCommand({
      Bucket: this.s3.bucket,
      Key: this.key,
      Range: `bytes=${start}-${end - 1}`,
    });
    this.s3.client.send(command, { abortSignal: abort.signal }).then(
      (response) => {
        const body = response.Body as Readable;
        body.once('end', () => {
          complete = true;
        });
        body.once('error', (error) => out.destroy(archiveReadFailure(this.key, error)));
        out.once('close', () => {
          if (!complete) body.destroy();
        });
        body.pipe(out);
      },
      (error: unknown) => out.destroy(archiveReadFailure(this.key, error)),
    );
    // yauzl destroys what it no longer needs (an entry given up on): stop that GET too.
    out.once('close', () => {
      if (!complete) abort.abort();
    });
    return out;
  }
}

/** Opens the archive's central directory (entries are then read one by one, on demand). */
export function openArchive(reader: S3RangeReader, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(
      reader,
      size,
      { lazyEntries: true, autoClose: false },
      (error, zip) => {
        if (error || !zip) return reject(error ?? new Error('yauzl opened no ZIP'));
        // @types/yauzl calls it a boolean; it is the offset of the next central directory record.
        reader.windowReadsFrom((zip as unknown as { readEntryCursor: number }).readEntryCursor);
        // yauzl also reports some errors as events; iteration surfaces them, this keeps a late
        // one from crashing the process as an unhandled 'error'.
        zip.on('error', () => undefined);
        resolve(zip);
      },
    );
  });
}
