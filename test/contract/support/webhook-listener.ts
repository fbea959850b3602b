import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  receivedAt: Date;
}

export interface WebhookListener {
  url: string;
  deliveries: ReceivedDelivery[];
  close(): Promise<void>;
}

/**
 * A local receiver on 127.0.0.1:0 that keeps every delivery's raw bytes and headers and
 * answers 204 at once, like a receiver that acks before processing.
 */
export async function startWebhookListener(path = '/hooks/satws'): Promise<WebhookListener> {
  const deliveries: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
        receivedAt: new Date(),
      });
      response.writeHead(request.url === path ? 204 : 404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
