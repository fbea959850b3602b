import { isoAt } from '../core/clock.js';
import type { SimCore } from '../core/sim-core.js';
import type { ExportRecord } from '../state/types.js';
import { fileResource } from './file.js';

/** `file` is null until the export finishes (satws-api.md §7.3). */
export function exportResource(core: SimCore, record: ExportRecord): Record<string, unknown> {
  const file = record.fileId ? core.store.files.get(record.fileId) : undefined;
  return {
    '@id': `/exports/${record.id}`,
    '@type': 'Export',
    id: record.id,
    format: record.format,
    ...(record.fileTypes ? { fileTypes: record.fileTypes } : {}),
    uri: record.uri,
    status: record.status,
    file: file ? fileResource(file) : null,
    createdAt: isoAt(record.createdAt),
    updatedAt: isoAt(record.updatedAt),
  };
}
