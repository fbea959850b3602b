import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Record<string, unknown>;
  receivedAt: number;
}

/**
 * A real HTTP receiver on 127.0.0.1:0 that keeps every delivery's raw bytes. `respond` decides
 * each answer: a status code, or 'hang' to never answer (a timeout for the sender).
 */
export async function startWebhookListener(
  respond: (delivery: ReceivedDelivery, index: number) => number | 'hang' = () => 204,
) {
  const deliveries: ReceivedDelivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const delivery = {
        headers: request.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')),
        receivedAt: Date.now(),
      };
      deliveries.push(delivery);
      const answer = respond(delivery, deliveries.length - 1);
      if (answer === 'hang') return;
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/satws`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
