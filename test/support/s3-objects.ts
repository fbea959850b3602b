import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Location } from './isolation.js';

export interface StoredObject {
  /** The key without the test's key prefix, e.g. `cfdi/EKU9003173C9/issued/2025/01/….xml`. */
  key: string;
  size: number;
  sha256: string;
}

/** Every object under the location's key prefix, in key order. */
export async function listObjectKeys(s3: S3Location): Promise<{ key: string; size: number }[]> {
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsV2Command({
        Bucket: s3.bucket,
        Prefix: s3.keyPrefix,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) {
        objects.push({ key: object.Key.slice(s3.keyPrefix.length), size: object.Size ?? 0 });
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}

async function digestObject(s3: S3Location, key: string): Promise<StoredObject> {
  const response = await s3.client.send(
    new GetObjectCommand({ Bucket: s3.bucket, Key: `${s3.keyPrefix}${key}` }),
  );
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of response.Body as Readable) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { key, size, sha256: hash.digest('hex') };
}

/**
 * Downloads every object under the prefix and hashes the bytes actually stored, a few at a
 * time: the check must not trust the sizes and digests the system recorded about itself.
 */
export async function readStoredObjects(s3: S3Location, concurrency = 16): Promise<StoredObject[]> {
  const keys = await listObjectKeys(s3);
  const results: StoredObject[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < keys.length) {
      const item = keys[next];
      next += 1;
      if (item) results.push(await digestObject(s3, item.key));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results.sort((a, b) => a.key.localeCompare(b.key));
}
