export interface PostOutcome {
  /** 0 when no response arrived (timeout, refused, reset) — the upstream's convention. */
  status: number;
  seconds: number;
}

/** One POST with a hard timeout; never throws. */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<PostOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
    });
    await response.arrayBuffer();
    return { status: response.status, seconds: (performance.now() - started) / 1000 };
  } catch {
    return { status: 0, seconds: (performance.now() - started) / 1000 };
  }
}
