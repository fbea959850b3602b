import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { createEndpoint, parseEndpointInput } from '../domain/webhook-endpoints.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { booleanParam, multi, single } from '../http/query.js';
import { readJson } from '../http/read-json.js';
import { sendNoContent, sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { webhookEndpointResource } from '../resources/webhook-endpoint.js';

/** Webhook endpoints: POST 202 with `signingSecret`, list, get, PUT (replace), DELETE (satws-api.md §8.1). */
export function registerWebhookEndpointRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.post('/webhook-endpoints', async (c) => {
    const endpoint = createEndpoint(core, parseEndpointInput(await readJson(c)));
    return sendResource(c, 'WebhookEndpoint', webhookEndpointResource(endpoint), 202);
  });

  app.get('/webhook-endpoints', (c) => {
    const params = new URL(c.req.url).searchParams;
    const url = single(params, 'url');
    const events = multi(params, 'events');
    const enabled = booleanParam(params, 'enabled');
    const endpoints = [...core.store.webhookEndpoints.values()]
      .reverse()
      .filter(
        (endpoint) =>
          (url === undefined || endpoint.url === url) &&
          (!events || events.some((type) => endpoint.events.includes(type))) &&
          (enabled === undefined || endpoint.enabled === enabled),
      );
    return sendCollection(c, 'WebhookEndpoint', endpoints, webhookEndpointResource);
  });

  app.get('/webhook-endpoints/:id', (c) => {
    const endpoint = core.store.webhookEndpoints.get(c.req.param('id'));
    if (!endpoint) return notFound(c, `no webhook endpoint with id ${c.req.param('id')}`);
    return sendResource(c, 'WebhookEndpoint', webhookEndpointResource(endpoint));
  });

  app.put('/webhook-endpoints/:id', async (c) => {
    const endpoint = core.store.webhookEndpoints.get(c.req.param('id'));
    if (!endpoint) return notFound(c, `no webhook endpoint with id ${c.req.param('id')}`);
    Object.assign(endpoint, parseEndpointInput(await readJson(c)), { updatedAt: core.clock.now() });
    return sendResource(c, 'WebhookEndpoint', webhookEndpointResource(endpoint));
  });

  app.delete('/webhook-endpoints/:id', (c) => {
    if (!core.store.webhookEndpoints.delete(c.req.param('id'))) {
      return notFound(c, `no webhook endpoint with id ${c.req.param('id')}`);
    }
    return sendNoContent(c);
  });
}
