import { createCipheriv, createHash } from 'node:crypto';

export const CHUNK_BYTES = 256 * 1024;
const BASE64_ALPHABET = Buffer.from(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
);
const ZEROES = Buffer.alloc(CHUNK_BYTES);

/**
 * `length` seeded bytes in chunks of at most 64 KiB, produced on demand: a 300 MB file costs
 * one chunk of memory at a time, never its whole size. The bytes are an AES-256-CTR keystream
 * keyed by the seed — a deterministic generator that runs natively at GB/s, where a JavaScript
 * PRNG would cap downloads near 100 MB/s.
 */
export function* randomBytesChunks(seed: string, length: number, text = false): Generator<Buffer> {
  const key = createHash('sha256').update(seed).digest();
  const keystream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  let remaining = length;
  while (remaining > 0) {
    const size = Math.min(CHUNK_BYTES, remaining);
    const chunk = keystream.update(size === CHUNK_BYTES ? ZEROES : ZEROES.subarray(0, size));
    if (text) {
      for (let i = 0; i < size; i += 1) chunk[i] = BASE64_ALPHABET[(chunk[i] ?? 0) & 63] ?? 65;
    }
    remaining -= size;
    yield chunk;
  }
}
