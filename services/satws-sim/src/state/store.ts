import type { SatInvoice, SatTaxpayer } from '../data/sat-types.js';
import type {
  CredentialRecord,
  EntityRecord,
  EventRecord,
  ExportRecord,
  ExtractionRecord,
  FileRecord,
  InvoiceRecord,
  WebhookEndpointRecord,
  WebhookRequestRecord,
} from './types.js';

/**
 * The whole simulated world in memory. Maps keep insertion order and ids are time-ordered, so
 * iterating a map is iterating by id ascending (collections list it reversed).
 */
export class Store {
  /** SAT's side: every CFDI of every seeded taxpayer, extracted or not. */
  readonly sat = new Map<string, SatTaxpayer>();
  readonly credentials = new Map<string, CredentialRecord>();
  readonly entities = new Map<string, EntityRecord>();
  readonly extractions = new Map<string, ExtractionRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly exports = new Map<string, ExportRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly webhookEndpoints = new Map<string, WebhookEndpointRecord>();
  readonly webhookRequests = new Map<string, WebhookRequestRecord>();
  readonly #invoicesByRfc = new Map<string, InvoiceRecord[]>();
  readonly #invoiceByUuid = new Map<string, InvoiceRecord>();
  readonly #xmlDownloads = new Map<string, number>();

  entityByRfc(rfc: string): EntityRecord | undefined {
    for (const entity of this.entities.values()) if (entity.rfc === rfc) return entity;
    return undefined;
  }

  addInvoice(record: InvoiceRecord): void {
    this.invoices.set(record.id, record);
    const list = this.#invoicesByRfc.get(record.rfc) ?? [];
    list.push(record);
    this.#invoicesByRfc.set(record.rfc, list);
    this.#invoiceByUuid.set(`${record.rfc}|${record.sat.uuid}`, record);
  }

  /** An entity's invoices, oldest id first. */
  invoicesOf(rfc: string): readonly InvoiceRecord[] {
    return this.#invoicesByRfc.get(rfc) ?? [];
  }

  extractedInvoice(rfc: string, sat: SatInvoice): InvoiceRecord | undefined {
    return this.#invoiceByUuid.get(`${rfc}|${sat.uuid}`);
  }

  xmlDownloadsOn(rfc: string, day: string): number {
    return this.#xmlDownloads.get(`${rfc}|${day}`) ?? 0;
  }

  countXmlDownload(rfc: string, day: string): void {
    const key = `${rfc}|${day}`;
    this.#xmlDownloads.set(key, (this.#xmlDownloads.get(key) ?? 0) + 1);
  }

  clear(): void {
    for (const map of [
      this.sat,
      this.credentials,
      this.entities,
      this.extractions,
      this.invoices,
      this.files,
      this.exports,
      this.events,
      this.webhookEndpoints,
      this.webhookRequests,
      this.#invoicesByRfc,
      this.#invoiceByUuid,
      this.#xmlDownloads,
    ] as Map<string, unknown>[]) {
      map.clear();
    }
  }
}
