/** The parts of our API's answers the demo reads (DESIGN.md, HTTP API). */
export interface Extraction {
  id: string;
  rfc: string;
  status: string;
  counts: {
    invoices: number;
    files: { total: number; stored: number; failed: number; missing: number; pending: number };
  };
  error: { code: string; message: string } | null;
}

export interface InvoiceFile {
  kind: 'xml' | 'pdf';
  state: string;
  s3Key: string | null;
  sha256: string | null;
  bytes: number | null;
}

export interface Invoice {
  uuid: string;
  files: InvoiceFile[];
}

async function call<T>(url: string, init: RequestInit, what: string): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${what} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Our API as an internal service calls it: bearer key, JSON. */
export class DemoApi {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  #headers(): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' };
  }

  requestExtraction(rfc: string, period: { from: string; to: string }): Promise<Extraction> {
    return call(
      `${this.baseUrl}/v1/extractions`,
      {
        method: 'POST',
        headers: {
          ...this.#headers(),
          'idempotency-key': `demo-${rfc}-${period.from}-${period.to}`,
        },
        body: JSON.stringify({ rfc, period }),
      },
      `POST /v1/extractions for ${rfc}`,
    );
  }

  getExtraction(id: string): Promise<Extraction> {
    return call(
      `${this.baseUrl}/v1/extractions/${id}`,
      { headers: this.#headers() },
      `GET /v1/extractions/${id}`,
    );
  }

  async listInvoices(id: string): Promise<Invoice[]> {
    const invoices: Invoice[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor
        ? `?limit=100&cursor=${encodeURIComponent(cursor)}`
        : '?limit=100';
      const page: { data: Invoice[]; nextCursor: string | null } = await call(
        `${this.baseUrl}/v1/extractions/${id}/invoices${query}`,
        { headers: this.#headers() },
        `GET /v1/extractions/${id}/invoices`,
      );
      invoices.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return invoices;
  }
}

export interface TruthFile {
  size: number;
  sha256: string | null;
  available: boolean;
}

export interface TruthTaxpayer {
  rfc: string;
  name: string;
  invoices: { uuid: string; xml: TruthFile; pdf: TruthFile }[];
}

/** The simulator's own record of what it holds (`GET /_sim/truth`): the demo's answer key. */
export async function simulatorTruth(simUrl: string, rfc?: string): Promise<TruthTaxpayer[]> {
  const query = rfc ? `?rfc=${encodeURIComponent(rfc)}` : '?digests=false';
  const truth = await call<{ taxpayers: TruthTaxpayer[] }>(
    `${simUrl}/_sim/truth${query}`,
    {},
    'GET /_sim/truth',
  );
  return truth.taxpayers;
}
