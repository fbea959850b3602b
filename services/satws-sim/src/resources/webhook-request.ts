import { isoAt } from '../core/clock.js';
import type { SimCore } from '../core/sim-core.js';
import type { WebhookRequestRecord } from '../state/types.js';
import { webhookEndpointResource } from './webhook-endpoint.js';

/** One delivery attempt; `event` (an IRI) is a simulator addition for debugging. */
export function webhookRequestResource(
  core: SimCore,
  request: WebhookRequestRecord,
): Record<string, unknown> {
  const endpoint = core.store.webhookEndpoints.get(request.endpointId);
  return {
    '@id': `/webhook-requests/${request.id}`,
    '@type': 'WebhookRequest',
    id: request.id,
    webhookEndpoint: endpoint
      ? webhookEndpointResource(endpoint)
      : {
          '@id': `/webhook-endpoints/${request.endpointId}`,
          id: request.endpointId,
          url: request.url,
        },
    url: request.url,
    event: `/events/${request.eventId}`,
    responseStatusCode: request.responseStatusCode,
    responseTime: request.responseTime,
    createdAt: isoAt(request.createdAt),
    updatedAt: isoAt(request.updatedAt),
  };
}
