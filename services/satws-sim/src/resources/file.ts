import { isoAt } from '../core/clock.js';
import type { FileRecord } from '../state/types.js';

export function fileResource(file: FileRecord): Record<string, unknown> {
  return {
    '@id': `/files/${file.id}`,
    '@type': 'File',
    id: file.id,
    type: file.type,
    resource: file.resource,
    mimeType: file.mimeType,
    extension: file.extension,
    size: file.size,
    filename: file.filename,
    createdAt: isoAt(file.createdAt),
    updatedAt: isoAt(file.updatedAt),
  };
}
