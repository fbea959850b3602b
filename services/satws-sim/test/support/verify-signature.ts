import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The receiver's side of satws-api.md §8.4, written here with node:crypto alone so the test does
 * not trust the simulator's own signing code: `t=<unix>,s=<hex>` over "<t>.<raw body>".
 */
export function verifySignature(
  secret: string,
  raw: Buffer,
  header: string | string[] | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): { ok: boolean; reason?: string; timestamp?: number } {
  if (typeof header !== 'string') return { ok: false, reason: 'missing header' };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  const signatures = parts.filter(([key]) => key === 's').map(([, value]) => value ?? '');
  if (!Number.isInteger(timestamp) || signatures.length === 0)
    return { ok: false, reason: 'malformed header' };
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`)
    .update(raw)
    .digest();
  const matches = signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, reason: 'signature mismatch', timestamp };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return { ok: false, reason: 'stale timestamp', timestamp };
  return { ok: true, timestamp };
}

export function expectedDigest(raw: Buffer): string {
  return `sha-256=:${createHash('sha256').update(raw).digest('base64')}:`;
}

export function signatureHeaders(
  headers: IncomingHttpHeaders,
): [string | undefined, string | undefined] {
  return [
    headers['x-satws-signature'] as string | undefined,
    headers['x-syntage-signature'] as string | undefined,
  ];
}
