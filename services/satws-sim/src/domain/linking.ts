import type { SimCore } from '../core/sim-core.js';
import { entityResource } from '../resources/entity.js';
import { taxpayerRefOf } from '../resources/taxpayer.js';
import type { CredentialRecord, EntityRecord } from '../state/types.js';
import { publishEvent } from './events.js';
import { ensureSatTaxpayer } from './taxpayers.js';

/**
 * Attaches a valid credential to the RFC's entity, creating the entity ("link") when it does
 * not exist yet (satws-api.md §4). Emits `link.created` / `link.updated` unless `quiet` (seeding
 * describes a past that produced no events).
 */
export function linkEntity(
  core: SimCore,
  credential: CredentialRecord,
  quiet = false,
): EntityRecord {
  const taxpayer = ensureSatTaxpayer(core, credential.rfc);
  const now = core.clock.now();
  const existing = core.store.entityByRfc(credential.rfc);
  if (existing) {
    const before = existing.credentialId;
    existing.credentialId = credential.id;
    existing.updatedAt = now;
    if (!quiet && before !== credential.id) {
      publishEvent(core, {
        type: 'link.updated',
        taxpayer: taxpayerRefOf(taxpayer),
        resource: `/entities/${existing.id}`,
        object: entityResource(core, existing),
        changes: {
          credential: {
            old: before ? `/credentials/${before}` : null,
            new: `/credentials/${credential.id}`,
          },
        },
      });
    }
    return existing;
  }
  const entity: EntityRecord = {
    id: core.ids.next(),
    rfc: credential.rfc,
    type: taxpayer.personType === 'legal' ? 'company' : 'person',
    credentialId: credential.id,
    createdAt: now,
    updatedAt: now,
  };
  core.store.entities.set(entity.id, entity);
  if (!quiet) {
    publishEvent(core, {
      type: 'link.created',
      taxpayer: taxpayerRefOf(taxpayer),
      source: `/credentials/${credential.id}`,
      resource: `/entities/${entity.id}`,
      object: entityResource(core, entity),
    });
  }
  return entity;
}

export function newValidCredential(core: SimCore, rfc: string): CredentialRecord {
  const now = core.clock.now();
  const credential: CredentialRecord = {
    id: core.ids.next(),
    type: 'ciec',
    rfc,
    status: 'valid',
    createdAt: now,
    updatedAt: now,
  };
  core.store.credentials.set(credential.id, credential);
  return credential;
}
