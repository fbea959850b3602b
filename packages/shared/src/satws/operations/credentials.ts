import { z } from 'zod';
import { credentialSchema, type SatwsCredential } from '../schemas/credential.js';
import type { SatwsTransport } from '../transport.js';
import { normalizeRfc, parseInput, pathId } from '../validate-input.js';
import { requestResource } from './resource.js';

export interface CreateCiecCredentialInput {
  rfc: string;
  /** The taxpayer's CIEC; sent once, never logged. */
  password: string;
}

const ciecSchema = z.object({
  rfc: z.string(),
  password: z.string().min(8, 'a CIEC has at least 8 characters'),
});

/** 202 with the credential `pending`; SAT validates it in 10–20 s (satws-api.md §4). */
export async function createCiecCredential(
  transport: SatwsTransport,
  input: CreateCiecCredentialInput,
): Promise<SatwsCredential> {
  const { password } = parseInput('createCiecCredential', ciecSchema, input);
  const rfc = normalizeRfc('createCiecCredential', input.rfc);
  const body = { type: 'ciec', rfc, password };
  return requestResource(
    transport,
    'POST',
    'POST /credentials',
    '/credentials',
    credentialSchema,
    body,
  );
}

export async function getCredential(
  transport: SatwsTransport,
  credentialId: string,
): Promise<SatwsCredential> {
  const id = pathId('getCredential', 'credentialId', credentialId);
  return requestResource(
    transport,
    'GET',
    'GET /credentials/{id}',
    `/credentials/${id}`,
    credentialSchema,
  );
}
