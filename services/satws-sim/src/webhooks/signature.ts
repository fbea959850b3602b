import { createHash, createHmac } from 'node:crypto';

/**
 * `t=<unix seconds>,s=<hex HMAC-SHA256(secret as UTF-8, "<t>.<raw body>")>` — the value of both
 * `X-Satws-Signature` and `X-Syntage-Signature` (satws-api.md §8.4, §13).
 */
export function signatureHeader(
  secret: string,
  timestamp: number,
  rawBody: string | Buffer,
): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `t=${timestamp},s=${hmac.digest('hex')}`;
}

/** RFC 9530 `Content-Digest` of the body (the assumption of satws-api.md §13). */
export function contentDigest(rawBody: string | Buffer): string {
  return `sha-256=:${createHash('sha256').update(rawBody).digest('base64')}:`;
}
