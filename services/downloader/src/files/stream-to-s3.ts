import { pipeline, type Readable } from 'node:stream';
import { createStampCheck } from '@invoice-extractor/shared/cfdi';
import type { InvoiceFileDownload } from '@invoice-extractor/shared/db';
import { type AppError, isAppError } from '@invoice-extractor/shared/errors';
import type { SatwsClient } from '@invoice-extractor/shared/satws';
import { type UploadStreamResult, uploadStream } from '@invoice-extractor/shared/storage';
import type { S3Target } from '../downloader-deps.js';

const CONTENT_TYPES = { xml: 'text/xml', pdf: 'application/pdf' } as const;

/**
 * uploadStream reports any failure of the body as its own retryable `UPLOAD_SOURCE_FAILED`;
 * the body's own AppError underneath says what really happened (a wrong stamp is permanent, a
 * cut download is not), so that is the one to act on.
 */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (
    isAppError(current) &&
    current.code === 'UPLOAD_SOURCE_FAILED' &&
    isAppError(current.cause)
  ) {
    current = current.cause as AppError;
  }
  return current;
}

/**
 * An XML passes through the stamp check on its way: a document stamped with another UUID, or
 * not stamped, errors the stream, and uploadStream then stores nothing under the key.
 */
function checkedBody(file: InvoiceFileDownload, body: Readable): Readable {
  if (file.kind !== 'xml') return body;
  const check = createStampCheck(file.cfdi_uuid);
  // Errors reach uploadStream through `check`; the callback only keeps them from going unhandled.
  pipeline(body, check, () => undefined);
  return check;
}

/**
 * Streams the file from SAT.ws into `key`, hashing it on the way. Rejects with the root AppError;
 * nothing is left under `key` then (unless an earlier run stored it).
 */
export async function streamToS3(
  satws: SatwsClient,
  s3: S3Target,
  file: InvoiceFileDownload,
  key: string,
): Promise<UploadStreamResult> {
  const download = await satws.downloadCfdi(file.satws_invoice_id, file.kind);
  let body: Readable;
  try {
    body = checkedBody(file, download.stream);
  } catch (error) {
    download.stream.destroy();
    throw error;
  }
  try {
    return await uploadStream({
      client: s3.client,
      bucket: s3.bucket,
      key,
      body,
      contentType: CONTENT_TYPES[file.kind],
    });
  } catch (error) {
    throw rootCause(error);
  }
}
