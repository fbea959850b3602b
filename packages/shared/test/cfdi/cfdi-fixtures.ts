import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createStampCheck } from '../../src/cfdi/index.js';

/** `/work/shared` sits beside the repository root, here and in CI. */
const SAMPLES_DIR = fileURLToPath(new URL('../../../../../shared/cfdi-samples/', import.meta.url));

export function readSample(name: string): Promise<Buffer> {
  return readFile(`${SAMPLES_DIR}${name}`);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function inChunks(bytes: Buffer, size: number): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    })(),
  );
}

/** What the downloader does: source → stamp check → sink, here a hash of what came out. */
export async function checkStream(
  source: Readable,
  expectedUuid: string,
): Promise<{ sha256: string; bytes: number; stampUuid: string | undefined }> {
  const check = createStampCheck(expectedUuid);
  const hash = createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback();
    },
  });
  await pipeline(source, check, sink);
  return { sha256: hash.digest('hex'), bytes, stampUuid: check.stampUuid };
}
