import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { multi, single } from '../http/query.js';
import { sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { webhookRequestResource } from '../resources/webhook-request.js';

/** The delivery log: one entry per attempt, `responseStatusCode` 0 when nothing answered (satws-api.md §8.1). */
export function registerWebhookRequestRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.get('/webhook-requests', (c) => {
    const params = new URL(c.req.url).searchParams;
    const url = single(params, 'url');
    const codes = multi(params, 'responseStatusCode')?.map(Number);
    const eventId = single(params, 'event.id');
    const eventType = single(params, 'event.type');
    const eventSource = single(params, 'event.source');
    const eventResource = single(params, 'event.resource');
    const requests = [...core.store.webhookRequests.values()]
      .reverse()
      .filter(
        (request) =>
          (url === undefined || request.url === url) &&
          (!codes || codes.includes(request.responseStatusCode)) &&
          (eventId === undefined || request.eventId === eventId) &&
          (eventType === undefined || request.eventType === eventType) &&
          (eventSource === undefined || request.eventSource === eventSource) &&
          (eventResource === undefined || request.eventResource === eventResource),
      );
    return sendCollection(c, 'WebhookRequest', requests, (request) =>
      webhookRequestResource(core, request),
    );
  });

  app.get('/webhook-requests/:id', (c) => {
    const request = core.store.webhookRequests.get(c.req.param('id'));
    if (!request) return notFound(c, `no webhook request with id ${c.req.param('id')}`);
    return sendResource(c, 'WebhookRequest', webhookRequestResource(core, request));
  });
}
