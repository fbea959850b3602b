import { resolveClientOptions, type SatwsClientOptions } from './client-options.js';
import { type CfdiFormat, downloadCfdi, downloadFile, type SatwsDownload } from './download.js';
import type { CreateCiecCredentialInput } from './operations/credentials.js';
import { createCiecCredential, getCredential } from './operations/credentials.js';
import { findEntityByRfc, getEntity } from './operations/entities.js';
import { type EventFilters, listEvents, listEventsPage } from './operations/events.js';
import { type CreateExportInput, createExport, getExport } from './operations/exports.js';
import {
  createExtraction,
  type ExtractionListFilters,
  type ExtractionTarget,
  getExtraction,
  type InvoiceExtractionOptions,
  listExtractions,
  stopExtraction,
} from './operations/extractions.js';
import { getFile } from './operations/files.js';
import type { InvoiceFilters } from './operations/invoice-filters.js';
import { getInvoice, listEntityInvoices } from './operations/invoices.js';
import {
  type CreateWebhookEndpointInput,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
} from './operations/webhook-endpoints.js';
import type { CollectionPage } from './paginate.js';
import type { SatwsCredential } from './schemas/credential.js';
import type { SatwsEntity } from './schemas/entity.js';
import type { SatwsEvent } from './schemas/event.js';
import type { SatwsExport } from './schemas/export.js';
import type { SatwsExtraction } from './schemas/extraction.js';
import type { SatwsFile } from './schemas/file.js';
import type { SatwsInvoice } from './schemas/invoice.js';
import type {
  SatwsCreatedWebhookEndpoint,
  SatwsWebhookEndpoint,
} from './schemas/webhook-endpoint.js';
import { SatwsTransport } from './transport.js';

type Pages<T> = AsyncGenerator<T[], void, undefined>;

/**
 * The typed SAT.ws / Syntage client. Every failure is an AppError (`retryable`, `code`,
 * `status`, `requestId`, `retryAfterMs` on 429); bad arguments fail before any call.
 */
export class SatwsClient {
  readonly #transport: SatwsTransport;

  constructor(options: SatwsClientOptions) {
    this.#transport = new SatwsTransport(resolveClientOptions(options));
  }

  findEntityByRfc(rfc: string): Promise<SatwsEntity | undefined> {
    return findEntityByRfc(this.#transport, rfc);
  }
  getEntity(entityId: string): Promise<SatwsEntity> {
    return getEntity(this.#transport, entityId);
  }
  createCiecCredential(input: CreateCiecCredentialInput): Promise<SatwsCredential> {
    return createCiecCredential(this.#transport, input);
  }
  getCredential(credentialId: string): Promise<SatwsCredential> {
    return getCredential(this.#transport, credentialId);
  }
  createExtraction(
    target: ExtractionTarget,
    options?: InvoiceExtractionOptions,
  ): Promise<SatwsExtraction> {
    return createExtraction(this.#transport, target, options);
  }
  getExtraction(extractionId: string): Promise<SatwsExtraction> {
    return getExtraction(this.#transport, extractionId);
  }
  listExtractions(filters?: ExtractionListFilters): Pages<SatwsExtraction> {
    return listExtractions(this.#transport, filters);
  }
  stopExtraction(extractionId: string): Promise<void> {
    return stopExtraction(this.#transport, extractionId);
  }
  listEntityInvoices(entityId: string, filters?: InvoiceFilters): Pages<SatwsInvoice> {
    return listEntityInvoices(this.#transport, entityId, filters);
  }
  getInvoice(invoiceId: string): Promise<SatwsInvoice> {
    return getInvoice(this.#transport, invoiceId);
  }
  downloadCfdi(invoiceId: string, format: CfdiFormat): Promise<SatwsDownload> {
    return downloadCfdi(this.#transport, invoiceId, format);
  }
  getFile(fileId: string): Promise<SatwsFile> {
    return getFile(this.#transport, fileId);
  }
  downloadFile(fileId: string): Promise<SatwsDownload> {
    return downloadFile(this.#transport, fileId);
  }
  createExport(input: CreateExportInput): Promise<SatwsExport> {
    return createExport(this.#transport, input);
  }
  getExport(exportId: string): Promise<SatwsExport> {
    return getExport(this.#transport, exportId);
  }
  listEvents(filters?: EventFilters): Pages<SatwsEvent> {
    return listEvents(this.#transport, filters);
  }
  listEventsPage(
    from: { filters: EventFilters } | { cursor: string },
  ): Promise<CollectionPage<SatwsEvent>> {
    return listEventsPage(this.#transport, from);
  }
  createWebhookEndpoint(input: CreateWebhookEndpointInput): Promise<SatwsCreatedWebhookEndpoint> {
    return createWebhookEndpoint(this.#transport, input);
  }
  listWebhookEndpoints(): Promise<SatwsWebhookEndpoint[]> {
    return listWebhookEndpoints(this.#transport);
  }
  deleteWebhookEndpoint(endpointId: string): Promise<void> {
    return deleteWebhookEndpoint(this.#transport, endpointId);
  }
}

export function createSatwsClient(options: SatwsClientOptions): SatwsClient {
  return new SatwsClient(options);
}
