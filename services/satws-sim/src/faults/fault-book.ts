import type { Prng } from '../data/prng.js';
import {
  type FaultKind,
  type FaultOf,
  type FaultRule,
  type FaultRuleInput,
  faultRuleSchema,
} from './fault-rule.js';
import { globToRegExp } from './glob.js';

export interface FaultTarget {
  path?: string;
  method?: string;
  eventType?: string;
  rfc?: string;
}

/**
 * The active fault rules. `take` decides whether a rule fires for one request, delivery or
 * extraction and spends one of its `count` uses when it does; rules whose count is spent go away.
 */
export class FaultBook {
  #rules: FaultRule[] = [];
  #sequence = 0;

  constructor(private readonly random: Prng) {}

  list(): FaultRule[] {
    return this.#rules.map((rule) => ({ ...rule }));
  }

  /** Validates every rule first, so a bad list changes nothing. */
  replace(inputs: FaultRuleInput[]): FaultRule[] {
    const parsed = inputs.map((input) => this.#parse(input));
    this.#rules = parsed;
    return this.list();
  }

  add(input: FaultRuleInput): FaultRule {
    const rule = this.#parse(input);
    this.#rules = [...this.#rules.filter((existing) => existing.id !== rule.id), rule];
    return { ...rule };
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((rule) => rule.id !== id);
    return this.#rules.length < before;
  }

  clear(): void {
    this.#rules = [];
  }

  take<K extends FaultKind>(kinds: readonly K[], target: FaultTarget): FaultOf<K> | undefined {
    for (const rule of this.#rules) {
      if (!(kinds as readonly FaultKind[]).includes(rule.kind) || !matches(rule, target)) continue;
      if (rule.probability !== undefined && this.random.float() >= rule.probability) continue;
      if (rule.count !== undefined) {
        rule.count -= 1;
        if (rule.count <= 0) this.#rules = this.#rules.filter((other) => other !== rule);
      }
      return rule as FaultOf<K>;
    }
    return undefined;
  }

  #parse(input: FaultRuleInput): FaultRule {
    const rule = faultRuleSchema.parse(input);
    this.#sequence += 1;
    return { ...rule, id: rule.id ?? `fault-${this.#sequence}` };
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if ('path' in rule && rule.path !== undefined) {
    if (target.path === undefined || !globToRegExp(rule.path, '/').test(target.path)) return false;
  }
  if ('method' in rule && rule.method !== undefined && rule.method !== target.method) return false;
  if ('eventType' in rule && rule.eventType !== undefined) {
    if (target.eventType === undefined || !globToRegExp(rule.eventType, '.').test(target.eventType))
      return false;
  }
  if ('rfc' in rule && rule.rfc !== undefined && rule.rfc !== target.rfc) return false;
  return true;
}
