import { randomUUID } from 'node:crypto';
import { contentDigest, signatureHeader } from '@invoice-extractor/satws-sim';

/** One delivery ready to send: the exact bytes and headers SAT.ws (the simulator) would send. */
export interface SignedDelivery {
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

const TAXPAYER = {
  id: 'EKU9003173C9',
  name: 'ESCUELA KEMPER URGATE SA DE CV',
  personType: 'legal',
  registrationDate: '2003-09-17',
};
const EXTRACTION_ID = '0192a1b2-0000-7000-8000-0000000000e1';

function invoiceObject(index: number, now: string): Record<string, unknown> {
  const total = 1000 + (index % 9000) + 0.16;
  return {
    id: randomUUID(),
    uuid: randomUUID().toUpperCase(),
    version: 4,
    reference: 'A',
    internalIdentifier: String(index),
    type: 'I',
    usage: 'G03',
    paymentType: 'PUE',
    paymentMethod: '03',
    paymentTerms: null,
    paymentTermsRaw: null,
    placeOfIssue: '42501',
    issuer: {
      rfc: 'EKU9003173C9',
      name: TAXPAYER.name,
      taxRegime: '601',
      blacklistStatus: null,
    },
    isIssuer: true,
    receiver: { rfc: 'XAXX010101000', name: 'PUBLICO EN GENERAL', blacklistStatus: null },
    isReceiver: false,
    currency: 'MXN',
    exchangeRate: 1,
    subtotal: total - 0.16,
    discount: 0,
    tax: 0.16,
    total,
    creditedAmount: null,
    subtotalCreditedAmount: null,
    paidAmount: total,
    dueAmount: 0,
    lastPaymentDate: '2025-04-02T10:00:00.000Z',
    fullyPaidAt: '2025-04-02T10:00:00.000Z',
    status: 'VIGENTE',
    pac: 'SAT970701NN3',
    issuedAt: '2025-04-02T10:00:00.000Z',
    certifiedAt: '2025-04-02T10:00:05.000Z',
    cancellationStatus: null,
    cancellationProcessStatus: null,
    canceledAt: null,
    relations: [],
    xml: true,
    pdf: true,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };
}

function fileObject(invoiceId: string, kind: 'xml' | 'pdf', now: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    type: 'cfdi',
    resource: `/invoices/${invoiceId}`,
    mimeType: kind === 'xml' ? 'application/xml' : 'application/pdf',
    extension: kind,
    size: kind === 'xml' ? 4_812 : 38_406,
    filename: `${invoiceId}.${kind}`,
    createdAt: now,
    updatedAt: now,
  };
}

function eventBody(type: string, resource: string, object: Record<string, unknown>, now: string) {
  const id = randomUUID();
  // The simulator's plain-JSON event (services/satws-sim/src/resources/event.ts minus the
  // JSON-LD keys): what an endpoint registered with `application/json` receives.
  const body = JSON.stringify({
    id,
    taxpayer: TAXPAYER,
    type,
    source: `/extractions/${EXTRACTION_ID}`,
    resource,
    data: { object, changes: [] },
    createdAt: now,
    updatedAt: now,
  });
  return { id, body };
}

/**
 * `count` deliveries shaped like one large extraction's burst: per invoice an `invoice.created`
 * then a `file.created` for its XML and its PDF, each with a unique event id, signed like the
 * simulator signs them (both signature headers, Content-Digest) at `signedAt`.
 */
export function extractionDeliveries(
  count: number,
  secret: string,
  signedAt: number = Math.floor(Date.now() / 1000),
): SignedDelivery[] {
  const now = new Date(signedAt * 1000).toISOString();
  const deliveries: SignedDelivery[] = [];
  const push = (type: string, resource: string, object: Record<string, unknown>) => {
    if (deliveries.length >= count) return;
    const event = eventBody(type, resource, object, now);
    const signature = signatureHeader(secret, signedAt, event.body);
    deliveries.push({
      eventId: event.id,
      body: event.body,
      headers: {
        'content-type': 'application/json',
        'x-satws-signature': signature,
        'x-syntage-signature': signature,
        'content-digest': contentDigest(event.body),
        'user-agent': 'satws-sim-webhooks/1.0',
      },
    });
  };
  for (let index = 0; deliveries.length < count; index += 1) {
    const invoice = invoiceObject(index, now);
    const invoiceId = String(invoice.id);
    push('invoice.created', `/invoices/${invoiceId}`, invoice);
    for (const kind of ['xml', 'pdf'] as const) {
      const file = fileObject(invoiceId, kind, now);
      push('file.created', `/files/${String(file.id)}`, file);
    }
  }
  return deliveries;
}
