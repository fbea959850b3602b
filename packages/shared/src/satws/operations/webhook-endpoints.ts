import { z } from 'zod';
import { paginate } from '../paginate.js';
import { withQuery } from '../query.js';
import {
  createdWebhookEndpointSchema,
  type SatwsCreatedWebhookEndpoint,
  type SatwsWebhookEndpoint,
  webhookEndpointSchema,
} from '../schemas/webhook-endpoint.js';
import type { SatwsTransport } from '../transport.js';
import { MAX_ITEMS_PER_PAGE, parseInput, pathId } from '../validate-input.js';
import { requestNoContent, requestResource } from './resource.js';

const createSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
  events: z
    .array(
      z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'expected an event type such as extraction.updated'),
    )
    .min(1),
  enabled: z.boolean().default(true),
  contentType: z.enum(['application/json', 'application/ld+json']).default('application/json'),
});
export type CreateWebhookEndpointInput = z.input<typeof createSchema>;

/** 202 with the endpoint and its `signingSecret`, the key that verifies every delivery. */
export async function createWebhookEndpoint(
  transport: SatwsTransport,
  input: CreateWebhookEndpointInput,
): Promise<SatwsCreatedWebhookEndpoint> {
  const body = parseInput('createWebhookEndpoint', createSchema, input);
  return requestResource(
    transport,
    'POST',
    'POST /webhook-endpoints',
    '/webhook-endpoints',
    createdWebhookEndpointSchema,
    body,
  );
}

export async function listWebhookEndpoints(
  transport: SatwsTransport,
): Promise<SatwsWebhookEndpoint[]> {
  const path = withQuery('/webhook-endpoints', { itemsPerPage: MAX_ITEMS_PER_PAGE });
  const endpoints: SatwsWebhookEndpoint[] = [];
  for await (const page of paginate(
    transport,
    'GET /webhook-endpoints',
    path,
    webhookEndpointSchema,
  )) {
    endpoints.push(...page);
  }
  return endpoints;
}

export async function deleteWebhookEndpoint(
  transport: SatwsTransport,
  endpointId: string,
): Promise<void> {
  const id = pathId('deleteWebhookEndpoint', 'endpointId', endpointId);
  await requestNoContent(
    transport,
    'DELETE',
    'DELETE /webhook-endpoints/{id}',
    `/webhook-endpoints/${id}`,
  );
}
