import { z } from '@hono/zod-openapi';
import { CFDI_TYPES, type InvoiceFileRow, type InvoiceRow } from '@invoice-extractor/shared/db';

/** A stored invoice, for the OpenAPI document. */
export const INVOICE_EXAMPLE = {
  uuid: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  satwsId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  direction: 'issued',
  issuerRfc: 'EKU9003173C9',
  receiverRfc: 'XIA190128J61',
  issuedAt: '2025-01-15T10:32:00.000Z',
  type: 'I',
  total: '11600.00',
  currency: 'MXN',
  status: 'VIGENTE',
  files: [
    {
      kind: 'xml',
      state: 'stored',
      s3Key: 'cfdi/EKU9003173C9/issued/2025/01/3F2504E0-4F89-41D3-9A0C-0305E82C3301.xml',
      sha256: '9f2c1d0b4a7e6f5c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4',
      bytes: 4312,
      attempts: 1,
      lastError: null,
      storedAt: '2025-02-03T15:21:02.000Z',
    },
  ],
};

export const invoiceFileSchema = z
  .object({
    kind: z.enum(['xml', 'pdf']),
    state: z.enum(['pending', 'stored', 'failed', 'missing']).openapi({
      description: 'failed: given up on (see lastError); missing: SAT.ws has no such file.',
    }),
    s3Key: z.string().nullable().openapi({
      example: 'cfdi/EKU9003173C9/issued/2025/01/3F2504E0-4F89-41D3-9A0C-0305E82C3301.xml',
    }),
    sha256: z.string().nullable().openapi({ description: 'Lower-case hex of the stored bytes.' }),
    bytes: z.int().nullable(),
    attempts: z.int(),
    lastError: z.string().nullable(),
    storedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('InvoiceFile');

export const invoiceSchema = z
  .object({
    uuid: z.string().openapi({ description: 'CFDI UUID, upper case as printed on it.' }),
    satwsId: z.string(),
    direction: z.enum(['issued', 'received']),
    issuerRfc: z.string(),
    receiverRfc: z.string(),
    issuedAt: z.string().openapi({
      format: 'date-time',
      description: 'The CFDI wall-clock time (Mexico City) written with Z, as SAT.ws reports it.',
    }),
    type: z.enum(CFDI_TYPES),
    total: z.string().openapi({ description: 'Exact decimal, as text.', example: '11600.00' }),
    currency: z.string().openapi({ example: 'MXN' }),
    status: z.enum(['VIGENTE', 'CANCELADO']),
    files: z.array(invoiceFileSchema),
  })
  .openapi('Invoice', { example: INVOICE_EXAMPLE });

export type ApiInvoice = z.output<typeof invoiceSchema>;

function toApiFile(file: InvoiceFileRow): z.output<typeof invoiceFileSchema> {
  return {
    kind: file.kind,
    state: file.state,
    s3Key: file.s3_key,
    sha256: file.sha256,
    bytes: file.bytes === null ? null : Number(file.bytes),
    attempts: file.attempts,
    lastError: file.last_error,
    storedAt: file.stored_at ? file.stored_at.toISOString() : null,
  };
}

/** The one mapping from an invoice row and its files to the API's shape. */
export function toApiInvoice(row: InvoiceRow, files: readonly InvoiceFileRow[]): ApiInvoice {
  return {
    uuid: row.cfdi_uuid,
    satwsId: row.satws_invoice_id,
    direction: row.direction,
    issuerRfc: row.issuer_rfc,
    receiverRfc: row.receiver_rfc,
    issuedAt: row.issued_at.toISOString(),
    type: row.cfdi_type,
    total: row.total,
    currency: row.currency,
    status: row.status,
    files: files.map(toApiFile),
  };
}
