import { Transform, type TransformCallback } from 'node:stream';
import { cfdiInvalidUuid, cfdiUuidMismatch } from './cfdi-errors.js';
import { StampLocator } from './stamp-locator.js';

const UUID_PATTERN = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

/**
 * Passes a CFDI XML through unchanged while checking that it is stamped with `expectedUuid`.
 * Placed between the HTTP response and the upload, its error fails the pipeline, so a document
 * that is not the invoice asked for is never completed under that invoice's key. A failure that
 * no later byte can undo (malformed XML, a root that is not a CFDI, the wrong stamp) errors as
 * soon as it is seen, so the rest of a large file is not downloaded for nothing; a missing stamp
 * and truncation can only be known at the end, in `flush`.
 */
export class StampCheck extends Transform {
  readonly expectedUuid: string;
  readonly #locator = new StampLocator();

  constructor(expectedUuid: string) {
    super();
    if (!UUID_PATTERN.test(expectedUuid)) throw cfdiInvalidUuid(expectedUuid);
    this.expectedUuid = expectedUuid.toUpperCase();
  }

  /** The UUID the document is stamped with, upper case, once read (for logs). */
  get stampUuid(): string | undefined {
    return this.#locator.stampUuid;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    try {
      this.#locator.write(chunk);
      this.#compare();
      callback(null, chunk);
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback) {
    try {
      this.#locator.end();
      this.#compare();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  #compare(): void {
    const found = this.#locator.stampUuid;
    if (found !== undefined && found !== this.expectedUuid) {
      throw cfdiUuidMismatch(this.expectedUuid, found);
    }
  }
}

export function createStampCheck(expectedUuid: string): StampCheck {
  return new StampCheck(expectedUuid);
}
