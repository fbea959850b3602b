/**
 * How an upstream HTTP outcome should be treated. The single place that decides it, so the
 * client, the queues and the reconciler agree (DESIGN.md: "Retries are classified").
 */
export type UpstreamOutcome =
  | { kind: 'ok' }
  | { kind: 'retryable'; reason: 'network' | 'timeout' | 'rate-limited' | 'server' }
  | { kind: 'permanent'; reason: 'client' };

/** Status codes that say "try again later": timeout, too early, rate limit. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);

/**
 * `status` is the HTTP status, or undefined when no response arrived (connection refused or
 * reset, DNS failure, socket timeout): those are always worth retrying.
 */
export function classifyUpstream(status: number | undefined): UpstreamOutcome {
  if (status === undefined) return { kind: 'retryable', reason: 'network' };
  if (status < 400) return { kind: 'ok' };
  if (status === 429) return { kind: 'retryable', reason: 'rate-limited' };
  if (RETRYABLE_CLIENT_STATUSES.has(status)) return { kind: 'retryable', reason: 'timeout' };
  if (status >= 500) return { kind: 'retryable', reason: 'server' };
  return { kind: 'permanent', reason: 'client' };
}

export function isRetryableStatus(status: number | undefined): boolean {
  return classifyUpstream(status).kind === 'retryable';
}
