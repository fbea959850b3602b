import { isoAt } from '../core/clock.js';
import type { SimCore } from '../core/sim-core.js';
import type { EntityRecord } from '../state/types.js';
import { credentialResource } from './credential.js';
import { taxpayerRefOf, taxpayerResource } from './taxpayer.js';

/** Entities keep the legacy JSON-LD type `Link` (OAS Entity schema). */
export function entityResource(core: SimCore, entity: EntityRecord): Record<string, unknown> {
  const taxpayer = core.store.sat.get(entity.rfc);
  const credential = entity.credentialId
    ? core.store.credentials.get(entity.credentialId)
    : undefined;
  return {
    '@id': `/entities/${entity.id}`,
    '@type': 'Link',
    id: entity.id,
    type: entity.type,
    taxpayer: taxpayer
      ? taxpayerResource(taxpayerRefOf(taxpayer))
      : { '@id': `/taxpayers/${entity.rfc}`, id: entity.rfc },
    ...(credential ? { credential: credentialResource(credential) } : {}),
    tags: [],
    createdAt: isoAt(entity.createdAt),
    updatedAt: isoAt(entity.updatedAt),
  };
}
