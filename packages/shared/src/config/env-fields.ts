import { z } from 'zod';

/** What the environment holds: strings, or nothing. `process.env` is one. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * How a variable may be absent. An empty value counts as absent: `.env` files and compose
 * files write `FOO=` for "not set", and treating it as a value would defeat the default.
 */
export interface Presence<T> {
  default?: T;
  optional?: boolean;
}

type Output<T, O> = O extends { default: T } ? T : O extends { optional: true } ? T | undefined : T;

export type EnvField<T> = z.ZodType<T, string | undefined>;

type Check<T> = (raw: string) => { value: T } | { problem: string };

const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['1', true],
  ['yes', true],
  ['on', true],
  ['false', false],
  ['0', false],
  ['no', false],
  ['off', false],
]);

const MAX_SHOWN = 80;

/** Quotes a bad value for an error message, with any URL credentials masked. */
function shown(raw: string): string {
  const masked = raw.replace(/\/\/[^/@\s]*@/g, '//***@');
  const cut = masked.length > MAX_SHOWN ? `${masked.slice(0, MAX_SHOWN)}…` : masked;
  return JSON.stringify(cut);
}

/** The one place presence is decided, so every helper treats missing and empty alike. */
export function envField<T, const O extends Presence<T> = Presence<T>>(
  check: Check<T>,
  options?: O,
): EnvField<Output<T, O>> {
  const field = z
    .string()
    .optional()
    .transform((input, ctx) => {
      if (input === undefined || input.trim() === '') {
        if (options?.default !== undefined) return options.default;
        if (options?.optional) return undefined;
        ctx.addIssue({ code: 'custom', message: 'required' });
        return z.NEVER;
      }
      const result = check(input);
      if ('value' in result) return result.value;
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    });
  return field as unknown as EnvField<Output<T, O>>;
}

/** "true", "1", "yes", "on" / "false", "0", "no", "off" (any case); anything else is an error. */
export function envBoolean<const O extends Presence<boolean>>(options?: O) {
  return envField<boolean, O>((raw) => {
    const value = BOOLEAN_WORDS.get(raw.trim().toLowerCase());
    if (value !== undefined) return { value };
    return { problem: `must be one of true, false, 1, 0, yes, no, on, off, got ${shown(raw)}` };
  }, options);
}

export interface IntOptions extends Presence<number> {
  min?: number;
  max?: number;
}

export function envInt<const O extends IntOptions>(options?: O) {
  const min = options?.min ?? Number.MIN_SAFE_INTEGER;
  const max = options?.max ?? Number.MAX_SAFE_INTEGER;
  return envField<number, O>((raw) => {
    const text = raw.trim();
    const value = Number(text);
    if (/^-?\d+$/.test(text) && value >= min && value <= max) return { value };
    return { problem: `must be an integer between ${min} and ${max}, got ${shown(raw)}` };
  }, options);
}

export interface StringOptions extends Presence<string> {
  /** Values are never echoed in errors (keys, passwords, signing secrets). */
  secret?: boolean;
  minLength?: number;
  pattern?: RegExp;
  /** Says what `pattern` accepts, for the error message. */
  expected?: string;
}

export function envString<const O extends StringOptions>(options?: O) {
  return envField<string, O>((raw) => {
    const got = options?.secret ? '' : `, got ${shown(raw)}`;
    if (options?.minLength !== undefined && raw.length < options.minLength) {
      return { problem: `must be at least ${options.minLength} characters long${got}` };
    }
    if (options?.pattern && !options.pattern.test(raw)) {
      return { problem: `must be ${options.expected ?? `like ${options.pattern}`}${got}` };
    }
    return { value: raw };
  }, options);
}

/** A string that never appears in an error message, however it is wrong. */
export function envSecret<const O extends Omit<StringOptions, 'secret' | 'default'>>(options?: O) {
  return envString({ ...options, secret: true } as O & { secret: true });
}

export function envEnum<const V extends string, const O extends Presence<V>>(
  values: readonly V[],
  options?: O,
) {
  return envField<V, O>((raw) => {
    const value = values.find((candidate) => candidate === raw.trim());
    if (value !== undefined) return { value };
    return { problem: `must be one of ${values.join(', ')}, got ${shown(raw)}` };
  }, options);
}

export interface ListOptions extends Presence<string[]> {
  secret?: boolean;
  /** Each item's minimum length: a short bearer token is a guessable one. */
  minItemLength?: number;
}

/** Comma-separated; items are trimmed and empty items dropped ("a, b," is ["a", "b"]). */
export function envList<const O extends ListOptions>(options?: O) {
  return envField<string[], O>((raw) => {
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) return { problem: 'must list at least one comma-separated value' };
    const minLength = options?.minItemLength ?? 1;
    const short = items.findIndex((item) => item.length < minLength);
    if (short === -1) return { value: items };
    const got = options?.secret ? '' : `, got ${shown(items[short] ?? '')}`;
    return { problem: `item ${short + 1} must be at least ${minLength} characters long${got}` };
  }, options);
}

export interface UrlOptions extends Presence<string> {
  /** Accepted schemes with their colon, e.g. `['redis:', 'rediss:']`. */
  protocols: readonly string[];
}

/** The URL as written (parsing normalises it); credentials in it never reach an error. */
export function envUrl<const O extends UrlOptions>(options: O) {
  return envField<string, O>((raw) => {
    const value = raw.trim();
    const expected = `must be a ${options.protocols.map((p) => p.replace(':', '')).join(' or ')} URL`;
    if (!URL.canParse(value)) return { problem: `${expected}, got ${shown(raw)}` };
    const url = new URL(value);
    if (!options.protocols.includes(url.protocol) || url.hostname === '') {
      return { problem: `${expected}, got ${shown(raw)}` };
    }
    return { value };
  }, options);
}
