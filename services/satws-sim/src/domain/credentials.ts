import type { SimCore } from '../core/sim-core.js';
import { RFC_PATTERN } from '../data/rfc.js';
import { InputError } from '../http/input-error.js';
import { credentialResource } from '../resources/credential.js';
import { taxpayerRefOf } from '../resources/taxpayer.js';
import type { CredentialRecord, CredentialStatus } from '../state/types.js';
import { publishEvent } from './events.js';
import { resumeExtractionsFor } from './extractions/extraction-runner.js';
import { linkEntity } from './linking.js';
import { ensureSatTaxpayer } from './taxpayers.js';

interface CiecInput {
  rfc: string;
  password: string;
}

/**
 * `POST /credentials`: 202 with a `pending` credential; SAT "validates" it after the configured
 * delay (the password must match the seeded `ciecPassword` when one was set), then
 * `credential.updated`, and for a valid one the entity and `link.created`.
 */
export function createCredential(core: SimCore, body: unknown): CredentialRecord {
  const input = parseCiec(body);
  const now = core.clock.now();
  const credential: CredentialRecord = {
    id: core.ids.next(),
    type: 'ciec',
    rfc: input.rfc,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
  };
  core.store.credentials.set(credential.id, credential);
  const taxpayer = ensureSatTaxpayer(core, input.rfc);
  publishEvent(core, {
    type: 'credential.created',
    taxpayer: taxpayerRefOf(taxpayer),
    resource: `/credentials/${credential.id}`,
    object: credentialResource(credential),
  });
  core.scheduler.after(core.settings.timings.credentialValidationMs, () => {
    const accepted =
      taxpayer.ciecPassword === undefined || taxpayer.ciecPassword === input.password;
    setCredentialStatus(core, credential, accepted ? 'valid' : 'invalid');
  });
  return credential;
}

export function setCredentialStatus(
  core: SimCore,
  credential: CredentialRecord,
  status: CredentialStatus,
): void {
  if (!core.store.credentials.has(credential.id) || credential.status === status) return;
  const old = credential.status;
  credential.status = status;
  credential.updatedAt = core.clock.now();
  const taxpayer = ensureSatTaxpayer(core, credential.rfc);
  publishEvent(core, {
    type: 'credential.updated',
    taxpayer: taxpayerRefOf(taxpayer),
    resource: `/credentials/${credential.id}`,
    object: credentialResource(credential),
    changes: { status: { old, new: status } },
  });
  if (status === 'valid') {
    linkEntity(core, credential);
    resumeExtractionsFor(core, credential.rfc);
  }
}

function parseCiec(body: unknown): CiecInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw InputError.field('body', 'The request body must be a JSON object.');
  }
  const { type, rfc, password } = body as Record<string, unknown>;
  const violations: Array<{ propertyPath: string; message: string }> = [];
  if (type === 'efirma') {
    violations.push({
      propertyPath: 'type',
      message: 'The simulator validates CIEC credentials only; e.firma is not simulated.',
    });
  } else if (type !== 'ciec') {
    violations.push({
      propertyPath: 'type',
      message: 'The value you selected is not a valid choice.',
    });
  }
  if (typeof rfc !== 'string' || !RFC_PATTERN.test(rfc)) {
    violations.push({
      propertyPath: 'rfc',
      message: 'This value is not a valid RFC (12 or 13 characters, e.g. EKU9003173C9).',
    });
  }
  if (typeof password !== 'string' || password.length < 8) {
    violations.push({
      propertyPath: 'password',
      message: 'This value is too short. It should have 8 characters or more.',
    });
  }
  if (violations.length > 0)
    throw new InputError(
      violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      violations,
    );
  return { rfc: rfc as string, password: password as string };
}
