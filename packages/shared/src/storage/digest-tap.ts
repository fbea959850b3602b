import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface Digest {
  /** Lower-case hex sha256 of every byte that passed through. */
  sha256: string;
  bytes: number;
}

/**
 * A pass-through that hashes and counts bytes in flight, so the body is never held whole in
 * memory just to learn its digest. Chunks are forwarded as they are, not copied.
 */
export class DigestTap extends Transform {
  readonly #hash = createHash('sha256');
  #bytes = 0;
  #digest: Digest | undefined;

  override _transform(
    chunk: Buffer | string,
    encoding: BufferEncoding,
    callback: TransformCallback,
  ) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.#hash.update(buffer);
    this.#bytes += buffer.byteLength;
    callback(null, buffer);
  }

  override _flush(callback: TransformCallback) {
    this.#digest = { sha256: this.#hash.digest('hex'), bytes: this.#bytes };
    callback();
  }

  /** The digest of the whole body; throws if the body has not ended cleanly. */
  digest(): Digest {
    if (!this.#digest) throw new Error('DigestTap: the body has not ended, there is no digest yet');
    return this.#digest;
  }
}
