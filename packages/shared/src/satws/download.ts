import type { Readable } from 'node:stream';
import { AppError } from '../errors/index.js';
import { lengthCheckedStream } from './length-checked-stream.js';
import { headerValue, type OpenedStream } from './open-stream.js';
import { invalidArgument } from './satws-error.js';
import type { SatwsTransport } from './transport.js';
import { pathId } from './validate-input.js';

export interface SatwsDownload {
  /** Errors (retryable AppError) if the body is cut short; never ends short "cleanly". */
  stream: Readable;
  contentLength?: number;
  contentType?: string;
  requestId?: string;
}

export type CfdiFormat = 'xml' | 'pdf';

const ACCEPT_BY_FORMAT: Readonly<Record<CfdiFormat, string>> = {
  xml: 'text/xml',
  pdf: 'application/pdf',
};

const CFDI_ENDPOINT = 'GET /invoices/{id}/cfdi';
const FILE_ENDPOINT = 'GET /files/{id}/download';
const LOCATION_ENDPOINT = 'GET {file download location}';

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function toDownload(
  transport: SatwsTransport,
  endpoint: string,
  opened: OpenedStream,
): SatwsDownload {
  const lengthHeader = headerValue(opened.headers['content-length']);
  const contentLength = lengthHeader === undefined ? undefined : Number(lengthHeader);
  const expectedBytes =
    contentLength !== undefined && Number.isSafeInteger(contentLength) ? contentLength : undefined;
  const requestId = headerValue(opened.headers['x-request-id']);
  const stream = lengthCheckedStream(opened.stream, {
    endpoint,
    expectedBytes,
    requestId,
    throughputFloor: transport.throughputFloor,
  });
  const download: SatwsDownload = { stream };
  if (expectedBytes !== undefined) download.contentLength = expectedBytes;
  const contentType = headerValue(opened.headers['content-type']);
  if (contentType !== undefined) download.contentType = contentType;
  if (requestId !== undefined) download.requestId = requestId;
  return download;
}

/** `GET /invoices/{id}/cfdi`: the format is chosen by `Accept` (satws-api.md §7.1). */
export async function downloadCfdi(
  transport: SatwsTransport,
  invoiceId: string,
  format: CfdiFormat,
): Promise<SatwsDownload> {
  const accept = ACCEPT_BY_FORMAT[format];
  if (accept === undefined) {
    throw invalidArgument('downloadCfdi', `format must be "xml" or "pdf", got ${String(format)}`);
  }
  const url = transport.url(`/invoices/${pathId('downloadCfdi', 'invoiceId', invoiceId)}/cfdi`);
  return transport.retrying(CFDI_ENDPOINT, true, async () => {
    const opened = await transport.openApiStream({
      endpoint: CFDI_ENDPOINT,
      url,
      headers: { accept },
    });
    if (isSuccess(opened.status)) return toDownload(transport, CFDI_ENDPOINT, opened);
    throw await transport.errorFrom(CFDI_ENDPOINT, opened);
  });
}

async function followLocation(
  transport: SatwsTransport,
  opened: OpenedStream,
): Promise<SatwsDownload> {
  const location = headerValue(opened.headers.location);
  opened.stream.destroy();
  if (!location) {
    throw new AppError(`SAT.ws ${FILE_ENDPOINT} answered ${opened.status} without a Location`, {
      code: 'satws_invalid_response',
      retryable: false,
      status: opened.status,
      requestId: headerValue(opened.headers['x-request-id']),
    });
  }
  const url = new URL(location, `${transport.baseUrl}/`).toString();
  const target = await transport.openPlainStream({ endpoint: LOCATION_ENDPOINT, url });
  if (isSuccess(target.status)) return toDownload(transport, LOCATION_ENDPOINT, target);
  throw await transport.errorFrom(LOCATION_ENDPOINT, target);
}

/**
 * `GET /files/{id}/download` answers with a `Location` to the real, presumably pre-signed, URL
 * (satws-api.md §7.2). The redirect is taken here, not by got, so the API key is never sent
 * to the storage host; a body served directly is accepted too.
 */
export async function downloadFile(
  transport: SatwsTransport,
  fileId: string,
): Promise<SatwsDownload> {
  const url = transport.url(`/files/${pathId('downloadFile', 'fileId', fileId)}/download`);
  return transport.retrying(FILE_ENDPOINT, true, async () => {
    const opened = await transport.openApiStream({
      endpoint: FILE_ENDPOINT,
      url,
      headers: { accept: '*/*' },
    });
    if (isSuccess(opened.status)) return toDownload(transport, FILE_ENDPOINT, opened);
    if (opened.status >= 300 && opened.status < 400) return followLocation(transport, opened);
    throw await transport.errorFrom(FILE_ENDPOINT, opened);
  });
}
