import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AppError } from '@invoice-extractor/shared/errors';

/** Bytes that do not match their ZIP's central directory are damaged: reading again cannot help. */
export function corruptEntry(name: string, problem: string): AppError {
  return new AppError(`ZIP entry ${name} is damaged: ${problem}`, {
    code: 'export_entry_corrupt',
    retryable: false,
  });
}

/**
 * Passes an entry's bytes through while checking them against what the central directory
 * declares: the CRC-32 (zlib's, computed chunk by chunk) and the size. A mismatch errors the
 * stream before it ends, so the upload it feeds stores nothing under the file's key.
 */
export class EntryCheck extends Transform {
  #crc = 0;
  #bytes = 0;

  constructor(
    private readonly name: string,
    private readonly expectedCrc32: number,
    private readonly expectedBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.#bytes += chunk.length;
    if (this.#bytes > this.expectedBytes) {
      callback(corruptEntry(this.name, `more than the ${this.expectedBytes} bytes declared`));
      return;
    }
    this.#crc = crc32(chunk, this.#crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback) {
    if (this.#bytes !== this.expectedBytes) {
      callback(corruptEntry(this.name, `${this.#bytes} bytes, ${this.expectedBytes} declared`));
    } else if (this.#crc >>> 0 !== this.expectedCrc32 >>> 0) {
      const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
      callback(
        corruptEntry(
          this.name,
          `CRC-32 ${hex(this.#crc)}, the central directory says ${hex(this.expectedCrc32)}`,
        ),
      );
    } else {
      callback();
    }
  }
}
