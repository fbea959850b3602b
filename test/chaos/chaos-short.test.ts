import { describe, expect, it } from 'vitest';
import { SHORT_PROFILE } from './chaos-profile.js';
import { chaosFailures, droppedWebhooks, formatChaosReport } from './chaos-report.js';
import { runChaos } from './chaos-run.js';

// Every kind of chaos on: the services are the built ones (`pnpm test` builds first).
describe('chaos (short)', () => {
  it('loses and duplicates nothing while workers die, Redis empties and SAT.ws misbehaves', async () => {
    const report = await runChaos(SHORT_PROFILE);
    process.stdout.write(`\n${formatChaosReport(report)}`);
    expect(chaosFailures(report)).toEqual([]);
    expect(report.actions.kills.requester).toBeGreaterThan(0);
    expect(report.actions.kills.downloader).toBeGreaterThan(0);
    expect(report.actions.postgresBackendsKilled).toBeGreaterThan(0);
    expect(report.actions.redisKeysDeleted).toBeGreaterThan(0);
    expect(droppedWebhooks(report)).toBeGreaterThan(0);
  }, 240_000);
});
