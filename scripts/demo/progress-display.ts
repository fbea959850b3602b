export interface ProgressRow {
  rfc: string;
  status: string;
  stored: number;
  /** Files to fetch; 0 until the invoices are listed. */
  total: number;
  failed: number;
}

const BAR_WIDTH = 28;
const PLAIN_REPEAT_MS = 2_000;

const COLORS: Record<string, string> = { completed: '32', failed: '31' };

function bar(row: ProgressRow): string {
  const share = row.total === 0 ? 0 : row.stored / row.total;
  const filled = Math.round(share * BAR_WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
}

function counts(row: ProgressRow): string {
  const files = row.total === 0 ? 'files: listing pending' : `${row.stored}/${row.total} files`;
  return row.failed > 0 ? `${files}, ${row.failed} failed` : files;
}

/**
 * One bar per extraction. On a terminal the bars are redrawn in place; in a log (CI, a pipe)
 * a plain line is written when an extraction changes state, and at most every two seconds
 * while its files are arriving.
 */
export class ProgressDisplay {
  #drawn = 0;
  #lastFrame = '';
  readonly #lastPlain = new Map<string, { status: string; stored: number; at: number }>();

  constructor(private readonly out: NodeJS.WriteStream) {}

  get isTty(): boolean {
    return this.out.isTTY === true;
  }

  update(rows: readonly ProgressRow[]): void {
    if (this.isTty) this.#redraw(rows);
    else this.#plain(rows);
  }

  #redraw(rows: readonly ProgressRow[]): void {
    const lines = rows.map((row) => {
      const color = COLORS[row.status] ?? '33';
      const status = `\x1b[${color}m${row.status.padEnd(11)}\x1b[0m`;
      return `\x1b[2K  ${row.rfc.padEnd(13)} ${status} ${bar(row)} ${counts(row)}`;
    });
    const frame = lines.join('\n');
    // Unchanged bars are not redrawn: a terminal that flickers four times a second is noise.
    if (frame === this.#lastFrame) return;
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : '';
    this.out.write(`${up}${frame}\n`);
    this.#lastFrame = frame;
    this.#drawn = rows.length;
  }

  #plain(rows: readonly ProgressRow[]): void {
    const now = Date.now();
    for (const row of rows) {
      const last = this.#lastPlain.get(row.rfc);
      const changedState = last?.status !== row.status;
      const moved =
        last !== undefined && last.stored !== row.stored && now - last.at >= PLAIN_REPEAT_MS;
      if (!changedState && !moved) continue;
      this.out.write(`  ${row.rfc.padEnd(13)} ${row.status.padEnd(11)} ${counts(row)}\n`);
      this.#lastPlain.set(row.rfc, { status: row.status, stored: row.stored, at: now });
    }
  }
}
