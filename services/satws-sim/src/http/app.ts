import { Hono } from 'hono';
import { ZodError } from 'zod';
import type { SimAdmin } from '../admin/sim-admin.js';
import { describeZodError } from '../config/options.js';
import type { SimCore } from '../core/sim-core.js';
import { registerAdminRoutes } from '../routes/admin/admin-routes.js';
import { registerBlobRoutes } from '../routes/blobs.js';
import { registerCredentialRoutes } from '../routes/credentials.js';
import { registerEntityRoutes } from '../routes/entities.js';
import { registerEventRoutes } from '../routes/events.js';
import { registerExportRoutes } from '../routes/exports.js';
import { registerExtractionRoutes } from '../routes/extractions.js';
import { registerFileRoutes } from '../routes/files.js';
import { registerInvoiceRoutes } from '../routes/invoices.js';
import { registerTaxpayerRoutes } from '../routes/taxpayers.js';
import { registerWebhookEndpointRoutes } from '../routes/webhook-endpoints.js';
import { registerWebhookRequestRoutes } from '../routes/webhook-requests.js';
import { frame } from './frame.js';
import { InputError } from './input-error.js';
import { badRequest, constraintViolation, notFound, serverError } from './problems.js';
import { sendJson } from './representation.js';
import type { SimEnv } from './sim-env.js';

/** The simulator's HTTP surface: the upstream's paths, then its own `/_sim/` control endpoints. */
export function createApp(core: SimCore, admin: SimAdmin): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.use('*', frame(core));
  registerEntityRoutes(app, core);
  registerTaxpayerRoutes(app, core);
  registerCredentialRoutes(app, core);
  registerExtractionRoutes(app, core);
  registerInvoiceRoutes(app, core);
  registerFileRoutes(app, core);
  registerBlobRoutes(app, core);
  registerExportRoutes(app, core);
  registerEventRoutes(app, core);
  registerWebhookEndpointRoutes(app, core);
  registerWebhookRequestRoutes(app, core);
  registerAdminRoutes(app, admin, core.adminKey);
  app.notFound((c) => notFound(c, `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof InputError) {
      return error.violations.length > 0
        ? constraintViolation(c, error.violations)
        : badRequest(c, error.message);
    }
    if (error instanceof ZodError) {
      return sendJson(
        c,
        { message: describeZodError(error, 'request'), issues: error.issues },
        400,
        true,
      );
    }
    core.logger.error({ err: error, endpoint: c.get('endpoint') }, 'unhandled error');
    return serverError(c, 500, 'Internal Server Error');
  });
  return app;
}
