import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DocumentProxy {
  url: string;
  stop(): Promise<void>;
}

const CFDI_PATH = /^\/invoices\/([^/?]+)\/cfdi$/;

/**
 * Stands in front of the simulator and answers `GET /invoices/{id}/cfdi` (XML) for the ids in
 * `documents` with those bytes, as SAT.ws would serve a real CFDI; every other request goes to
 * the simulator unchanged. The simulator only generates 4.0 documents stamped with the right
 * UUID, so this is how real 3.2 / 3.3 / 4.0 documents, unstamped ones and foreign ones reach
 * the downloader through HTTP.
 */
export async function startDocumentProxy(
  upstreamUrl: string,
  documents: ReadonlyMap<string, Buffer>,
): Promise<DocumentProxy> {
  const upstream = new URL(upstreamUrl);
  const server: Server = createServer((incoming, outgoing) => {
    const id = CFDI_PATH.exec(incoming.url ?? '')?.[1];
    const document = id === undefined ? undefined : documents.get(id);
    if (document && (incoming.headers.accept ?? '').includes('text/xml')) {
      outgoing.writeHead(200, { 'content-type': 'text/xml', 'content-length': document.length });
      outgoing.end(document);
      return;
    }
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
