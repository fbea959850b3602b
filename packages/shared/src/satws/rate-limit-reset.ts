type HeaderValue = string | string[] | undefined;

function single(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long to wait before the upstream accepts another call: `X-RateLimit-Reset` is the UTC
 * epoch second the window resets (satws-api.md §2, §3.4); `Retry-After` (seconds) is the
 * standard fallback. Undefined when neither is usable.
 */
export function rateLimitWaitMs(
  headers: Readonly<Record<string, HeaderValue>>,
  nowMs: number = Date.now(),
): number | undefined {
  const reset = Number(single(headers['x-ratelimit-reset']));
  if (single(headers['x-ratelimit-reset']) !== undefined && Number.isFinite(reset) && reset > 0) {
    return Math.max(0, Math.ceil(reset * 1000 - nowMs));
  }
  const retryAfter = single(headers['retry-after']);
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
