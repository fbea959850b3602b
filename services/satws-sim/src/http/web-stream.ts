/**
 * A web ReadableStream that pulls one chunk at a time from an (async) iterable: the HTTP
 * server asks for the next chunk only when the socket has room, so memory stays flat whatever
 * the body size. Cancelling (client gone) stops the source.
 */
export function pullStream(
  source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): ReadableStream<Uint8Array> {
  const iterator =
    Symbol.asyncIterator in source
      ? source[Symbol.asyncIterator]()
      : (source as Iterable<Uint8Array>)[Symbol.iterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
