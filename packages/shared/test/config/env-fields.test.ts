import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  envBoolean,
  envInt,
  envList,
  envUrl,
  parseEnv,
} from '../../src/config/index.js';

function parseOne<T>(field: z.ZodType<T, string | undefined>, value: string | undefined) {
  return parseEnv(z.object({ VALUE: field }), { VALUE: value }).VALUE;
}

function problemOf(field: z.ZodType<unknown, string | undefined>, value: string | undefined) {
  try {
    parseOne(field, value);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems[0]?.reason;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}

describe('envBoolean', () => {
  it('reads the usual words for true and false, in any case', () => {
    for (const word of ['true', '1', 'yes', 'on', 'TRUE', ' On ']) {
      expect(parseOne(envBoolean(), word)).toBe(true);
    }
    for (const word of ['false', '0', 'no', 'off', 'False', 'OFF']) {
      expect(parseOne(envBoolean(), word)).toBe(false);
    }
  });

  it('rejects anything else instead of calling it true', () => {
    expect(problemOf(envBoolean(), 'enabled')).toBe(
      'must be one of true, false, 1, 0, yes, no, on, off, got "enabled"',
    );
    expect(problemOf(envBoolean(), '2')).toMatch(/^must be one of/);
  });

  it('uses its default only when unset', () => {
    expect(parseOne(envBoolean({ default: true }), undefined)).toBe(true);
    expect(parseOne(envBoolean({ default: true }), 'false')).toBe(false);
    expect(problemOf(envBoolean(), undefined)).toBe('required');
  });
});

describe('envInt', () => {
  it('accepts integers inside the bounds, inclusive', () => {
    const port = envInt({ min: 1, max: 65_535 });
    expect(parseOne(port, '1')).toBe(1);
    expect(parseOne(port, '65535')).toBe(65_535);
    expect(parseOne(envInt(), '-42')).toBe(-42);
  });

  it('rejects fractions, exponents, words and out-of-range values', () => {
    const port = envInt({ min: 1, max: 65_535 });
    for (const value of ['1.5', '1e3', 'abc', '0', '65536', '0x10']) {
      expect(problemOf(port, value)).toBe(
        `must be an integer between 1 and 65535, got ${JSON.stringify(value)}`,
      );
    }
  });

  it('is undefined when optional and unset', () => {
    expect(parseOne(envInt({ optional: true }), undefined)).toBeUndefined();
  });
});

describe('envList', () => {
  it('splits on commas, trims and drops empty items', () => {
    expect(parseOne(envList(), ' a, b ,,c, ')).toEqual(['a', 'b', 'c']);
  });

  it('rejects a list with no items', () => {
    expect(problemOf(envList(), ', ,')).toBe('must list at least one comma-separated value');
  });
});

describe('envUrl', () => {
  it('accepts the listed schemes and keeps the URL as written', () => {
    const url = envUrl({ protocols: ['redis:', 'rediss:'] });
    expect(parseOne(url, 'redis://:pw@127.0.0.1:6379/3')).toBe('redis://:pw@127.0.0.1:6379/3');
  });

  it('rejects other schemes, relative paths and host-less URLs', () => {
    const url = envUrl({ protocols: ['http:', 'https:'] });
    expect(problemOf(url, 'ftp://example.com')).toBe(
      'must be a http or https URL, got "ftp://example.com"',
    );
    expect(problemOf(url, '/relative')).toMatch(/^must be a http or https URL/);
    expect(problemOf(url, 'http://')).toMatch(/^must be a http or https URL/);
  });
});
