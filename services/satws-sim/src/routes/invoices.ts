import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { cfdiJson } from '../data/cfdi-json.js';
import { notFound } from '../http/problems.js';
import { sendJson, sendResource } from '../http/representation.js';
import { sendFileBody } from '../http/send-file.js';
import type { SimEnv } from '../http/sim-env.js';
import { invoiceResource } from '../resources/invoice.js';

type CfdiFormat = 'xml' | 'pdf' | 'json';

/** One invoice by its internal id, and its CFDI by `Accept` (satws-api.md §6.1, §7.1). */
export function registerInvoiceRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.get('/invoices/:id', (c) => {
    const invoice = core.store.invoices.get(c.req.param('id'));
    if (!invoice)
      return notFound(c, `no invoice with id ${c.req.param('id')} (ids are not CFDI UUIDs)`);
    return sendResource(c, 'Invoice', invoiceResource(invoice));
  });

  app.get('/invoices/:id/cfdi', (c) => {
    const invoice = core.store.invoices.get(c.req.param('id'));
    if (!invoice)
      return notFound(c, `no invoice with id ${c.req.param('id')} (ids are not CFDI UUIDs)`);
    const format = cfdiFormat(c.req.header('accept'));
    if (format === 'json') {
      if (invoice.xmlFileId === null) return notFound(c, `invoice ${invoice.id} has no XML yet`);
      return sendJson(c, cfdiJson(invoice.sat), 200, true);
    }
    const fileId = format === 'xml' ? invoice.xmlFileId : invoice.pdfFileId;
    const file = fileId ? core.store.files.get(fileId) : undefined;
    const response = file && sendFileBody(c, core, file);
    return response ?? notFound(c, `invoice ${invoice.id} has no ${format.toUpperCase()} file`);
  });
}

/** The first representation the Accept header names that we can produce; JSON by default. */
function cfdiFormat(accept: string | undefined): CfdiFormat {
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]?.trim().toLowerCase();
    if (type === 'text/xml' || type === 'application/xml') return 'xml';
    if (type === 'application/pdf') return 'pdf';
    if (type === 'application/json') return 'json';
  }
  return 'json';
}
