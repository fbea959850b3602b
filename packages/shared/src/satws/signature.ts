import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type HeaderBag, headerValues } from './header-bag.js';

/**
 * Webhook signatures (satws-api.md §8.4): `t=<unix seconds>,s=<hex>` where
 * `s = hex(HMAC-SHA256(key = the secret's UTF-8 bytes, "<t>.<raw body>"))`. Syntage sends the
 * same value in `X-Satws-Signature` and the newer `X-Syntage-Signature`; either is accepted.
 */
export const SIGNATURE_HEADERS = ['x-satws-signature', 'x-syntage-signature'] as const;
export type SignatureHeader = (typeof SIGNATURE_HEADERS)[number];

/** Syntage fixes no tolerance; integrators use five minutes (§8.4). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

type RawBody = Buffer | string;

function hmac(secret: string, rawBody: RawBody, timestamp: number): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
}

/** The header value for `rawBody` signed at `timestamp` (unix seconds, default now). */
export function signWebhook(
  secret: string,
  rawBody: RawBody,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError(`signWebhook: timestamp must be unix seconds, got ${timestamp}`);
  }
  return `t=${timestamp},s=${hmac(secret, rawBody, timestamp).toString('hex')}`;
}

/** RFC 9530 `Content-Digest` of the body: `sha-256=:<base64>:` (the §13 assumption). */
export function contentDigest(rawBody: RawBody): string {
  return `sha-256=:${createHash('sha256').update(rawBody).digest('base64')}:`;
}

/** True when a `Content-Digest` header carries a sha-256 entry that matches the body. */
export function contentDigestMatches(rawBody: RawBody, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = createHash('sha256').update(rawBody).digest();
  return header.split(',').some((member) => {
    const match = /^\s*sha-256=:([A-Za-z0-9+/=]+):\s*$/.exec(member);
    if (!match?.[1]) return false;
    const actual = Buffer.from(match[1], 'base64');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}

export type WebhookRejectReason =
  | 'missing_secret'
  | 'missing_header'
  | 'malformed_header'
  | 'signature_mismatch'
  | 'timestamp_out_of_tolerance';

export type WebhookVerification =
  | { ok: true; header: SignatureHeader; timestamp: number }
  | { ok: false; reason: WebhookRejectReason; detail: string };

export interface VerifyWebhookInput {
  secret: string;
  /** The body exactly as received; re-serialised JSON would not match (§8.4). */
  rawBody: RawBody;
  headers: HeaderBag;
  toleranceSeconds?: number;
  now?: Date;
}

interface ParsedSignature {
  timestamp: number;
  signatures: Buffer[];
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

function parseSignatureHeader(value: string): ParsedSignature | string {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of value.split(',')) {
    const separator = part.indexOf('=');
    const key = part.slice(0, separator).trim();
    const field = part.slice(separator + 1).trim();
    if (separator < 1) return `"${part.trim()}" is not key=value`;
    if (key === 't') {
      if (timestamp !== undefined) return 'more than one t=';
      if (!/^\d{1,12}$/.test(field)) return `t=${field} is not unix seconds`;
      timestamp = Number(field);
    } else if (key === 's') {
      if (!HEX_SHA256.test(field)) return 's= is not 64 hex characters';
      signatures.push(Buffer.from(field, 'hex'));
    }
  }
  if (timestamp === undefined) return 'no t=';
  if (signatures.length === 0) return 'no s=';
  return { timestamp, signatures };
}

type HeaderCheck = WebhookVerification | { ok: false; reason: 'missing_header'; detail: string };

function checkHeader(
  input: VerifyWebhookInput,
  header: SignatureHeader,
  value: string,
): HeaderCheck {
  const parsed = parseSignatureHeader(value);
  if (typeof parsed === 'string') {
    return { ok: false, reason: 'malformed_header', detail: `${header}: ${parsed}` };
  }
  const expected = hmac(input.secret, input.rawBody, parsed.timestamp);
  // Every candidate is compared, in constant time, so timing reveals neither which nor how much matched.
  const matches = parsed.signatures.map((candidate) => timingSafeEqual(candidate, expected));
  if (!matches.includes(true)) {
    return { ok: false, reason: 'signature_mismatch', detail: `${header}: no s= matches the body` };
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const skew = nowSeconds - parsed.timestamp;
  if (Math.abs(skew) > tolerance) {
    const detail = `${header}: signed ${skew} s ${skew > 0 ? 'ago' : 'in the future'}, tolerance ${tolerance} s`;
    return { ok: false, reason: 'timestamp_out_of_tolerance', detail };
  }
  return { ok: true, header, timestamp: parsed.timestamp };
}

/** Reasons in order of how much they tell an operator; the most telling failure is reported. */
const REASON_RANK: Readonly<Record<WebhookRejectReason, number>> = {
  missing_secret: 0,
  missing_header: 1,
  malformed_header: 2,
  signature_mismatch: 3,
  timestamp_out_of_tolerance: 4,
};

/**
 * Accepts a delivery when any signature header (any of its `s=` values) matches the raw body
 * and its `t` is within `toleranceSeconds` of now; otherwise says why not.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): WebhookVerification {
  if (typeof input.secret !== 'string' || input.secret === '') {
    return { ok: false, reason: 'missing_secret', detail: 'no signing secret configured' };
  }
  let failure: WebhookVerification & { ok: false } = {
    ok: false,
    reason: 'missing_header',
    detail: `neither ${SIGNATURE_HEADERS.join(' nor ')} is present`,
  };
  for (const header of SIGNATURE_HEADERS) {
    for (const value of headerValues(input.headers, header)) {
      const result = checkHeader(input, header, value);
      if (result.ok) return result;
      if (REASON_RANK[result.reason] > REASON_RANK[failure.reason]) failure = result;
    }
  }
  return failure;
}
