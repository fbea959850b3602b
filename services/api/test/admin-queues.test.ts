import { enqueue, fileDownloadsJob, jobIdFor } from '@invoice-extractor/shared/queues';
import { testRedisUrl } from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
const ADMIN_AUTH = basic(ADMIN.user, ADMIN.password);

describe('/admin/queues (Bull Board)', () => {
  it.each([
    ['no credentials', {}],
    ['a wrong password', basic(ADMIN.user, `${ADMIN.password}x`)],
    ['a wrong user', basic('root', ADMIN.password)],
    ['a bearer token', { authorization: 'Bearer test-api-key-0123456789abcdef' }],
  ])('answers 401 with a basic challenge for %s', async (_name, headers) => {
    for (const path of [
      '/admin/queues',
      '/admin/queues/api/queues',
      '/admin/queues/static/favicon.ico',
    ]) {
      const response = await h.app.request(path, { headers });
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect((await json(response)).error.code).toBe('unauthorized');
    }
  });

  it('renders the board with the right credentials', async () => {
    const response = await h.app.request('/admin/queues', { headers: ADMIN_AUTH });
    expect(response.status).toBe(200);
    const html = await response.text();
    // The page's own scripts, relative to its <base href="/admin/queues/">, are served too.
    const scripts = [...html.matchAll(/src="(static\/js\/[^"]+)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const asset = await h.app.request(`/admin/queues/${script}`, { headers: ADMIN_AUTH });
      expect(asset.status, script).toBe(200);
    }
  });

  it('redirects the trailing-slash form to the board', async () => {
    const response = await h.app.request('/admin/queues/', { headers: ADMIN_AUTH });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/admin/queues');
  });

  it('shows every queue of the catalog', async () => {
    const response = await h.app.request('/admin/queues/api/queues', { headers: ADMIN_AUTH });
    expect(response.status).toBe(200);
    const names = (await json(response)).queues.map((queue: { name: string }) => queue.name).sort();
    expect(names).toEqual(h.queues.list.map((queue) => queue.name).sort());
  });

  it('retries a failed job, as a person does from the board', async () => {
    const job = await enqueue(h.queues.fileDownloads, fileDownloadsJob, { fileId: '42' });
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const worker = new Worker(
      fileDownloadsJob.queueName,
      async () => {
        throw new UnrecoverableError('S3 refused the upload');
      },
      { connection, prefix: h.prefix },
    );
    try {
      await waitFor('the job to fail', async () => (await job.getState()) === 'failed');
    } finally {
      await worker.close();
      connection.disconnect();
    }

    const response = await h.app.request(
      `/admin/queues/api/queues/${fileDownloadsJob.queueName}/${jobIdFor('file', '42')}/retry`,
      { method: 'PUT', headers: ADMIN_AUTH },
    );

    expect(response.status).toBe(204);
    expect(await h.queues.fileDownloads.getJobState(jobIdFor('file', '42'))).toBe('waiting');
  });
});
