import type { SatwsClient, SatwsCreatedWebhookEndpoint } from '@invoice-extractor/shared/satws';
import { ACTIONABLE_EVENT_TYPES } from './event-types.js';

export const WEBHOOK_PATH = '/v1/webhooks/satws';

/**
 * The delivery URL for the api's public address: a bare origin (or any URL not already ending
 * in the webhook path) gets the path appended, so both `https://api.example.com` and the full
 * URL work.
 */
export function webhookUrlFor(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(
      `"${publicUrl}" is not a URL; give the api's public address, e.g. https://api.example.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`"${publicUrl}" must be an http(s) URL (SAT.ws requires https in production)`);
  }
  if (url.search || url.hash) throw new Error(`"${publicUrl}" must not have a query or fragment`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(WEBHOOK_PATH) ? path : `${path}${WEBHOOK_PATH}`;
  return url.toString();
}

export interface RegisterWebhookOptions {
  /** Delete existing endpoints with the same URL first (their secrets cannot be read back). */
  replace?: boolean;
}

export interface RegisteredWebhook {
  endpoint: SatwsCreatedWebhookEndpoint;
  replacedIds: string[];
}

/**
 * Registers the api's webhook URL for the events the system acts on and returns the endpoint
 * with its signing secret. An endpoint already at that URL is refused unless `replace`: two
 * endpoints would deliver every event twice, one of them signed with a secret we do not hold.
 */
export async function registerWebhookEndpoint(
  client: SatwsClient,
  publicUrl: string,
  options: RegisterWebhookOptions = {},
): Promise<RegisteredWebhook> {
  const url = webhookUrlFor(publicUrl);
  const existing = (await client.listWebhookEndpoints()).filter((endpoint) => endpoint.url === url);
  if (existing.length > 0 && !options.replace) {
    const ids = existing.map((endpoint) => endpoint.id).join(', ');
    throw new Error(
      `SAT.ws already has a webhook endpoint for ${url} (${ids}); its secret cannot be read back. ` +
        'Rerun with --replace to delete it and register a new one.',
    );
  }
  for (const endpoint of existing) await client.deleteWebhookEndpoint(endpoint.id);
  const endpoint = await client.createWebhookEndpoint({
    url,
    events: [...ACTIONABLE_EVENT_TYPES],
    enabled: true,
    contentType: 'application/json',
  });
  return { endpoint, replacedIds: existing.map((endpoint) => endpoint.id) };
}
