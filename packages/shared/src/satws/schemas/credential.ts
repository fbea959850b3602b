import { z } from 'zod';
import { optionalTimestamp, requiredId } from './common.js';

/** `deactivated` is legacy but still stored on old records (satws-api.md §4). */
export const CREDENTIAL_STATUSES = [
  'waiting',
  'pending',
  'valid',
  'invalid',
  'disabled',
  'deactivated',
  'error',
] as const;
export type SatwsCredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

export const credentialSchema = z.looseObject({
  id: requiredId,
  type: z.string().nullish(),
  rfc: z.string().nullish(),
  status: z.enum(CREDENTIAL_STATUSES),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsCredential = z.output<typeof credentialSchema>;
