/**
 * Seeded pseudo-random numbers (sfc32 seeded through cyrb128), so the same seed always yields
 * the same taxpayers, invoices and file bytes — the ground truth can be recomputed at will and
 * large files never need to be stored.
 */
export interface Prng {
  uint32(): number;
  float(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** Fills `target` with random bytes, four at a time. */
  fill(target: Uint8Array): void;
}

export function createPrng(seed: string): Prng {
  let [a, b, c, d] = cyrb128(seed);
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i += 1) uint32();
  return {
    uint32,
    float: () => uint32() / 4294967296,
    int: (min, maxInclusive) =>
      min + Math.floor((uint32() / 4294967296) * (maxInclusive - min + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor((uint32() / 4294967296) * items.length)];
      if (item === undefined) throw new Error('pick() from an empty list');
      return item;
    },
    chance: (probability) => uint32() / 4294967296 < probability,
    fill(target) {
      const words = Math.floor(target.length / 4);
      const view = new Uint32Array(target.buffer, target.byteOffset, words);
      if (target.byteOffset % 4 !== 0) throw new Error('fill() needs a 4-byte aligned buffer');
      for (let i = 0; i < words; i += 1) view[i] = uint32();
      for (let i = words * 4; i < target.length; i += 1) target[i] = uint32() & 0xff;
    },
  };
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
