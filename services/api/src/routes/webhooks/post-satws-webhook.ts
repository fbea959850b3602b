import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, AppEnv } from '../../deps.js';
import { WEBHOOK_SECURITY } from '../../docs/openapi-document.js';
import { ApiError } from '../../http/api-error.js';
import { errorResponses } from '../../http/error-responses.js';
import type { ApiMetrics, WebhookVerdict } from '../../metrics/api-metrics.js';
import { receiveDelivery } from '../../webhooks/receive-delivery.js';
import { createWebhookInbox } from '../../webhooks/webhook-inbox.js';
import { limitWebhookBody } from './webhook-body-limit.js';

/** One SAT.ws event is a few KiB; a MiB leaves room for any resource it embeds. */
const MAX_BODY_BYTES = 1024 * 1024;

const REFUSALS: Partial<Record<string, WebhookVerdict>> = {
  invalid_signature: 'invalid_signature',
  malformed_webhook: 'malformed',
  unsupported_media_type: 'unsupported_media_type',
  payload_too_large: 'too_large',
};

/** Counts refused deliveries too, including those refused before the handler (size limit). */
function countRefusals(metrics: ApiMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.error) return;
    const code = c.error instanceof ApiError ? c.error.code : '';
    metrics.countWebhook(REFUSALS[code] ?? 'unavailable');
  };
}

const ackSchema = z
  .object({
    received: z.literal(true),
    eventId: z.string(),
    outcome: z.enum(['queued', 'requeued', 'ignored', 'duplicate']).openapi({
      description:
        'queued: stored and handed to a worker; requeued: a redelivery of an event not yet handled, handed over again; ' +
        'ignored: stored, needs no action; duplicate: already stored, nothing changed.',
    }),
  })
  .openapi('WebhookAck', {
    example: { received: true, eventId: '0192a1b2-0000-7000-8000-000000000001', outcome: 'queued' },
  });

/** Documented only: the body is read raw, because the signature covers the exact bytes. */
const eventDocument = {
  type: 'object' as const,
  required: ['id', 'type', 'data'],
  properties: {
    id: { type: 'string' as const, description: 'Event id: the deduplication key.' },
    type: { type: 'string' as const, example: 'extraction.updated' },
    data: { type: 'object' as const, properties: { object: { type: 'object' as const } } },
  },
  example: {
    id: '0192a1b2-0000-7000-8000-000000000001',
    type: 'extraction.updated',
    source: '/extractions/0192a1b2-0000-7000-8000-0000000000e1',
    resource: '/extractions/0192a1b2-0000-7000-8000-0000000000e1',
    data: {
      object: { id: '0192a1b2-0000-7000-8000-0000000000e1', status: 'finished' },
      changes: { status: { old: 'running', new: 'finished' } },
    },
    createdAt: '2025-03-01T10:00:00.000Z',
  },
};

function route(metrics: ApiMetrics) {
  return createRoute({
    method: 'post',
    path: '/v1/webhooks/satws',
    tags: ['Webhooks'],
    summary: 'Receive a SAT.ws event',
    description:
      'Checks the signature on the raw body (X-Syntage-Signature or X-Satws-Signature, 300 s tolerance), ' +
      'stores the event once by id and acknowledges it. Events that need action get a job; the rest ' +
      '(invoice.created, file.created, unknown types) are stored and acknowledged without one.',
    security: WEBHOOK_SECURITY,
    middleware: [countRefusals(metrics), limitWebhookBody(MAX_BODY_BYTES)] as const,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: eventDocument },
          'application/ld+json': { schema: eventDocument },
        },
      },
    },
    responses: {
      200: {
        description: 'Stored (or already stored); SAT.ws will not deliver it again.',
        content: { 'application/json': { schema: ackSchema } },
      },
      ...errorResponses(
        'invalid_signature',
        'malformed_webhook',
        'payload_too_large',
        'unsupported_media_type',
        'service_unavailable',
      ),
    },
  });
}

export function registerPostSatwsWebhook(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  metrics: ApiMetrics,
): void {
  const receiver = {
    webhookSecret: deps.webhookSecret,
    inbox: deps.webhookInbox ?? createWebhookInbox(deps),
  };
  app.openapi(route(metrics), async (c) => {
    const received = await receiveDelivery(receiver, {
      rawBody: Buffer.from(await c.req.arrayBuffer()),
      headers: c.req.raw.headers,
      contentType: c.req.header('content-type'),
    });
    metrics.countWebhook(received.outcome);
    deps.logger.debug({ requestId: c.get('requestId'), ...received }, 'webhook stored');
    return c.json(
      { received: true as const, eventId: received.eventId, outcome: received.outcome },
      200,
    );
  });
}
