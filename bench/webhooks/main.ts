import { renderTable } from '../lib/print-table.js';
import { runWebhookBench } from './index.js';

/** `npx tsx bench/webhooks/main.ts`: the webhook rows alone, as a Markdown table. */
const rows = await runWebhookBench({
  progress: (line) => process.stderr.write(`webhooks: ${line}\n`),
});
process.stdout.write(`${renderTable(rows)}\n`);
