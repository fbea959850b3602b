export { type DownloaderConfig, parseDownloaderConfig } from './config.js';
export type { DownloaderDeps, S3Target } from './downloader-deps.js';
export { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from './exports/export-settings.js';
export {
  type ExportDownloadDeps,
  type ExportDownloadResult,
  processExportDownload,
} from './exports/process-export-download.js';
export { objectKey } from './files/object-key.js';
export {
  type FileDownloadDeps,
  type FileDownloadResult,
  failAbandonedFile,
  fileObjectKey,
  processFileDownload,
} from './files/process-file-download.js';
export type { JobLike } from './jobs/job-like.js';
export {
  type InvoiceListingDeps,
  type InvoiceListingResult,
  LISTING_FAILED,
  processInvoiceListing,
} from './listing/process-invoice-listing.js';
export {
  FILES_FAILED,
  type SettledExtraction,
  settleExtraction,
} from './settlement/settle-extraction.js';
export { type RunningDownloader, startDownloader } from './start-downloader.js';
