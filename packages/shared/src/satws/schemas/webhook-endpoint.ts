import { z } from 'zod';
import { optionalTimestamp, requiredId } from './common.js';

export const webhookEndpointSchema = z.looseObject({
  id: requiredId,
  url: z.string().min(1, 'expected the endpoint URL'),
  signingSecret: z.string().nullish(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  contentType: z.string().nullish(),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsWebhookEndpoint = z.output<typeof webhookEndpointSchema>;

/** The secret is only useful, and only relied on, in the answer to a create. */
export const createdWebhookEndpointSchema = webhookEndpointSchema.extend({
  signingSecret: z.string().min(1, 'expected the signing secret'),
});
export type SatwsCreatedWebhookEndpoint = z.output<typeof createdWebhookEndpointSchema>;
