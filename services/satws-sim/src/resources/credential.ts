import { isoAt } from '../core/clock.js';
import type { CredentialRecord } from '../state/types.js';

export function credentialResource(credential: CredentialRecord): Record<string, unknown> {
  return {
    '@id': `/credentials/${credential.id}`,
    '@type': 'Credential',
    id: credential.id,
    type: credential.type,
    rfc: credential.rfc,
    status: credential.status,
    createdAt: isoAt(credential.createdAt),
    updatedAt: isoAt(credential.updatedAt),
  };
}
