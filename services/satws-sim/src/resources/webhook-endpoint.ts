import { isoAt } from '../core/clock.js';
import type { WebhookEndpointRecord } from '../state/types.js';

export function webhookEndpointResource(endpoint: WebhookEndpointRecord): Record<string, unknown> {
  return {
    '@id': `/webhook-endpoints/${endpoint.id}`,
    '@type': 'WebhookEndpoint',
    id: endpoint.id,
    url: endpoint.url,
    signingSecret: endpoint.signingSecret,
    events: endpoint.events,
    enabled: endpoint.enabled,
    contentType: endpoint.contentType,
    createdAt: isoAt(endpoint.createdAt),
    updatedAt: isoAt(endpoint.updatedAt),
  };
}
