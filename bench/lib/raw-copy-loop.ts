import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import got from 'got';

export interface RawCopy {
  /** The simulator's per-invoice download URL and the Accept header choosing XML or PDF. */
  url: string;
  accept: string;
  key: string;
}

/**
 * The raw limit the pipeline is compared to: nothing but `got.stream` piped into a lib-storage
 * `Upload`, `concurrency` at a time — no queue, no database, no hashing, no stamp check.
 * Returns the wall time in ms.
 */
export async function rawCopyLoop(options: {
  copies: readonly RawCopy[];
  concurrency: number;
  apiKey: string;
  s3: S3Client;
  bucket: string;
}): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.copies.length; index = next++) {
      const copy = options.copies[index];
      if (!copy) return;
      const body = got.stream(copy.url, {
        headers: { 'x-api-key': options.apiKey, accept: copy.accept },
      });
      await new Upload({
        client: options.s3,
        params: { Bucket: options.bucket, Key: copy.key, Body: body, ContentType: copy.accept },
      }).done();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return performance.now() - started;
}
