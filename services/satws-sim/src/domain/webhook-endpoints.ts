import { randomBytes } from 'node:crypto';
import type { SimCore } from '../core/sim-core.js';
import { InputError } from '../http/input-error.js';
import type { WebhookEndpointRecord } from '../state/types.js';
import { EVENT_TYPES } from './event-types.js';

type Violation = { propertyPath: string; message: string };
export type EndpointInput = Pick<
  WebhookEndpointRecord,
  'url' | 'events' | 'enabled' | 'contentType'
>;

const CONTENT_TYPES = ['application/ld+json', 'application/json'] as const;

/**
 * Body of `POST` / `PUT /webhook-endpoints` (satws-api.md §8.1). `enabled` defaults to true and
 * `contentType` to ld+json, as the schema declares. Unlike upstream, plain `http://` and private
 * hosts are allowed: the receivers under test run on loopback or in a compose network.
 */
export function parseEndpointInput(body: unknown): EndpointInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw InputError.field('body', 'The request body must be a JSON object.');
  }
  const {
    url,
    events,
    enabled = true,
    contentType = 'application/ld+json',
  } = body as Record<string, unknown>;
  const violations: Violation[] = [];
  if (typeof url !== 'string' || !isHttpUrl(url))
    violations.push({ propertyPath: 'url', message: 'This value is not a valid URL.' });
  if (!Array.isArray(events) || events.length === 0) {
    violations.push({
      propertyPath: 'events',
      message: 'This collection should contain 1 element or more.',
    });
  } else {
    const unknown = events.filter((type) => !(EVENT_TYPES as readonly unknown[]).includes(type));
    if (unknown.length > 0)
      violations.push({
        propertyPath: 'events',
        message: `Unknown event types: ${unknown.map(String).join(', ')}.`,
      });
  }
  if (typeof enabled !== 'boolean')
    violations.push({ propertyPath: 'enabled', message: 'This value should be of type bool.' });
  if (!(CONTENT_TYPES as readonly unknown[]).includes(contentType)) {
    violations.push({
      propertyPath: 'contentType',
      message: `The value you selected is not a valid choice (${CONTENT_TYPES.join(', ')}).`,
    });
  }
  if (violations.length > 0)
    throw new InputError(
      violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      violations,
    );
  return {
    url: url as string,
    events: [...new Set((events as string[]).map(String))],
    enabled: enabled as boolean,
    contentType: contentType as EndpointInput['contentType'],
  };
}

export function createEndpoint(
  core: SimCore,
  input: EndpointInput,
  signingSecret?: string,
): WebhookEndpointRecord {
  const now = core.clock.now();
  const endpoint: WebhookEndpointRecord = {
    id: core.ids.next(),
    ...input,
    // 32 hex characters, like the upstream's example secret.
    signingSecret: signingSecret ?? randomBytes(16).toString('hex'),
    createdAt: now,
    updatedAt: now,
  };
  core.store.webhookEndpoints.set(endpoint.id, endpoint);
  return endpoint;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
