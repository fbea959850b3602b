import { pipeline, type Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { AppError } from '../errors/index.js';
import { DigestTap } from './digest-tap.js';
import {
  type ObjectLocation,
  s3Failure,
  sourceFailure,
  uploadAborted,
  uploadTimedOut,
} from './storage-errors.js';
import { createUploadScopedClient } from './upload-scoped-client.js';
import { checkUploadOptions } from './upload-stream-options.js';

export const DEFAULT_PART_SIZE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_QUEUE_SIZE = 4;

export interface UploadStreamOptions {
  client: S3Client;
  bucket: string;
  key: string;
  /** Consumed and owned by the upload: destroyed when the upload fails. */
  body: Readable;
  contentType?: string | undefined;
  /** Bytes per part (5 MiB to 5 GiB). Memory held is about partSize × (queueSize + 1). */
  partSizeBytes?: number | undefined;
  /** Parts uploaded in parallel. */
  queueSize?: number | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** S3 user metadata (`x-amz-meta-*`): ASCII, 2 KB in all. */
  metadata?: Record<string, string> | undefined;
}

export interface UploadStreamResult {
  key: string;
  /** Lower-case hex sha256 of the bytes stored. */
  sha256: string;
  bytes: number;
  /** The object's ETag without quotes (multipart ETags end in `-<parts>`: not an MD5). */
  etag: string;
}

type Fail = (error: AppError) => void;

/**
 * Calls `fail` when the caller aborts or the time is up. An abort once the body has been read
 * whole and S3 is completing the object has no effect: the object is then stored, and saying
 * otherwise would be a lie. Returns the function that stops watching.
 */
function watchDeadlines(options: UploadStreamOptions, location: ObjectLocation, fail: Fail) {
  const { signal, timeoutMs } = options;
  const onAbort = () => fail(uploadAborted(signal?.reason, location));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => fail(uploadTimedOut(timeoutMs, location)), timeoutMs);
  return () => {
    signal?.removeEventListener('abort', onAbort);
    clearTimeout(timer);
  };
}

/**
 * Streams `body` into `s3://bucket/key`, hashing and counting it in flight, with memory bounded
 * by part size and queue size whatever the body's length. Bodies under one part are sent with a
 * single PutObject only after they ended cleanly; larger ones as a multipart upload that is
 * aborted on any failure. So a failed upload leaves no object under `key` (unless one was
 * there before) and no parts behind, and rejects with an `AppError` saying whether a retry
 * may succeed.
 */
export async function uploadStream(options: UploadStreamOptions): Promise<UploadStreamResult> {
  checkUploadOptions(options);
  const location = { bucket: options.bucket, key: options.key };
  const tap = new DigestTap();
  const cancelParts = new AbortController();
  let failure: AppError | undefined;
  // The first failure wins: it is the cause; what follows (aborted parts, a closed body) is noise.
  const fail: Fail = (error) => {
    failure ??= error;
    cancelParts.abort(failure);
    tap.destroy(failure);
    // At once, not when the pipeline gets round to it: stop a download we no longer need now.
    options.body.destroy();
  };
  pipeline(options.body, tap, (error) => {
    if (error) fail(sourceFailure(error, location));
  });
  const stopWatching = watchDeadlines(options, location, fail);
  try {
    const client = createUploadScopedClient(options.client, cancelParts.signal, (error) =>
      fail(s3Failure(error, location)),
    );
    const upload = new Upload({
      client,
      params: {
        Bucket: options.bucket,
        Key: options.key,
        Body: tap,
        ContentType: options.contentType,
        Metadata: options.metadata,
      },
      partSize: options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES,
      queueSize: options.queueSize ?? DEFAULT_QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const output = await upload.done();
    return { key: options.key, ...tap.digest(), etag: (output.ETag ?? '').replaceAll('"', '') };
  } catch (error) {
    const cause = failure ?? s3Failure(error, location);
    fail(cause);
    throw cause;
  } finally {
    stopWatching();
  }
}
