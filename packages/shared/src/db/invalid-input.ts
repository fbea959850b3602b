import { AppError } from '../errors/index.js';

/** Input a caller should not have sent: nothing was changed, retrying the same cannot help. */
export function invalidInput(message: string): AppError {
  return new AppError(message, { code: 'INVALID_INPUT', retryable: false, status: 400 });
}

export const MAX_PAGE_LIMIT = 1000;

export function assertPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw invalidInput(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
  }
}
