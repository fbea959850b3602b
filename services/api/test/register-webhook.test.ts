import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type RunningSimulator, startSimulator } from '@invoice-extractor/satws-sim';
import { createSatwsClient, type SatwsClient } from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONABLE_EVENT_TYPES } from '../src/webhooks/event-types.js';
import { registerWebhookEndpoint, webhookUrlFor } from '../src/webhooks/register-endpoint.js';
import { type ApiHarness, startHarness } from './support/api-harness.js';

let sim: RunningSimulator;
let client: SatwsClient;

beforeAll(async () => {
  sim = await startSimulator();
  client = createSatwsClient({ baseUrl: sim.url, apiKey: sim.apiKey });
});
afterAll(async () => {
  await sim.stop();
});

describe('webhookUrlFor', () => {
  it.each([
    ['https://api.example.com', 'https://api.example.com/v1/webhooks/satws'],
    ['https://api.example.com/', 'https://api.example.com/v1/webhooks/satws'],
    ['https://example.com/invoices', 'https://example.com/invoices/v1/webhooks/satws'],
    ['https://api.example.com/v1/webhooks/satws', 'https://api.example.com/v1/webhooks/satws'],
  ])('%s → %s', (given, expected) => {
    expect(webhookUrlFor(given)).toBe(expected);
  });

  it.each([
    ['api.example.com', 'is not a URL'],
    ['ftp://api.example.com', 'must be an http(s) URL'],
    ['https://api.example.com/?x=1', 'must not have a query'],
  ])('refuses %s', (given, message) => {
    expect(() => webhookUrlFor(given)).toThrow(message);
  });
});

describe('registerWebhookEndpoint', () => {
  it('registers the URL for the events the system acts on and returns the signing secret', async () => {
    const { endpoint, replacedIds } = await registerWebhookEndpoint(
      client,
      'http://127.0.0.1:39001',
    );

    expect(replacedIds).toEqual([]);
    expect(endpoint.url).toBe('http://127.0.0.1:39001/v1/webhooks/satws');
    expect(endpoint.events).toEqual([...ACTIONABLE_EVENT_TYPES]);
    expect(endpoint.signingSecret.length).toBeGreaterThanOrEqual(16);
    const listed = await client.listWebhookEndpoints();
    expect(listed.filter((e) => e.url === endpoint.url).map((e) => e.id)).toEqual([endpoint.id]);
  });

  it('refuses a second endpoint for the same URL unless told to replace it', async () => {
    const first = await registerWebhookEndpoint(client, 'http://127.0.0.1:39002');
    await expect(registerWebhookEndpoint(client, 'http://127.0.0.1:39002/')).rejects.toThrow(
      /already has a webhook endpoint .* Rerun with --replace/,
    );

    const second = await registerWebhookEndpoint(client, 'http://127.0.0.1:39002', {
      replace: true,
    });

    expect(second.replacedIds).toEqual([first.endpoint.id]);
    const listed = await client.listWebhookEndpoints();
    expect(listed.filter((e) => e.url === second.endpoint.url).map((e) => e.id)).toEqual([
      second.endpoint.id,
    ]);
  });
});

describe('deliveries from the simulator to a registered api', () => {
  let h: ApiHarness;
  let server: Server;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h.close();
  });

  it('verifies and stores what SAT.ws sends with the secret the registration printed', async () => {
    // The port, and so the URL to register, is known only once listening; the secret only
    // once registered: the server answers with whichever app holds the current secret.
    let app = h.app;
    server = serve({
      fetch: (request, env) => app.fetch(request, env),
      hostname: '127.0.0.1',
      port: 0,
    }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const { endpoint } = await registerWebhookEndpoint(client, `http://127.0.0.1:${port}`);
    app = h.appWith({ webhookSecret: endpoint.signingSecret });

    const entity = await client.findEntityByRfc('EKU9003173C9');
    await client.createExtraction(
      { entityId: entity?.id ?? '' },
      { period: { from: '2025-01-01', to: '2025-01-31' } },
    );

    const rows = await waitFor('extraction.updated deliveries in the inbox', async () => {
      const result = await h.pool.query<{ event_type: string; signature_verdict: string }>(
        `select event_type, signature_verdict from webhook_inbox where event_type = 'extraction.updated'`,
      );
      return result.rows.length > 0 ? result.rows : undefined;
    });
    expect(rows[0]?.signature_verdict).toMatch(/^x-(syntage|satws)-signature$/);
    expect(await h.queues.satwsEvents.count()).toBeGreaterThan(0);
  });
});

describe('the register-webhook command', () => {
  const script = fileURLToPath(new URL('../src/cli/register-webhook.ts', import.meta.url));

  function run(args: string[], env: Record<string, string>) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { PATH: process.env.PATH ?? '', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('prints the SATWS_WEBHOOK_SECRET line for the registered endpoint', async () => {
    const result = await run(['https://invoices.example.com'], {
      SATWS_BASE_URL: sim.url,
      SATWS_API_KEY: sim.apiKey,
    });
    expect(result.stderr).not.toContain('register-webhook:');
    expect(result.code).toBe(0);
    const secret = /^SATWS_WEBHOOK_SECRET=(\S+)$/m.exec(result.stdout)?.[1];
    expect(secret).toMatch(/^\S{16,}$/);
    const listed = await client.listWebhookEndpoints();
    const endpoint = listed.find((e) => e.url === 'https://invoices.example.com/v1/webhooks/satws');
    expect(result.stdout).toContain(`Registered SAT.ws webhook endpoint ${endpoint?.id}`);
    expect(result.stdout).toContain(
      'events: extraction.updated, credential.updated, export.updated',
    );
  });

  it('exits 2 with the usage for bad arguments and 1 naming a missing variable', async () => {
    const usage = await run([], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      'Usage: pnpm register-webhook -- [--replace] <public url of the api>',
    );
    const missing = await run(['https://invoices.example.com'], { SATWS_BASE_URL: sim.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('SATWS_API_KEY: required');
  });
});
