export { createApp } from './app.js';
export { type ApiConfig, loadConfig } from './config.js';
export type { ApiDeps, AppEnv } from './deps.js';
export { ACTIONABLE_EVENT_TYPES, isActionableEventType } from './webhooks/event-types.js';
export { registerWebhookEndpoint, WEBHOOK_PATH } from './webhooks/register-endpoint.js';
