import { describe, expect, it } from 'vitest';
import { parseSatwsTime } from '../../src/satws/index.js';

describe('parseSatwsTime', () => {
  it('reads both of the upstream spellings as the same instant, a zoneless one as UTC', () => {
    expect(parseSatwsTime('2020-01-17 11:47:27')?.toISOString()).toBe('2020-01-17T11:47:27.000Z');
    expect(parseSatwsTime('2020-01-17T11:47:27.250')?.toISOString()).toBe(
      '2020-01-17T11:47:27.250Z',
    );
    expect(parseSatwsTime('2020-01-17T11:47:27Z')?.toISOString()).toBe('2020-01-17T11:47:27.000Z');
    expect(parseSatwsTime('2020-01-17T05:47:27-06:00')?.toISOString()).toBe(
      '2020-01-17T11:47:27.000Z',
    );
  });

  it('gives undefined for a missing or unreadable time', () => {
    expect(parseSatwsTime(undefined)).toBeUndefined();
    expect(parseSatwsTime(null)).toBeUndefined();
    expect(parseSatwsTime('')).toBeUndefined();
    expect(parseSatwsTime('yesterday')).toBeUndefined();
  });
});
