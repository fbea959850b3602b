import { describe, expect, it } from 'vitest';
import {
  contentDigest,
  contentDigestMatches,
  signWebhook,
  verifyWebhookSignature,
} from '../../src/satws/signature.js';
import {
  VECTOR_BODY,
  VECTOR_DIGEST,
  VECTOR_HEADER,
  VECTOR_NOW,
  VECTOR_SECRET,
  VECTOR_TIMESTAMP,
} from './known-answer.js';

const verify = (
  headers: Record<string, string>,
  extra: { now?: Date; rawBody?: string | Buffer } = {},
) =>
  verifyWebhookSignature({
    secret: VECTOR_SECRET,
    rawBody: extra.rawBody ?? VECTOR_BODY,
    headers,
    now: extra.now ?? VECTOR_NOW,
  });

describe('webhook signature known-answer vector (satws-api.md §8.4)', () => {
  it('is the 513-byte body the document specifies', () => {
    expect(Buffer.byteLength(VECTOR_BODY, 'utf8')).toBe(513);
  });

  it('signs the body to the documented header value', () => {
    expect(signWebhook(VECTOR_SECRET, VECTOR_BODY, VECTOR_TIMESTAMP)).toBe(VECTOR_HEADER);
    expect(signWebhook(VECTOR_SECRET, Buffer.from(VECTOR_BODY), VECTOR_TIMESTAMP)).toBe(
      VECTOR_HEADER,
    );
  });

  it('computes the documented Content-Digest and matches it', () => {
    expect(contentDigest(VECTOR_BODY)).toBe(VECTOR_DIGEST);
    expect(contentDigestMatches(Buffer.from(VECTOR_BODY), VECTOR_DIGEST)).toBe(true);
    expect(contentDigestMatches(`${VECTOR_BODY} `, VECTOR_DIGEST)).toBe(false);
    expect(contentDigestMatches(VECTOR_BODY, undefined)).toBe(false);
    expect(contentDigestMatches(VECTOR_BODY, `sha-512=:AAAA:, ${VECTOR_DIGEST}`)).toBe(true);
  });
});

describe('verifyWebhookSignature', () => {
  it.each([
    ['X-Satws-Signature', 'x-satws-signature'],
    ['X-Syntage-Signature', 'x-syntage-signature'],
    ['x-SYNTAGE-signature', 'x-syntage-signature'],
  ])('accepts the vector in %s', (name, header) => {
    expect(verify({ [name]: VECTOR_HEADER })).toEqual({
      ok: true,
      header,
      timestamp: VECTOR_TIMESTAMP,
    });
  });

  it('reads a Fetch Headers object (what Hono hands a route)', () => {
    const headers = new Headers({ 'X-Syntage-Signature': VECTOR_HEADER });
    expect(verify(headers as unknown as Record<string, string>).ok).toBe(true);
  });

  it('accepts when any of several s= values matches, in any order', () => {
    const wrong = 'a'.repeat(64);
    const [t, s] = VECTOR_HEADER.split(',');
    expect(verify({ 'x-satws-signature': `${t},s=${wrong},${s}` }).ok).toBe(true);
    expect(verify({ 'x-satws-signature': `${s}, ${t}` }).ok).toBe(true);
  });

  it('accepts when one header is broken but the other verifies', () => {
    const result = verify({ 'x-satws-signature': 'garbage', 'x-syntage-signature': VECTOR_HEADER });
    expect(result).toEqual({
      ok: true,
      header: 'x-syntage-signature',
      timestamp: VECTOR_TIMESTAMP,
    });
  });

  it('rejects a body changed by one byte', () => {
    const result = verify(
      { 'x-satws-signature': VECTOR_HEADER },
      { rawBody: VECTOR_BODY.replace('finished', 'finishee') },
    );
    expect(result).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('rejects the right signature made with another secret', () => {
    const header = signWebhook('another-secret', VECTOR_BODY, VECTOR_TIMESTAMP);
    expect(verify({ 'x-satws-signature': header })).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('rejects a stale or future timestamp beyond the tolerance, accepts one just inside', () => {
    const headers = { 'x-satws-signature': VECTOR_HEADER };
    const at = (offsetSeconds: number) => new Date((VECTOR_TIMESTAMP + offsetSeconds) * 1000);
    expect(verify(headers, { now: at(300) }).ok).toBe(true);
    expect(verify(headers, { now: at(-300) }).ok).toBe(true);
    const stale = verify(headers, { now: at(301) });
    expect(stale).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
    expect(stale.ok === false && stale.detail).toContain('301 s ago');
    expect(verify(headers, { now: at(-301) })).toMatchObject({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
  });

  it('honours a custom tolerance', () => {
    const result = verifyWebhookSignature({
      secret: VECTOR_SECRET,
      rawBody: VECTOR_BODY,
      headers: { 'x-satws-signature': VECTOR_HEADER },
      now: new Date((VECTOR_TIMESTAMP + 10) * 1000),
      toleranceSeconds: 5,
    });
    expect(result).toMatchObject({ ok: false, reason: 'timestamp_out_of_tolerance' });
  });

  it.each([
    ['s=ca0b53032da0b979b39b3393614b2dc4b8c9d214e4cc3468fb7e91e3b11d9447', 'no t='],
    ['t=1740823200', 'no s='],
    [
      't=abc,s=ca0b53032da0b979b39b3393614b2dc4b8c9d214e4cc3468fb7e91e3b11d9447',
      'not unix seconds',
    ],
    ['t=1740823200,s=zz0b53032da0b979b39b3393614b2dc4b8c9d214e4cc3468fb7e91e3b11d9447', '64 hex'],
    ['t=1740823200,s=ca0b', '64 hex'],
    [
      't=1,t=2,s=ca0b53032da0b979b39b3393614b2dc4b8c9d214e4cc3468fb7e91e3b11d9447',
      'more than one t=',
    ],
    ['', 'not key=value'],
  ])('rejects the malformed header %j with a reason', (value, detail) => {
    const result = verify({ 'x-satws-signature': value });
    expect(result).toMatchObject({ ok: false, reason: 'malformed_header' });
    expect(result.ok === false && result.detail).toContain(detail);
  });

  it('rejects a delivery with no signature header, or with no secret configured', () => {
    expect(verify({ 'content-type': 'application/json' })).toMatchObject({
      ok: false,
      reason: 'missing_header',
    });
    const noSecret = verifyWebhookSignature({
      secret: '',
      rawBody: VECTOR_BODY,
      headers: { 'x-satws-signature': VECTOR_HEADER },
    });
    expect(noSecret).toMatchObject({ ok: false, reason: 'missing_secret' });
  });

  it('round-trips what signWebhook produces now', () => {
    const body = Buffer.from('{"id":"e1","type":"invoice.created","data":{"object":{}}}');
    const header = signWebhook('s3cret', body);
    expect(
      verifyWebhookSignature({
        secret: 's3cret',
        rawBody: body,
        headers: { 'x-satws-signature': header },
      }).ok,
    ).toBe(true);
  });
});
