import { AppError } from '../errors/index.js';
import { parseResponse } from './parse-response.js';
import { eventSchema, type SatwsEvent } from './schemas/event.js';

const ENDPOINT = 'webhook delivery';

/**
 * The event in a delivery whose signature was already verified. Throws a non-retryable
 * AppError naming what is missing; unknown keys are kept.
 */
export function parseWebhookEvent(rawBody: Buffer | string): SatwsEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch (error) {
    throw new AppError('SAT.ws webhook delivery is not JSON', {
      code: 'satws_invalid_event',
      retryable: false,
      cause: error,
    });
  }
  try {
    return parseResponse(eventSchema, json, { endpoint: ENDPOINT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(message, { code: 'satws_invalid_event', retryable: false, cause: error });
  }
}
