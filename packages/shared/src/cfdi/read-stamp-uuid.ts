import type { Readable } from 'node:stream';
import { StampLocator } from './stamp-locator.js';

/**
 * The stamp UUID (upper case) of a whole CFDI document, read with the same streaming parser as
 * `createStampCheck`; rejects with the same `cfdi_*` errors. A string is taken as decoded text.
 */
export async function readStampUuid(input: Readable | Buffer | string): Promise<string> {
  const locator = new StampLocator();
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    locator.write(input);
    return locator.end();
  }
  for await (const chunk of input) locator.write(toChunk(chunk));
  return locator.end();
}

function toChunk(chunk: unknown): Uint8Array | string {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk;
  throw new TypeError(`readStampUuid reads bytes or text, not ${typeof chunk} chunks`);
}
