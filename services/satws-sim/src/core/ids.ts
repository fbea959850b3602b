import { randomBytes } from 'node:crypto';

/**
 * UUIDv7-style ids: 48 bits of milliseconds first, so string order is creation order and cursor
 * pagination (`id[lt]`) can walk a collection by comparing ids (satws-api.md §13: cursor order is
 * id descending). A counter in the 12 `rand_a` bits keeps ids strictly increasing within a
 * millisecond and when the simulated clock is moved backwards.
 */
export interface IdGenerator {
  next(): string;
}

export function createIdGenerator(now: () => number): IdGenerator {
  let lastMs = 0;
  let counter = 0;
  return {
    next() {
      let ms = Math.max(now(), lastMs);
      if (ms === lastMs) {
        counter += 1;
        if (counter > 0xfff) {
          ms += 1;
          counter = 0;
        }
      } else {
        counter = 0;
      }
      lastMs = ms;
      return formatV7(ms, counter, randomBytes(8));
    },
  };
}

function formatV7(ms: number, counter: number, random: Buffer): string {
  const time = ms.toString(16).padStart(12, '0');
  const randA = (0x7000 | counter).toString(16).padStart(4, '0');
  const variant = ((random.readUInt8(0) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const rest = random.subarray(1).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${randA}-${variant}${rest.slice(0, 2)}-${rest.slice(2, 14)}`;
}
