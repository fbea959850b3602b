import type { Hono, MiddlewareHandler } from 'hono';
import type { SimAdmin } from '../../admin/sim-admin.js';
import { InputError } from '../../http/input-error.js';
import { readJson } from '../../http/read-json.js';
import { sendJson } from '../../http/representation.js';
import type { SimContext, SimEnv } from '../../http/sim-env.js';
import { webhookEndpointResource } from '../../resources/webhook-endpoint.js';
import type { CredentialStatus } from '../../state/types.js';

const ok = (c: SimContext, body: unknown, status = 200) => sendJson(c, body, status, true);

/**
 * The simulator's own control endpoints under `/_sim/` — not part of the upstream API, no API key
 * and no rate limit; `X-Sim-Admin-Key` is required only when an admin key is configured.
 */
export function registerAdminRoutes(
  app: Hono<SimEnv>,
  admin: SimAdmin,
  adminKey: string | undefined,
): void {
  app.use('/_sim/*', adminGuard(adminKey));
  app.get('/_sim/health', (c) => ok(c, { ok: true }));
  registerDataRoutes(app, admin);
  registerControlRoutes(app, admin);
}

/** Seed, ground truth, call counts, re-delivery, SAT-side changes, reset. */
function registerDataRoutes(app: Hono<SimEnv>, admin: SimAdmin): void {
  app.post('/_sim/seed', async (c) =>
    ok(c, { taxpayers: admin.seed((await readJson(c)) as never) }, 201),
  );
  app.get('/_sim/truth', async (c) =>
    ok(c, await admin.truth(c.req.query('rfc'), { digests: c.req.query('digests') !== 'false' })),
  );
  app.get('/_sim/calls', (c) => ok(c, admin.calls()));
  app.delete('/_sim/calls', (c) => {
    admin.resetCalls();
    return c.body(null, 204);
  });

  app.post('/_sim/invoices/:uuid/cancel', (c) => {
    admin.cancelInvoice(c.req.param('uuid'));
    return c.body(null, 204);
  });
  app.put('/_sim/credentials/:id/status', async (c) => {
    const { status } = (await readJson(c)) as { status?: CredentialStatus };
    admin.setCredentialStatus(c.req.param('id'), status as CredentialStatus);
    return c.body(null, 204);
  });
  app.post('/_sim/events/:id/deliver', async (c) => {
    const body = (await readJson(c, true)) as { endpointId?: string };
    return ok(c, { deliveries: admin.deliverEvent(c.req.param('id'), body.endpointId) }, 202);
  });
  app.post('/_sim/reset', (c) => {
    admin.reset();
    return c.body(null, 204);
  });
}

/** Faults, settings, webhook endpoints with known secrets, the clock. */
function registerControlRoutes(app: Hono<SimEnv>, admin: SimAdmin): void {
  app.get('/_sim/faults', (c) => ok(c, admin.faults()));
  app.put('/_sim/faults', async (c) => ok(c, admin.setFaults(asArray(await readJson(c)))));
  app.post('/_sim/faults', async (c) => ok(c, admin.addFault((await readJson(c)) as never), 201));
  app.delete('/_sim/faults', (c) => {
    admin.clearFaults();
    return c.body(null, 204);
  });
  app.delete('/_sim/faults/:id', (c) =>
    admin.removeFault(c.req.param('id'))
      ? c.body(null, 204)
      : ok(c, { message: `No fault rule ${c.req.param('id')}` }, 404),
  );

  app.get('/_sim/settings', (c) => ok(c, admin.settings()));
  app.patch('/_sim/settings', async (c) =>
    ok(c, admin.updateSettings((await readJson(c)) as never)),
  );
  app.post('/_sim/webhook-endpoints', async (c) =>
    ok(
      c,
      webhookEndpointResource(admin.registerWebhookEndpoint((await readJson(c)) as never)),
      201,
    ),
  );

  app.get('/_sim/clock', (c) => ok(c, { now: new Date(admin.now()).toISOString() }));
  app.post('/_sim/clock', async (c) => {
    const { advanceMs } = (await readJson(c)) as { advanceMs?: unknown };
    return ok(c, { now: new Date(admin.advanceClock(Number(advanceMs))).toISOString() });
  });
}

function adminGuard(adminKey: string | undefined): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (adminKey !== undefined && c.req.header('x-sim-admin-key') !== adminKey) {
      return sendJson(
        c,
        { message: 'Unauthorized: /_sim/ needs the X-Sim-Admin-Key header' },
        401,
        true,
      );
    }
    await next();
  };
}

function asArray(body: unknown): never {
  if (!Array.isArray(body))
    throw InputError.field('body', 'Send a JSON array of fault rules ([] clears them).');
  return body as never;
}
