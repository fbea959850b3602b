import { type WebhookEndpointSeed, webhookEndpointSeedSchema } from '../config/options.js';
import type { Settings, SettingsPatch } from '../config/settings.js';
import { applySettingsPatch, settingsPatchSchema } from '../config/settings.js';
import type { SimCore } from '../core/sim-core.js';
import { setCredentialStatus } from '../domain/credentials.js';
import { createEndpoint } from '../domain/webhook-endpoints.js';
import type { FaultRule, FaultRuleInput } from '../faults/fault-rule.js';
import { InputError } from '../http/input-error.js';
import { applySeed, type SeededTaxpayer } from '../seed/apply-seed.js';
import type { SeedSpecInput } from '../seed/seed-spec.js';
import type { CredentialStatus, WebhookEndpointRecord } from '../state/types.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { type GroundTruth, groundTruth } from './ground-truth.js';

export interface InitialState {
  settings: Settings;
  seed: SeedSpecInput;
  faults: FaultRuleInput[];
  webhookEndpoints: WebhookEndpointSeed[];
}

const CREDENTIAL_STATUSES: CredentialStatus[] = [
  'waiting',
  'pending',
  'valid',
  'invalid',
  'disabled',
  'deactivated',
  'error',
];

/**
 * The simulator's control panel, used in-process (`sim.admin`) and over HTTP (`/_sim/`). Every
 * operation validates its input completely before changing anything.
 */
export class SimAdmin {
  constructor(
    private readonly core: SimCore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly initial: InitialState,
  ) {}

  seed(spec: SeedSpecInput): SeededTaxpayer[] {
    return applySeed(this.core, spec);
  }

  truth(rfc?: string, options: { digests?: boolean } = {}): Promise<GroundTruth> {
    return groundTruth(this.core, rfc, options.digests ?? true);
  }

  calls(): Record<string, number> {
    return this.core.calls.snapshot();
  }

  resetCalls(): void {
    this.core.calls.reset();
  }

  faults(): FaultRule[] {
    return this.core.faults.list();
  }

  setFaults(rules: FaultRuleInput[]): FaultRule[] {
    return this.core.faults.replace(rules);
  }

  addFault(rule: FaultRuleInput): FaultRule {
    return this.core.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.core.faults.remove(id);
  }

  clearFaults(): void {
    this.core.faults.clear();
  }

  settings(): Settings {
    return structuredClone(this.core.settings);
  }

  updateSettings(patch: SettingsPatch): Settings {
    this.core.settings = applySettingsPatch(this.core.settings, settingsPatchSchema.parse(patch));
    return this.settings();
  }

  setTimings(timings: NonNullable<SettingsPatch['timings']>): Settings {
    return this.updateSettings({ timings });
  }

  setRateLimit(rateLimit: NonNullable<SettingsPatch['rateLimit']>): Settings {
    this.core.limiter.reset();
    return this.updateSettings({ rateLimit });
  }

  registerWebhookEndpoint(input: WebhookEndpointSeed): WebhookEndpointRecord {
    const { signingSecret, ...endpoint } = webhookEndpointSeedSchema.parse(input);
    return createEndpoint(this.core, endpoint, signingSecret);
  }

  /** Sends an event again to every enabled endpoint subscribed to it, or to one endpoint. */
  deliverEvent(eventId: string, endpointId?: string): number {
    const event = this.core.store.events.get(eventId);
    if (!event)
      throw new InputError(
        `No event with id ${eventId} (events are kept ${this.core.settings.eventRetentionDays} days)`,
      );
    const endpoints = [...this.core.store.webhookEndpoints.values()].filter((endpoint) =>
      endpointId === undefined
        ? endpoint.enabled && endpoint.events.includes(event.type)
        : endpoint.id === endpointId,
    );
    if (endpointId !== undefined && endpoints.length === 0)
      throw new InputError(`No webhook endpoint with id ${endpointId}`);
    for (const endpoint of endpoints) this.dispatcher.deliver(event, endpoint);
    return endpoints.length;
  }

  now(): number {
    return this.core.clock.now();
  }

  advanceClock(ms: number): number {
    if (!Number.isFinite(ms)) throw new InputError('advanceMs must be a number of milliseconds');
    this.core.clock.advance(ms);
    return this.core.clock.now();
  }

  /** SAT-side cancellation: the next extraction covering it reports `invoice.updated`. */
  cancelInvoice(
    uuid: string,
    canceledAt = new Date(this.core.clock.now()).toISOString().slice(0, 19),
  ): void {
    const wanted = uuid.toLowerCase();
    for (const taxpayer of this.core.store.sat.values()) {
      const invoice = taxpayer.invoices.find((candidate) => candidate.uuid === wanted);
      if (!invoice) continue;
      invoice.status = 'CANCELADO';
      invoice.canceledAt = canceledAt;
      return;
    }
    throw new InputError(`No seeded CFDI with UUID ${uuid}`);
  }

  setCredentialStatus(credentialId: string, status: CredentialStatus): void {
    const credential = this.core.store.credentials.get(credentialId);
    if (!credential) throw new InputError(`No credential with id ${credentialId}`);
    if (!CREDENTIAL_STATUSES.includes(status))
      throw new InputError(`status must be one of ${CREDENTIAL_STATUSES.join(', ')}`);
    setCredentialStatus(this.core, credential, status);
  }

  /** Back to the start-up state: data re-seeded, settings, faults and endpoints as configured. */
  reset(): void {
    this.core.scheduler.cancelPending();
    this.dispatcher.reset();
    this.core.store.clear();
    this.core.calls.reset();
    this.core.limiter.reset();
    this.core.settings = structuredClone(this.initial.settings);
    this.core.faults.replace(this.initial.faults);
    applySeed(this.core, this.initial.seed);
    for (const endpoint of this.initial.webhookEndpoints) this.registerWebhookEndpoint(endpoint);
  }
}
