import { defineConfig } from 'vitest/config';
import root from '../../vitest.config.js';

// `pnpm chaos` only: the root setup (database template, S3 server) with the CLI's chaos file
// as the one test, in place of the root's include list rather than added to it.
export default defineConfig({
  ...root,
  test: {
    ...root.test,
    include: ['test/chaos/chaos-cli.chaos.ts'],
    maxWorkers: 1,
  },
});
