import { AppError } from '../errors/index.js';

/**
 * Every CFDI check failure is permanent: downloading the same bytes again yields the same
 * document, so retrying cannot help and the file is failed for a person to look at.
 */
export function cfdiMalformed(message: string, cause?: unknown): AppError {
  return new AppError(`CFDI XML is not usable: ${message}`, {
    code: 'cfdi_malformed',
    retryable: false,
    cause,
  });
}

export function cfdiNotStamped(): AppError {
  return new AppError(
    'CFDI XML has no TimbreFiscalDigital in the Complemento of its root: it was never stamped',
    { code: 'cfdi_not_stamped', retryable: false },
  );
}

export function cfdiUuidMismatch(expected: string, found: string): AppError {
  return new AppError(`CFDI XML is stamped with UUID ${found}, expected ${expected}`, {
    code: 'cfdi_uuid_mismatch',
    retryable: false,
  });
}

export function cfdiInvalidUuid(value: string): AppError {
  return new AppError(
    `Expected CFDI UUID ${JSON.stringify(value)} is not a UUID (8-4-4-4-12 hexadecimal digits)`,
    { code: 'cfdi_invalid_uuid', retryable: false },
  );
}
