import { fileSchema, type SatwsFile } from '../schemas/file.js';
import type { SatwsTransport } from '../transport.js';
import { pathId } from '../validate-input.js';
import { requestResource } from './resource.js';

export async function getFile(transport: SatwsTransport, fileId: string): Promise<SatwsFile> {
  const id = pathId('getFile', 'fileId', fileId);
  return requestResource(transport, 'GET', 'GET /files/{id}', `/files/${id}`, fileSchema);
}
