import type { Transform } from 'node:stream';

export interface ThroughputFloor {
  minBytesPerSecond: number;
  windowMs: number;
}

/**
 * A body that trickles never trips the socket idle timeout, yet would hold a worker for hours.
 * Every window the bytes received are compared with the floor; windows in which OUR consumer
 * was the slow side (buffers full, e.g. an S3 part uploading) do not count against upstream.
 * Returns the function to call with each chunk's size.
 */
export function guardThroughput(
  stream: Transform,
  floor: ThroughputFloor,
  tooSlow: (bytesPerSecond: number) => Error,
): (bytes: number) => void {
  let bytes = 0;
  let windowStart = performance.now();
  const consumerBehind = () =>
    stream.readableLength >= stream.readableHighWaterMark ||
    stream.writableLength >= stream.writableHighWaterMark;
  const timer = setInterval(
    () => {
      const now = performance.now();
      if (consumerBehind()) {
        bytes = 0;
        windowStart = now;
        return;
      }
      const elapsed = now - windowStart;
      if (elapsed < floor.windowMs) return;
      const rate = (bytes * 1000) / elapsed;
      bytes = 0;
      windowStart = now;
      if (rate < floor.minBytesPerSecond) stream.destroy(tooSlow(Math.round(rate)));
    },
    Math.max(10, Math.floor(floor.windowMs / 4)),
  );
  timer.unref();
  const stop = () => clearInterval(timer);
  stream.once('finish', stop);
  stream.once('close', stop);
  return (chunkBytes) => {
    bytes += chunkBytes;
  };
}
