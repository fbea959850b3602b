import { createServer, request, type ServerResponse } from 'node:http';

export interface PartHoldingProxy {
  url: string;
  heldParts(): number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the real S3 server that forwards every request except part uploads,
 * which it accepts and never answers: an S3 that hangs mid-upload, with everything else real.
 */
export async function startPartHoldingProxy(target: string): Promise<PartHoldingProxy> {
  const held: ServerResponse[] = [];
  const server = createServer((incoming, outgoing) => {
    if (incoming.method === 'PUT' && incoming.url?.includes('partNumber=')) {
      incoming.resume();
      held.push(outgoing);
      return;
    }
    const upstream = request(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    heldParts: () => held.length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
