import { type Readable, Transform } from 'node:stream';
import { AppError } from '../errors/index.js';
import { networkError } from './satws-error.js';
import { guardThroughput, type ThroughputFloor } from './throughput-guard.js';

export interface LengthCheckOptions {
  endpoint: string;
  expectedBytes: number | undefined;
  requestId: string | undefined;
  throughputFloor: ThroughputFloor;
}

function truncated(options: LengthCheckOptions, received: number, verb: string): AppError {
  return new AppError(
    `SAT.ws ${options.endpoint} ${verb}: ${received} bytes received, Content-Length said ${options.expectedBytes}`,
    { code: 'satws_truncated_body', retryable: true, requestId: options.requestId },
  );
}

/**
 * Wraps a response body so it can only end when every declared byte arrived: a reset, a
 * short body or a trickle under the throughput floor makes it error with a retryable AppError,
 * never end "cleanly" short. Destroying the returned stream aborts the request underneath.
 */
export function lengthCheckedStream(source: Readable, options: LengthCheckOptions): Readable {
  let received = 0;
  const expected = options.expectedBytes;
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      countBytes(chunk.length);
      if (expected !== undefined && received > expected) {
        callback(truncated(options, received, 'sent more than it declared'));
        return;
      }
      callback(null, chunk);
    },
    flush(callback) {
      if (expected !== undefined && received < expected) {
        callback(truncated(options, received, 'ended early'));
        return;
      }
      callback();
    },
  });
  const countBytes = guardThroughput(checked, options.throughputFloor, (bytesPerSecond) => {
    const { minBytesPerSecond, windowMs } = options.throughputFloor;
    return new AppError(
      `SAT.ws ${options.endpoint} body arrived at ${bytesPerSecond} B/s over ${windowMs} ms, under the floor of ${minBytesPerSecond} B/s`,
      { code: 'satws_timeout', retryable: true, requestId: options.requestId },
    );
  });
  source.on('error', (error) => {
    const mapped =
      error instanceof AppError ? error : networkError(options.endpoint, error, options.requestId);
    checked.destroy(mapped);
  });
  checked.on('close', () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(checked);
  return checked;
}
