export type { GroundTruth, TruthFile, TruthInvoice, TruthTaxpayer } from './admin/ground-truth.js';
export type { SimAdmin } from './admin/sim-admin.js';
export {
  EMITTED_EVENT_TYPES,
  type SimulatorConfig,
  type SimulatorOptions,
  simulatorConfigSchema,
  type WebhookEndpointSeed,
} from './config/options.js';
export type { RateLimitSettings, Settings, SettingsPatch, Timings } from './config/settings.js';
export type { FaultRule, FaultRuleInput } from './faults/fault-rule.js';
export type { SeededTaxpayer } from './seed/apply-seed.js';
export { DEFAULT_SEED, type SeedSpecInput, type TaxpayerSeedInput } from './seed/seed-spec.js';
export { type RunningSimulator, startSimulator } from './simulator.js';
export { contentDigest, signatureHeader } from './webhooks/signature.js';
