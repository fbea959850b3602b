import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The baseline the receiver is compared to: a bare Hono route on the same server adapter that
 * reads the same body and does the same JSON parse, and nothing else (no signature, no
 * database, no middleware). Run as its own process, like the api.
 */
const app = new Hono();
app.post('/v1/webhooks/satws', async (c) => {
  const event = JSON.parse(await c.req.text()) as { id: string };
  return c.json({ received: true, eventId: event.id }, 200);
});
app.get('/healthz', (c) => c.json({ status: 'ok' }));

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
