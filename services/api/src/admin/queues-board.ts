import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queues } from '@invoice-extractor/shared/queues';
import type { Hono } from 'hono';

export const QUEUES_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every queue of the catalog, retries allowed (the way a person moves a failed
 * extraction on). The board has no authentication of its own: the caller mounts it behind one.
 */
export function createQueuesBoard(queues: Queues): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(QUEUES_BOARD_PATH);
  createBullBoard({
    queues: queues.list.map(
      (queue) => new BullMQAdapter(queue, { allowRetries: true, readOnlyMode: false }),
    ),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'invoice-extractor',
        miscLinks: [{ text: 'API docs', url: '/docs' }],
      },
    },
  });
  return serverAdapter.registerPlugin() as unknown as Hono;
}
