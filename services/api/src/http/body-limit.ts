import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../deps.js';
import { ApiError } from './api-error.js';

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Rejects a body over `maxBytes` with a 413 before it is read (declared or streamed length). */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(
        'payload_too_large',
        `Request body is larger than the ${formatBytes(maxBytes)} this endpoint accepts`,
      );
    },
  });
}
