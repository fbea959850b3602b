import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type BlobCheck =
  | { ok: true }
  | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

/**
 * Signed download URLs in the manner of an S3 pre-signed URL: `/blobs/{fileId}?expires=<unix>&
 * signature=<hmac>`, valid without the API key until `expires`. The secret is per process, so a
 * URL from another simulator (or a forged one) never verifies.
 */
export class BlobSigner {
  readonly #secret = randomBytes(32);

  path(fileId: string, expiresEpochSeconds: number): string {
    return `/blobs/${fileId}?expires=${expiresEpochSeconds}&signature=${this.#sign(fileId, expiresEpochSeconds)}`;
  }

  check(
    fileId: string,
    expires: string | undefined,
    signature: string | undefined,
    nowMs: number,
  ): BlobCheck {
    const expiresAt = Number(expires);
    if (!expires || !signature || !Number.isInteger(expiresAt)) {
      return {
        ok: false,
        code: 'AccessDenied',
        message: 'Missing or malformed expires/signature query parameters',
      };
    }
    const expected = Buffer.from(this.#sign(fileId, expiresAt), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return {
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature does not match',
      };
    }
    if (nowMs / 1000 > expiresAt)
      return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
    return { ok: true };
  }

  #sign(fileId: string, expires: number): string {
    return createHmac('sha256', this.#secret).update(`${fileId}\n${expires}`).digest('hex');
  }
}
