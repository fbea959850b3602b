import type { IncomingHttpHeaders } from 'node:http';
import type { Got, Request as GotStream, OptionsInit } from 'got';

export interface OpenedStream {
  stream: GotStream;
  status: number;
  headers: IncomingHttpHeaders;
}

/** Resolves once the response headers are in (the body not yet read), or rejects before. */
export function openStream(
  instance: Got,
  url: string,
  options: OptionsInit,
): Promise<OpenedStream> {
  return new Promise((resolve, reject) => {
    const stream = instance.stream(url, options as OptionsInit & { isStream?: true });
    const onError = (error: Error) => {
      stream.off('response', onResponse);
      reject(error);
    };
    const onResponse = (response: { statusCode: number; headers: IncomingHttpHeaders }) => {
      stream.off('error', onError);
      // Whoever takes the body attaches its own handler; until then a reset must not crash the process.
      stream.on('error', () => {});
      resolve({ stream, status: response.statusCode, headers: response.headers });
    };
    stream.once('error', onError);
    stream.once('response', onResponse);
  });
}

const ERROR_BODY_LIMIT = 64 * 1024;

/** Reads at most 64 KiB of an error answer for its message, then lets the connection go. */
export async function readErrorText(opened: OpenedStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of opened.stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buffer);
      size += buffer.length;
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch {
    // The status code is what matters; a broken error body must not hide it.
  } finally {
    opened.stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8');
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
