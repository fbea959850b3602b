export { attributeCalls, attributedExtractionId } from './call-attribution.js';
export { CallLedger, type CallLedgerOptions, createCallLedger } from './call-ledger.js';
export type { SatwsBudget, SatwsCall, SatwsClientOptions } from './client-options.js';
export type { CfdiFormat, SatwsDownload } from './download.js';
export type { HeaderBag } from './header-bag.js';
export type { CreateCiecCredentialInput } from './operations/credentials.js';
export type { EventFilters } from './operations/events.js';
export {
  type CreateExportInput,
  EXPORT_FILE_TYPES,
  invoiceExportUri,
} from './operations/exports.js';
export type {
  ExtractionListFilters,
  ExtractionTarget,
  InvoiceExtractionOptions,
} from './operations/extractions.js';
export {
  INVOICE_TYPES,
  type InvoiceFilters,
  type InvoiceType,
} from './operations/invoice-filters.js';
export type { CreateWebhookEndpointInput } from './operations/webhook-endpoints.js';
export type { CollectionPage } from './paginate.js';
export { createSatwsClient, SatwsClient } from './satws-client.js';
export { isSatwsConflict, SatwsConflictError } from './satws-error.js';
export { parseSatwsTime } from './satws-time.js';
export {
  CREDENTIAL_STATUSES,
  credentialSchema,
  type SatwsCredential,
  type SatwsCredentialStatus,
} from './schemas/credential.js';
export { entitySchema, type SatwsEntity } from './schemas/entity.js';
export { eventSchema, type SatwsEvent } from './schemas/event.js';
export {
  EXPORT_STATUSES,
  exportSchema,
  type SatwsExport,
  type SatwsExportStatus,
} from './schemas/export.js';
export {
  EXTRACTION_STATUSES,
  extractionSchema,
  type SatwsExtraction,
  type SatwsExtractionStatus,
  TERMINAL_EXTRACTION_STATUSES,
} from './schemas/extraction.js';
export { fileSchema, type SatwsFile } from './schemas/file.js';
export { invoiceSchema, type SatwsInvoice } from './schemas/invoice.js';
export {
  type SatwsCreatedWebhookEndpoint,
  type SatwsWebhookEndpoint,
  webhookEndpointSchema,
} from './schemas/webhook-endpoint.js';
export {
  contentDigest,
  contentDigestMatches,
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADERS,
  type SignatureHeader,
  signWebhook,
  type VerifyWebhookInput,
  verifyWebhookSignature,
  type WebhookRejectReason,
  type WebhookVerification,
} from './signature.js';
export { parseWebhookEvent } from './webhook-event.js';
