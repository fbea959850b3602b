import { waitFor } from '@invoice-extractor/test-support/wait';

/** The API's extraction as a caller sees it (DESIGN.md, HTTP API). */
export interface ApiExtraction {
  id: string;
  rfc: string;
  status: 'queued' | 'requested' | 'extracting' | 'downloading' | 'completed' | 'failed';
  satws: { id: string | null; status: string | null };
  period: { from: string; to: string };
  counts: {
    invoices: number;
    files: { total: number; stored: number; failed: number; missing: number; pending: number };
  };
  error: { code: string; message: string } | null;
}

export interface ApiFile {
  kind: 'xml' | 'pdf';
  state: 'pending' | 'stored' | 'failed' | 'missing';
  s3Key: string | null;
  sha256: string | null;
  bytes: number | null;
}

export interface ApiInvoice {
  uuid: string;
  files: ApiFile[];
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ExtractionRequest {
  rfc: string;
  period: { from: string; to: string };
  [field: string]: unknown;
}

const TERMINAL = new Set(['completed', 'failed']);

/** Our API over real HTTP, as an internal service would call it. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  async send<T = unknown>(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string>; auth?: string | null } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? `Bearer ${this.apiKey}` : init.auth;
    if (auth !== null) headers.authorization = auth;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      status: response.status,
      body: (isJson && text ? JSON.parse(text) : text) as T,
      headers: response.headers,
    };
  }

  async requestExtraction(body: ExtractionRequest): Promise<ApiExtraction> {
    const response = await this.send<ApiExtraction>('POST', '/v1/extractions', {
      body: JSON.stringify(body),
    });
    if (response.status !== 202 && response.status !== 200) {
      throw new Error(
        `POST /v1/extractions answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  async getExtraction(id: string): Promise<ApiExtraction> {
    const response = await this.send<ApiExtraction>('GET', `/v1/extractions/${id}`);
    if (response.status !== 200) {
      throw new Error(`GET /v1/extractions/${id} answered ${response.status}`);
    }
    return response.body;
  }

  /** Every invoice of the extraction, following the cursor to the end. */
  async listInvoices(id: string): Promise<ApiInvoice[]> {
    const invoices: ApiInvoice[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor
        ? `?limit=100&cursor=${encodeURIComponent(cursor)}`
        : '?limit=100';
      const response = await this.send<{ data: ApiInvoice[]; nextCursor: string | null }>(
        'GET',
        `/v1/extractions/${id}/invoices${query}`,
      );
      if (response.status !== 200) {
        throw new Error(`GET /v1/extractions/${id}/invoices answered ${response.status}`);
      }
      invoices.push(...response.body.data);
      cursor = response.body.nextCursor;
    } while (cursor);
    return invoices;
  }

  /** Polls until `accept` says yes to the extraction; the message names where it stopped. */
  async waitForExtraction(
    id: string,
    description: string,
    accept: (extraction: ApiExtraction) => boolean,
    timeoutMs = 60_000,
  ): Promise<ApiExtraction> {
    let last: ApiExtraction | undefined;
    try {
      return await waitFor(
        `extraction ${id} to be ${description}`,
        async () => {
          last = await this.getExtraction(id);
          return accept(last) ? last : undefined;
        },
        { timeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      const where = last ? ` (last seen: ${JSON.stringify(last)})` : '';
      throw new Error(`${(error as Error).message}${where}`);
    }
  }

  /** Polls until the extraction is completed or failed; the message names where it stopped. */
  waitForTerminal(id: string, timeoutMs = 60_000): Promise<ApiExtraction> {
    return this.waitForExtraction(
      id,
      'completed or failed',
      (extraction) => TERMINAL.has(extraction.status),
      timeoutMs,
    );
  }
}
