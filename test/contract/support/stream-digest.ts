import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface StreamDigest {
  sha256: string;
  size: number;
}

/** Reads a stream to its end (or its error) without keeping it: hash and byte count only. */
export async function digestStream(stream: Readable): Promise<StreamDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
