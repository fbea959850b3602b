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
  // An explicit controller and timer rather than AbortSignal.any([AbortSignal.timeout(), stop]):
  // on Node 20 a combined signal can be garbage-collected before its timeout fires, and the POST
  // to a receiver that never answers then hangs forever instead of timing out.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onStop = () => controller.abort();
  stop.addEventListener('abort', onStop, { once: true });
  if (stop.aborted) controller.abort();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    await response.arrayBuffer();
    return { status: response.status, seconds: (performance.now() - started) / 1000 };
  } catch {
    return { status: 0, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}
