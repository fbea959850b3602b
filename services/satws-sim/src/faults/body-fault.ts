import type { ServerResponse } from 'node:http';
import type { ReadableStreamReadResult } from 'node:stream/web';
import type { FaultOf } from './fault-rule.js';

export type BodyFault = FaultOf<'reset' | 'truncate' | 'slow'>;

/**
 * Writes `response` to the socket while misbehaving on purpose: `truncate` declares the full
 * Content-Length, sends part of the body and closes the connection cleanly; `reset` does the
 * same but aborts the TCP connection (RST); `slow` trickles the body at `bytesPerSecond`.
 */
export async function writeFaultyBody(
  outgoing: ServerResponse,
  response: Response,
  fault: BodyFault,
): Promise<void> {
  const reader = response.body?.getReader();
  const first = reader ? await reader.read() : { done: true as const, value: undefined };
  const declared = contentLength(response, first);
  const headers: Record<string, string> = Object.fromEntries(response.headers.entries());
  if (declared !== undefined) headers['content-length'] = String(declared);
  outgoing.writeHead(response.status, headers);
  const chunks = readerChunks(reader, first);
  if (fault.kind === 'slow') await trickle(outgoing, chunks, fault);
  else await cut(outgoing, chunks, fault, declared ?? 0);
  await reader?.cancel().catch(() => undefined);
}

async function cut(
  outgoing: ServerResponse,
  chunks: AsyncIterable<Uint8Array>,
  fault: FaultOf<'reset' | 'truncate'>,
  declared: number,
): Promise<void> {
  // At least one declared byte never arrives, whatever `afterBytes` says.
  const limit = Math.max(0, Math.min(fault.afterBytes ?? Math.floor(declared / 2), declared - 1));
  let sent = 0;
  for await (const chunk of chunks) {
    if (sent >= limit) break;
    const part = chunk.subarray(0, limit - sent);
    sent += part.length;
    await write(outgoing, part);
  }
  const socket = outgoing.socket;
  if (fault.kind === 'reset') socket?.resetAndDestroy();
  else socket?.end();
}

async function trickle(
  outgoing: ServerResponse,
  chunks: AsyncIterable<Uint8Array>,
  fault: FaultOf<'slow'>,
): Promise<void> {
  const slice = Math.max(1, Math.floor(fault.bytesPerSecond / 10));
  await sleep(fault.firstByteDelayMs);
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += slice) {
      if (outgoing.destroyed) return;
      await write(outgoing, chunk.subarray(offset, offset + slice));
      await sleep(100);
    }
  }
  if (!outgoing.destroyed) outgoing.end();
}

async function* readerChunks(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  first: ReadableStreamReadResult<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (first.done || !reader) return;
  yield first.value;
  for (;;) {
    const next = await reader.read();
    if (next.done) return;
    yield next.value;
  }
}

function contentLength(
  response: Response,
  first: ReadableStreamReadResult<Uint8Array>,
): number | undefined {
  const header = response.headers.get('content-length');
  if (header !== null) return Number(header);
  // Small bodies built in memory (JSON) arrive in one chunk: their length is that chunk's.
  return first.done ? 0 : first.value.length;
}

function write(outgoing: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (outgoing.destroyed) return resolve();
    outgoing.write(chunk, () => resolve());
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
