import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../deps.js';

export const SECURITY = {
  bearer: 'apiKey',
  satwsSignature: 'satwsSignature',
  syntageSignature: 'syntageSignature',
  admin: 'adminBasic',
} as const;

/** Either signature header verifies a delivery: two alternatives, not both. */
export const WEBHOOK_SECURITY: Record<string, string[]>[] = [
  { [SECURITY.syntageSignature]: [] },
  { [SECURITY.satwsSignature]: [] },
];

const SIGNATURE_FORMAT =
  '`t=<unix seconds>,s=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with SATWS_WEBHOOK_SECRET>`; ' +
  'accepted within 300 s of `t`.';

export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', SECURITY.bearer, {
    type: 'http',
    scheme: 'bearer',
    description: 'One of the API_KEYS given to internal callers.',
  });
  registry.registerComponent('securitySchemes', SECURITY.syntageSignature, {
    type: 'apiKey',
    in: 'header',
    name: 'X-Syntage-Signature',
    description: `SAT.ws webhook signature: ${SIGNATURE_FORMAT}`,
  });
  registry.registerComponent('securitySchemes', SECURITY.satwsSignature, {
    type: 'apiKey',
    in: 'header',
    name: 'X-Satws-Signature',
    description: `Older name of the same signature: ${SIGNATURE_FORMAT}`,
  });
  registry.registerComponent('securitySchemes', SECURITY.admin, {
    type: 'http',
    scheme: 'basic',
    description: 'ADMIN_USER and ADMIN_PASSWORD.',
  });
}

export const TAGS = [
  {
    name: 'Extractions',
    description: 'Ask for the invoices of a company and period; follow them.',
  },
  { name: 'Webhooks', description: 'Deliveries from SAT.ws (Syntage).' },
  { name: 'Operations', description: 'Health, readiness, metrics, documentation, queues.' },
];

/** The document's top level; `origin` is where the caller reached this api. */
export function documentConfig(origin: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'invoice-extractor API',
      version: '1.0.0',
      description:
        'Pulls Mexican CFDI invoices (XML and PDF) out of SAT.ws / Syntage into S3. Request an ' +
        'extraction, then follow its status and files. Every error is ' +
        '`{ "error": { "code", "message", "requestId" } }`; every response carries `X-Request-Id`.',
    },
    servers: [{ url: origin, description: 'This api' }],
    tags: TAGS,
  };
}
