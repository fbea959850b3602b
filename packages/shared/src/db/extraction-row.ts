import { columnList } from './column-list.js';

export const EXTRACTION_STATUSES = [
  'queued',
  'requested',
  'extracting',
  'downloading',
  'completed',
  'failed',
] as const;
export type ExtractionStatus = (typeof EXTRACTION_STATUSES)[number];

export const UNFINISHED_EXTRACTION_STATUSES = [
  'queued',
  'requested',
  'extracting',
  'downloading',
] as const satisfies readonly ExtractionStatus[];

export const SATWS_EXTRACTION_STATUSES = [
  'pending',
  'waiting',
  'running',
  'finished',
  'failed',
  'stopping',
  'stopped',
  'cancelled',
] as const;
export type SatwsExtractionStatus = (typeof SATWS_EXTRACTION_STATUSES)[number];

/** How an extraction's files are fetched: one call per file, or one export ZIP. */
export const DOWNLOAD_MODES = ['files', 'export'] as const;
export type DownloadMode = (typeof DOWNLOAD_MODES)[number];

export const CFDI_TYPES = ['I', 'E', 'P', 'N', 'T'] as const;
export type CfdiType = (typeof CFDI_TYPES)[number];

/** Mirrors the `extractions` table. Dates of the period are `YYYY-MM-DD` text. */
export interface ExtractionRow {
  id: string;
  company_id: string;
  status: ExtractionStatus;
  satws_extraction_id: string | null;
  satws_status: SatwsExtractionStatus | null;
  satws_status_at: Date | null;
  period_from: string;
  period_to: string;
  issued: boolean;
  received: boolean;
  cfdi_types: CfdiType[];
  want_xml: boolean;
  want_pdf: boolean;
  idempotency_key: string | null;
  request_fingerprint: string;
  deadline_at: Date | null;
  request_attempts: number;
  poll_attempts: number;
  satws_created_data_points: number | null;
  satws_updated_data_points: number | null;
  listed_at: Date | null;
  /** `files`: one call per file; `export`: one export ZIP (set when the listing is done). */
  download_mode: DownloadMode;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  requested_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
}

/** An extraction with its company's RFC, as reads return it for the API. */
export interface ExtractionRecord extends ExtractionRow {
  rfc: string;
}

const COLUMNS = [
  'id',
  'company_id',
  'status',
  'satws_extraction_id',
  'satws_status',
  'satws_status_at',
  'period_from',
  'period_to',
  'issued',
  'received',
  'cfdi_types',
  'want_xml',
  'want_pdf',
  'idempotency_key',
  'request_fingerprint',
  'deadline_at',
  'request_attempts',
  'poll_attempts',
  'satws_created_data_points',
  'satws_updated_data_points',
  'listed_at',
  'download_mode',
  'error_code',
  'error_message',
  'created_at',
  'requested_at',
  'completed_at',
  'updated_at',
] as const;
const DATES = ['period_from', 'period_to'];

export function extractionColumns(alias?: string): string {
  return columnList(COLUMNS, { alias, dates: DATES });
}
