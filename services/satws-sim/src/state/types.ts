import type { SatInvoice } from '../data/sat-types.js';

/** What the simulated Syntage holds. Times are epoch milliseconds of the simulated clock. */
export type CredentialStatus =
  | 'waiting'
  | 'pending'
  | 'valid'
  | 'invalid'
  | 'disabled'
  | 'deactivated'
  | 'error';

export interface CredentialRecord {
  id: string;
  type: 'ciec';
  rfc: string;
  status: CredentialStatus;
  createdAt: number;
  updatedAt: number;
}

export interface EntityRecord {
  id: string;
  rfc: string;
  type: 'company' | 'person';
  credentialId: string | null;
  createdAt: number;
  updatedAt: number;
}

export const TERMINAL_EXTRACTION_STATUSES = ['finished', 'failed', 'stopped', 'cancelled'] as const;
export type ExtractionStatus =
  | 'pending'
  | 'waiting'
  | 'running'
  | 'stopping'
  | (typeof TERMINAL_EXTRACTION_STATUSES)[number];
export type ExtractionErrorCode =
  | 'invalid_credentials'
  | 'login_failed'
  | 'unrecoverable'
  | 'sat_unavailable'
  | 'internal_error'
  | 'undefined';

export interface InvoiceOptions {
  types: string[];
  fromMs: number;
  toMs: number;
  issued: boolean;
  received: boolean;
  xml: boolean;
  pdf: boolean;
}

export interface ExtractionRecord {
  id: string;
  rfc: string;
  extractor: string;
  /** The options exactly as sent, echoed back by the API. */
  options: Record<string, unknown>;
  /** Canonical JSON of (rfc, extractor, options): equal keys are "equivalent" for the 409. */
  equivalenceKey: string;
  effective: InvoiceOptions | null;
  status: ExtractionStatus;
  /** Why a `waiting` extraction waits: a credential that is not valid yet, or an injected incident. */
  waitingFor: 'credential' | 'incident' | null;
  startedAt: number | null;
  finishedAt: number | null;
  rateLimitedAt: number | null;
  errorCode: ExtractionErrorCode | null;
  createdDataPoints: number;
  updatedDataPoints: number;
  createdAt: number;
  updatedAt: number;
}

export interface InvoiceRecord {
  id: string;
  rfc: string;
  sat: SatInvoice;
  status: 'VIGENTE' | 'CANCELADO';
  canceledAt: string | null;
  xmlFileId: string | null;
  pdfFileId: string | null;
  createdAt: number;
  updatedAt: number;
}

export type FileSource =
  | { kind: 'cfdi'; invoiceId: string; format: 'xml' | 'pdf' }
  | { kind: 'export'; exportId: string };

export interface FileRecord {
  id: string;
  type: string;
  resource: string;
  mimeType: string;
  extension: string;
  size: number;
  filename: string;
  source: FileSource;
  createdAt: number;
  updatedAt: number;
}

export interface ZipEntrySpec {
  name: string;
  invoiceId: string;
  format: 'xml' | 'pdf';
  size: number;
  /** The `export-entries` fault: one byte flipped after the CRC-32 was computed. */
  damaged?: boolean;
}

/** What a finished export serves, frozen when it finished so every download has the same bytes. */
export interface ExportArtifact {
  index: Buffer;
  indexName: string;
  entries: ZipEntrySpec[];
  mtime: Date;
}

export interface ExportRecord {
  id: string;
  format: 'csv' | 'json' | 'xlsx';
  fileTypes: string[] | null;
  uri: string;
  rfc: string;
  status: 'pending' | 'running' | 'finished' | 'failed';
  artifact: ExportArtifact | null;
  fileId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface TaxpayerRef {
  rfc: string;
  name: string;
  personType: 'legal' | 'physical';
  registrationDate: string;
}

export interface EventRecord {
  id: string;
  type: string;
  taxpayer: TaxpayerRef | null;
  source: string | null;
  resource: string;
  object: Record<string, unknown>;
  changes: Record<string, { old: unknown; new: unknown }>;
  createdAt: number;
}

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  signingSecret: string;
  events: string[];
  enabled: boolean;
  contentType: 'application/ld+json' | 'application/json';
  createdAt: number;
  updatedAt: number;
}

export interface WebhookRequestRecord {
  id: string;
  endpointId: string;
  url: string;
  eventId: string;
  eventType: string;
  eventSource: string | null;
  eventResource: string;
  attempt: number;
  /** 0 when no response arrived: timeout, refused or reset connection, or a dropped delivery. */
  responseStatusCode: number;
  responseTime: number;
  createdAt: number;
  updatedAt: number;
}
