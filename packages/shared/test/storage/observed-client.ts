import { HeadObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { testS3Settings } from '@invoice-extractor/test-support/s3';
import { expect } from 'vitest';
import { createS3Client } from '../../src/storage/index.js';

export interface ObservedClient {
  client: S3Client;
  bucket: string;
  /** Multipart upload ids S3 handed out to this client. */
  uploadIds: string[];
  partsUploaded(): number;
}

/** The production client factory pointed at the test server, recording what S3 answered. */
export function createObservedClient(overrides: { endpoint?: string; maxAttempts?: number } = {}) {
  const settings = testS3Settings();
  const client = createS3Client({ ...settings, ...overrides });
  let parts = 0;
  const observed: ObservedClient = {
    client,
    bucket: settings.bucket,
    uploadIds: [],
    partsUploaded: () => parts,
  };
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as { UploadId?: string; ETag?: string };
      const input = args.input as { PartNumber?: number };
      if (output.UploadId) observed.uploadIds.push(output.UploadId);
      if (input.PartNumber !== undefined && output.ETag) parts += 1;
      return result;
    },
    { step: 'initialize', name: 'observeUploads' },
  );
  return observed;
}

export async function expectNoObject(client: S3Client, bucket: string, key: string): Promise<void> {
  await expect(
    client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
  ).rejects.toMatchObject({
    name: 'NotFound',
  });
}

/** An aborted (or completed) multipart upload accepts no more parts: S3 answers NoSuchUpload. */
export async function expectUploadGone(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<void> {
  const probe = new UploadPartCommand({
    Bucket: bucket,
    Key: key,
    UploadId: uploadId,
    PartNumber: 9,
    Body: 'x',
  });
  await expect(client.send(probe)).rejects.toMatchObject({ name: 'NoSuchUpload' });
}
