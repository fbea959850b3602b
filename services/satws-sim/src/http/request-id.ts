import { randomBytes } from 'node:crypto';

/** Shaped like the upstream's (`Root=1-6532dcae-169bf139354cd48959f55c55`, an AWS trace id). */
export function newRequestId(nowMs: number): string {
  const epoch = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')}`;
}
