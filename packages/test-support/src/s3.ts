import { randomBytes } from 'node:crypto';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

export interface TestS3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: true;
}

/**
 * Where tests keep objects: `TEST_S3_ENDPOINT` (default the stack's http://127.0.0.1:9000) and
 * `TEST_S3_BUCKET` (default `ie-test`, apart from the app's `invoices`). fauxqs accepts any
 * credentials; set `TEST_S3_ACCESS_KEY_ID` / `TEST_S3_SECRET_ACCESS_KEY` for a server that checks.
 */
export function testS3Settings(): TestS3Settings {
  return {
    endpoint: process.env.TEST_S3_ENDPOINT || 'http://127.0.0.1:9000',
    bucket: process.env.TEST_S3_BUCKET || 'ie-test',
    region: 'us-east-1',
    accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID || 'test',
    secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY || 'test-secret',
    forcePathStyle: true,
  };
}

/** A plain SDK client for the test server, for checking what landed in S3 independently. */
export function createTestS3Client(settings: TestS3Settings = testS3Settings()): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: settings.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A key prefix no other test (in this run or a parallel one) uses, ending in `/`. */
export function createTestS3Prefix(label = 'test'): string {
  const safeLabel = label.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 40) || 'test';
  return `tests/${safeLabel}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}/`;
}

/** Deletes every object under `prefix`; returns how many. Refuses a prefix that is not a folder. */
export async function deletePrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
): Promise<number> {
  if (!prefix.endsWith('/') || prefix === '/') {
    throw new Error(`deletePrefix: refusing prefix "${prefix}"; it must be a folder ending in "/"`);
  }
  let deleted = 0;
  let continuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: continuationToken,
      }),
    );
    const keys = (page.Contents ?? []).flatMap((object) =>
      object.Key ? [{ Key: object.Key }] : [],
    );
    if (keys.length > 0) {
      await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
      );
      deleted += keys.length;
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
  return deleted;
}
