import { paginate } from '../paginate.js';
import { withQuery } from '../query.js';
import { entitySchema, type SatwsEntity } from '../schemas/entity.js';
import type { SatwsTransport } from '../transport.js';
import { MAX_ITEMS_PER_PAGE, normalizeRfc, pathId } from '../validate-input.js';
import { requestResource } from './resource.js';

/**
 * `taxpayer.id` is a PARTIAL match upstream (satws-api.md §4): `EKU9003173C9` would also list
 * `XEKU9003173C9A`, so the RFC is compared exactly here.
 */
export async function findEntityByRfc(
  transport: SatwsTransport,
  rfc: string,
): Promise<SatwsEntity | undefined> {
  const wanted = normalizeRfc('findEntityByRfc', rfc);
  const path = withQuery('/entities', { 'taxpayer.id': wanted, itemsPerPage: MAX_ITEMS_PER_PAGE });
  for await (const page of paginate(transport, 'GET /entities', path, entitySchema)) {
    const match = page.find((entity) => entity.taxpayer.id.trim().toUpperCase() === wanted);
    if (match) return match;
  }
  return undefined;
}

export async function getEntity(transport: SatwsTransport, entityId: string): Promise<SatwsEntity> {
  const id = pathId('getEntity', 'entityId', entityId);
  return requestResource(transport, 'GET', 'GET /entities/{id}', `/entities/${id}`, entitySchema);
}
