import {
  appendExtractionEvent,
  type ExtractionExportRow,
  type ExtractionRecord,
  getExtractionExport,
  recordExportRequested,
  recordExportStatus,
  type SatwsExportState,
} from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import {
  type EXPORT_FILE_TYPES,
  invoiceExportUri,
  parseSatwsTime,
  type SatwsExport,
} from '@invoice-extractor/shared/satws';
import type { DownloaderDeps } from '../downloader-deps.js';
import { resolveEntityId } from '../listing/entity-id.js';
import { listingFilters } from '../listing/listing-scope.js';

export type RequestExportDeps = Pick<DownloaderDeps, 'pool' | 'satws'>;

export interface ExportStatus {
  status: SatwsExportState;
  fileId: string | null;
}

function fileTypesOf(extraction: ExtractionRecord): (typeof EXPORT_FILE_TYPES)[number][] {
  const types: (typeof EXPORT_FILE_TYPES)[number][] = [];
  if (extraction.want_xml) types.push('invoice.cfdi.xml');
  if (extraction.want_pdf) types.push('invoice.cfdi.pdf');
  return types;
}

function observation(satws: SatwsExport) {
  return {
    status: satws.status,
    observedAt: parseSatwsTime(satws.updatedAt) ?? new Date(),
    fileId: satws.file?.id ?? null,
  };
}

/**
 * `POST /exports` with the listing's own filters (so the ZIP holds the invoices we listed, and
 * perhaps more of other types, which are ignored) and the file types the extraction wants; the
 * export's id is kept at once, so a re-run waits for the same export instead of asking again.
 * An index is part of every such ZIP; JSON is the cheapest one for SAT.ws to build.
 */
export async function requestExport(
  deps: RequestExportDeps,
  extraction: ExtractionRecord,
): Promise<ExtractionExportRow> {
  const entityId = await resolveEntityId(deps, extraction);
  const { itemsPerPage: _perPage, ...filters } = listingFilters(extraction);
  const created = await deps.satws.createExport({
    format: 'json',
    uri: invoiceExportUri(entityId, filters),
    fileTypes: fileTypesOf(extraction),
  });
  const recorded = await recordExportRequested(
    deps.pool,
    extraction.id,
    created.id,
    observation(created),
  );
  await appendExtractionEvent(deps.pool, extraction.id, 'export.requested', {
    exportId: created.id,
    satwsStatus: created.status,
  });
  const row = recorded ?? (await getExtractionExport(deps.pool, extraction.id));
  if (!row) throw new Error(`export row of extraction ${extraction.id} vanished`);
  return row;
}

/**
 * Where the export stands: what the row already says when that is final (an `export.updated`
 * webhook recorded it), else `GET /exports/{id}`, recorded for the next look.
 */
export async function currentExportStatus(
  deps: RequestExportDeps,
  row: ExtractionExportRow,
): Promise<ExportStatus> {
  if (row.satws_status === 'failed' || (row.satws_status === 'finished' && row.satws_file_id)) {
    return { status: row.satws_status, fileId: row.satws_file_id };
  }
  const exportId = row.satws_export_id;
  if (!exportId) throw new Error(`export of extraction ${row.extraction_id} has no SAT.ws id`);
  const current = await deps.satws.getExport(exportId);
  const seen = observation(current);
  await recordExportStatus(deps.pool, exportId, seen);
  if (seen.status === 'finished' && !seen.fileId) {
    // Nothing to download yet; SAT.ws should attach the file with the status.
    throw new AppError(`SAT.ws export ${exportId} is finished but names no file`, {
      code: 'export_file_missing',
      retryable: true,
    });
  }
  return { status: seen.status, fileId: seen.fileId };
}
