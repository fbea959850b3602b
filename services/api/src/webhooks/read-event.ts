import { parseWebhookEvent } from '@invoice-extractor/shared/satws';
import { ApiError } from '../http/api-error.js';
import { isActionableEventType } from './event-types.js';

export interface EventHead {
  id: string;
  type: string;
  /** `extraction.updated` and the like: what gets a job (see event-types.ts). */
  actionable: boolean;
}

/** The job catalog's event id: the id becomes a BullMQ job id. */
const EVENT_ID = /^[!-~]{1,200}$/;

function malformed(reason: string): ApiError {
  return new ApiError('malformed_webhook', `Webhook body is not a SAT.ws event: ${reason}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse and the fields every event has; the rest of the body is stored as received. */
function readHead(text: string): { id: string; type: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformed(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(json)) throw malformed('expected a JSON object');
  const { id, type, data } = json;
  if (typeof id !== 'string' || id === '') throw malformed('id: expected a non-empty id');
  if (typeof type !== 'string' || type === '') throw malformed('type: expected the event type');
  if (!isObject(data) || !isObject(data.object)) {
    throw malformed('data.object: expected the object the event is about');
  }
  return { id, type };
}

/**
 * The id and type of the event in a delivery's text, refusing (400) a body that is not one.
 * Only events the system acts on are checked against the whole event schema, as their job will
 * read them: the bursts of `invoice.created` / `file.created` (thousands per extraction) are
 * stored and never read again, so a field-by-field parse of each would be spent on nothing.
 */
export function readEventHead(text: string): EventHead {
  const { id, type } = readHead(text);
  if (!EVENT_ID.test(id)) {
    throw malformed('id must be 1 to 200 printable characters without spaces');
  }
  const actionable = isActionableEventType(type);
  if (actionable) {
    try {
      parseWebhookEvent(text);
    } catch (error) {
      throw malformed(error instanceof Error ? error.message : String(error));
    }
  }
  return { id, type, actionable };
}
