import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export interface GeneratedBody {
  stream: Readable;
  /** The sha256 of everything the stream produced, known once it has ended. */
  expectedSha256(): string;
}

/**
 * `totalBytes` of pseudo-random bytes (xorshift32 from `seed`) in `chunkBytes` chunks (64 KiB,
 * what a socket hands over), hashed as they are produced, so a test can check a 100 MB round
 * trip without ever holding 100 MB.
 */
export function generatedBody(
  totalBytes: number,
  chunkBytes = 64 * 1024,
  seed = 0x9e3779b9,
): GeneratedBody {
  const hash = createHash('sha256');
  let state = seed >>> 0 || 1;
  let produced = 0;
  let digest: string | undefined;
  const stream = new Readable({
    read() {
      if (produced >= totalBytes) {
        digest = hash.digest('hex');
        this.push(null);
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - produced);
      const words = new Uint32Array(Math.ceil(size / 4));
      for (let index = 0; index < words.length; index += 1) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words[index] = state;
      }
      const chunk = Buffer.from(words.buffer, 0, size);
      produced += size;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return {
    stream,
    expectedSha256() {
      if (!digest) throw new Error('generatedBody: the stream has not ended');
      return digest;
    },
  };
}

/**
 * Produces `bytesBeforeStall` bytes then goes quiet without ending, like a download whose
 * server stopped sending. `then: 'error'` fails instead, like a connection reset mid-body.
 */
export function interruptedBody(
  bytesBeforeStall: number,
  then: 'stall' | 'error',
): Readable & { producedBytes(): number } {
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= bytesBeforeStall) {
        if (then === 'error') this.destroy(new Error('socket hang up (test)'));
        return;
      }
      const size = Math.min(256 * 1024, bytesBeforeStall - produced);
      produced += size;
      this.push(Buffer.alloc(size, produced % 251));
    },
  });
  return Object.assign(stream, { producedBytes: () => produced });
}

export async function sha256Of(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
