import type { Prng } from './prng.js';

/** A random (version 4 layout) UUID drawn from the seeded generator, lower case. */
export function prngUuid(prng: Prng): string {
  const bytes = new Uint8Array(16);
  prng.fill(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
