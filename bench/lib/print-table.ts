import type { BenchRow } from './bench-row.js';

function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : ratio.toFixed(2);
}

function verdict(row: BenchRow): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : 'MISSED';
}

/** The rows as a Markdown table: what the README carries, pasted as printed. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = [
    'Section',
    'Measure',
    'Ours',
    'Baseline',
    'Baseline value',
    'Ratio',
    'Target',
    '',
  ];
  const lines = rows.map((row) => [
    row.section,
    row.measure,
    row.ours,
    row.baselineName,
    row.baseline,
    formatRatio(row.ratio),
    row.target ?? '',
    verdict(row),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const render = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    render(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...lines.map(render),
  ].join('\n');
}
