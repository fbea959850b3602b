import { request } from 'node:http';

export interface RawOutcome {
  status: number;
  declaredLength: number | undefined;
  received: number;
  /** The error the client saw mid-body (reset, premature close), if any. */
  error: string | undefined;
  elapsedMs: number;
}

/** A GET that reports what really arrived, byte for byte, instead of hiding a short body. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let status = 0;
    let declaredLength: number | undefined;
    let received = 0;
    let settled = false;
    const finish = (error: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve({ status, declaredLength, received, error, elapsedMs: performance.now() - started });
    };
    const req = request(url, { headers, agent: false }, (response) => {
      status = response.statusCode ?? 0;
      const length = response.headers['content-length'];
      declaredLength = length === undefined ? undefined : Number(length);
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      response.on('aborted', () => finish('aborted'));
      response.on('error', (error) => finish(error.message));
      response.on('end', () =>
        finish(
          received === declaredLength || declaredLength === undefined ? undefined : 'short body',
        ),
      );
      response.on('close', () => finish(response.complete ? undefined : 'premature close'));
    });
    req.on('error', (error) => finish((error as NodeJS.ErrnoException).code ?? error.message));
    req.end();
  });
}
