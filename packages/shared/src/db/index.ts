export {
  type CompanyRow,
  CREDENTIAL_STATUSES,
  type CredentialStatus,
  getCompany,
  getCompanyByEntityId,
  getCompanyByRfc,
  setCompanyCredentialStatus,
  setCompanyEntityId,
  upsertCompany,
} from './companies.js';
export {
  addDispatchedXml,
  BUDGET_TIME_ZONE,
  type BudgetWait,
  mexicoCityDay,
  recordBudgetWaits,
} from './dispatch-budget.js';
export {
  type ClaimedFile,
  type ClaimFilesOptions,
  claimDispatchFiles,
  type TurnAllowance,
} from './dispatch-claims.js';
export {
  type DispatchTurn,
  dispatchableExtraction,
  endDispatchTurns,
  ensureDispatchTurns,
  lockDispatchTurns,
} from './dispatch-turns.js';
export {
  appendExtractionEvent,
  type ExtractionEventRow,
  listExtractionEvents,
} from './extraction-events.js';
export {
  type ArchivedZip,
  type EntryCounts,
  type EntryName,
  type ExportEntryFile,
  type ExportState,
  type ExtractionExportRow,
  ensureExtractionExport,
  getExtractionExport,
  getExtractionExportBySatwsId,
  handExportBackToFiles,
  listExportEntryFiles,
  markExportFailed,
  recordExportArchived,
  recordExportRequested,
  recordExportStatus,
  recordUnpackProgress,
  type SatwsExportObservation,
  type SatwsExportState,
} from './extraction-exports.js';
export {
  type ExtractionFileCounts,
  getExtractionFileCounts,
  linkInvoicesToExtraction,
  listExtractionInvoices,
} from './extraction-invoices.js';
export {
  getUpstreamAttempts,
  type Requeue,
  requeueExtraction,
  scheduleFollowUpExtraction,
} from './extraction-retries.js';
export {
  CFDI_TYPES,
  type CfdiType,
  DOWNLOAD_MODES,
  type DownloadMode,
  EXTRACTION_STATUSES,
  type ExtractionRecord,
  type ExtractionRow,
  type ExtractionStatus,
  SATWS_EXTRACTION_STATUSES,
  type SatwsExtractionStatus,
  UNFINISHED_EXTRACTION_STATUSES,
} from './extraction-row.js';
export {
  completeExtractionIfSettled,
  type ExtractionPatch,
  failExtraction,
  isAllowedTransition,
  listOverdueExtractions,
  markExtractionListed,
  recordSatwsStatus,
  type SatwsStatusUpdate,
  setExtractionDeadline,
  transitionExtraction,
} from './extraction-transitions.js';
export {
  type CreateOrFindResult,
  createOrFindExtraction,
  findInFlightExtraction,
  getExtraction,
  getExtractionByIdempotencyKey,
  getExtractionBySatwsId,
  insertExtraction,
  type ListExtractionsOptions,
  listExtractions,
  type NewExtraction,
} from './extractions.js';
export { MAX_PAGE_LIMIT } from './invalid-input.js';
export {
  ensureInvoiceFiles,
  type FileToEnsure,
  getInvoiceFile,
  getInvoiceFileDownload,
  type InvoiceFileDownload,
  type InvoiceFileKind,
  type InvoiceFileRow,
  type InvoiceFileState,
  markInvoiceFileFailed,
  markInvoiceFileMissing,
  markInvoiceFileStored,
  type StoredObject,
} from './invoice-files.js';
export {
  getInvoice,
  getInvoiceByUuid,
  type InvoiceDirection,
  type InvoiceInput,
  type InvoiceRow,
  type InvoiceStatus,
  MAX_INVOICES_PER_UPSERT,
  upsertInvoices,
} from './invoices.js';
export {
  DEFAULT_MIGRATIONS_DIRECTORY,
  type MigrateOptions,
  type MigrationFile,
  migrate,
  readMigrations,
} from './migrate.js';
export { type MigrateDatabaseResult, migrateDatabase } from './migrate-database.js';
export { createPool, type PoolOptions } from './pool.js';
export type { Queryable } from './queryable.js';
export {
  listDueQueuedExtractionIds,
  listExportDownloadIds,
  listExtractionsMissingXml,
  listOverduePolls,
  listPendingFileIds,
  listUnlistedExtractionIds,
  listUnprocessedInboxEventIds,
  type SweepOptions,
} from './reconcile-sweeps.js';
export { advanceEventsCursor, getEventsCursor } from './reconciler-state.js';
export { withTransaction } from './transaction.js';
export {
  addUpstreamCalls,
  listUpstreamCalls,
  sumUpstreamCallsByEndpoint,
  type UpstreamCallIncrement,
  type UpstreamCallRow,
  type UpstreamCallTotal,
} from './upstream-calls.js';
export {
  getInboxEvent,
  type InboxDelivery,
  type InboxEvent,
  type InboxOutcome,
  insertInboxDeliveries,
  insertInboxEvent,
  insertInboxEvents,
  listUnprocessedInboxEvents,
  markInboxEventProcessed,
  type SignatureVerdict,
  type StoredDelivery,
  type WebhookInboxRow,
} from './webhook-inbox.js';
