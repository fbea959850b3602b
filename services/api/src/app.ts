import { OpenAPIHono } from '@hono/zod-openapi';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import type { ApiDeps, AppEnv } from './deps.js';
import { registerSecuritySchemes } from './docs/openapi-document.js';
import { ApiError } from './http/api-error.js';
import { createErrorHandler, notFoundHandler, renderError } from './http/error-handler.js';
import { requestLog } from './http/request-log.js';
import { validationHook } from './http/validation-hook.js';
import { createApiMetrics } from './metrics/api-metrics.js';
import { registerAdminQueues } from './routes/admin/admin-queues.js';
import { registerGetDocs } from './routes/docs/get-docs.js';
import { registerGetOpenApi } from './routes/docs/get-openapi.js';
import { registerGetExtraction } from './routes/extractions/get-extraction.js';
import { registerListExtractions } from './routes/extractions/list-extractions.js';
import { registerPostExtractions } from './routes/extractions/post-extractions.js';
import { registerGetHealthz } from './routes/health/get-healthz.js';
import { registerGetReadyz } from './routes/health/get-readyz.js';
import { registerListExtractionInvoices } from './routes/invoices/list-extraction-invoices.js';
import { registerGetMetrics } from './routes/metrics/get-metrics.js';
import { registerPostSatwsWebhook } from './routes/webhooks/post-satws-webhook.js';

/** The whole HTTP surface: cross-cutting middleware, then one registration per route. */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const metrics = createApiMetrics(deps.queues, deps.pool);

  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 200 }));
  app.use(requestLog(deps.logger, metrics));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        renderError(
          c,
          new ApiError(
            'method_not_allowed',
            `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(', ')}`,
            {
              headers: { Allow: methods.join(', ') },
            },
          ),
        ),
    }),
  );
  app.onError(createErrorHandler(deps.logger));
  app.notFound(notFoundHandler);
  registerSecuritySchemes(app);

  registerPostExtractions(app, deps);
  registerListExtractions(app, deps);
  registerGetExtraction(app, deps);
  registerListExtractionInvoices(app, deps);
  registerPostSatwsWebhook(app, deps, metrics);
  registerGetHealthz(app);
  registerGetReadyz(app, deps);
  registerGetMetrics(app, metrics);
  registerGetOpenApi(app);
  registerGetDocs(app);
  registerAdminQueues(app, deps);
  return app;
}
