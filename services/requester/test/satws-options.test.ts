import type { ExtractionRow } from '@invoice-extractor/shared/db';
import type { SatwsExtraction } from '@invoice-extractor/shared/satws';
import { describe, expect, it } from 'vitest';
import { optionsMatch, satwsOptions, satwsPeriod } from '../src/requests/satws-options.js';

const row = {
  period_from: '2025-01-01',
  period_to: '2025-01-31',
  cfdi_types: ['I', 'E', 'P', 'N', 'T'],
  issued: true,
  received: true,
  want_xml: true,
  want_pdf: false,
} as ExtractionRow;

function upstream(options: Record<string, unknown>, extractor = 'invoice'): SatwsExtraction {
  return { id: 'x', status: 'pending', extractor, options };
}

describe('SAT.ws options of an extraction', () => {
  it('covers the whole last day, in the wall-clock time SAT.ws compares issuedAt in', () => {
    expect(satwsPeriod(row)).toEqual({
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-31T23:59:59.999Z',
    });
    expect(satwsOptions(row)).toMatchObject({ xml: true, pdf: false, received: true });
  });

  it('matches an in-flight extraction by meaning: defaults, order, timestamp spelling', () => {
    const wanted = satwsOptions(row);
    const same = upstream({
      pdf: false,
      types: ['T', 'N', 'P', 'E', 'I'],
      period: { from: '2025-01-01T00:00:00Z', to: '2025-01-31T23:59:59.999+00:00' },
    });
    expect(optionsMatch(same, wanted)).toBe(true);
  });

  it.each([
    [
      'another period end',
      { pdf: false, period: { from: '2025-01-01T00:00:00Z', to: '2025-01-31T00:00:00Z' } },
    ],
    ['PDFs wanted', { period: { from: '2025-01-01T00:00:00Z', to: '2025-01-31T23:59:59.999Z' } }],
    [
      'fewer types',
      {
        pdf: false,
        types: ['I'],
        period: { from: '2025-01-01T00:00:00Z', to: '2025-01-31T23:59:59.999Z' },
      },
    ],
    ['no period', { pdf: false }],
  ])('does not match %s', (_label, options) => {
    expect(optionsMatch(upstream(options), satwsOptions(row))).toBe(false);
  });

  it('does not match another extractor', () => {
    const options = { pdf: false, period: satwsPeriod(row) };
    expect(optionsMatch(upstream(options, 'tax_status'), satwsOptions(row))).toBe(false);
  });
});
