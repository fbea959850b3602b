import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * `preferred` when nothing listens there (the documented 3000 / 4010, so the printed URLs are
 * the usual ones), else any free port: a developer's own `pnpm sim` must not break the demo.
 */
export async function choosePort(preferred: number): Promise<number> {
  const port = (await tryListen(preferred)) ?? (await tryListen(0));
  if (port === undefined) throw new Error('No free TCP port on 127.0.0.1');
  return port;
}

/** Polls `url` until it answers `expectedStatus`, or fails after `timeoutMs` naming what it saw. */
export async function waitForHttp(
  url: string,
  {
    timeoutMs,
    expectedStatus = 200,
    isAlive,
  }: {
    timeoutMs: number;
    expectedStatus?: number;
    isAlive?: () => boolean;
  },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (isAlive && !isAlive()) throw new Error(`stopped before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.status === expectedStatus) return;
      last = `HTTP ${response.status} ${body.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer ${expectedStatus} within ${timeoutMs / 1000} s (${last})`);
}
