import { AppError, classifyUpstream } from '../errors/index.js';

export interface ObjectLocation {
  bucket: string;
  key: string;
}

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

/**
 * S3 answers some transient conditions with a 400: an idle socket (`RequestTimeout`) and clock
 * skew, which the SDK corrects on the next attempt.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
const RETRYABLE_S3_CODES = new Set(['RequestTimeout', 'RequestTimeTooSkewed', 'SlowDown']);

function describe(location: ObjectLocation): string {
  return `s3://${location.bucket}/${location.key}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An S3 or network failure: 5xx and no-response retry, other 4xx do not. */
export function s3Failure(error: unknown, location: ObjectLocation): AppError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status =
    typeof shape.$metadata?.httpStatusCode === 'number'
      ? shape.$metadata.httpStatusCode
      : undefined;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const retryable = RETRYABLE_S3_CODES.has(name) || classifyUpstream(status).kind === 'retryable';
  const requestId =
    typeof shape.$metadata?.requestId === 'string' ? shape.$metadata.requestId : undefined;
  const answer = status === undefined ? 'no response' : `${name} (HTTP ${status})`;
  return new AppError(`S3 upload to ${describe(location)} failed: ${answer}: ${messageOf(error)}`, {
    code: 'S3_UPLOAD_FAILED',
    retryable,
    status,
    requestId,
    cause: error,
  });
}

/** The body being uploaded failed (a download cut short): reading it again may well work. */
export function sourceFailure(error: unknown, location: ObjectLocation): AppError {
  return new AppError(
    `The body for ${describe(location)} failed while uploading: ${messageOf(error)}`,
    {
      code: 'UPLOAD_SOURCE_FAILED',
      retryable: true,
      cause: error,
    },
  );
}

export function uploadAborted(reason: unknown, location: ObjectLocation): AppError {
  return new AppError(`Upload to ${describe(location)} was aborted by the caller`, {
    code: 'UPLOAD_ABORTED',
    retryable: true,
    cause: reason,
  });
}

export function uploadTimedOut(timeoutMs: number, location: ObjectLocation): AppError {
  return new AppError(`Upload to ${describe(location)} did not finish within ${timeoutMs} ms`, {
    code: 'UPLOAD_TIMEOUT',
    retryable: true,
  });
}

export function invalidUpload(message: string): AppError {
  return new AppError(`Invalid upload: ${message}`, { code: 'INVALID_UPLOAD', retryable: false });
}
