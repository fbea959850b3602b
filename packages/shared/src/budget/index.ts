export type { CallBudgetOptions } from './budget-options.js';
export { type CallBudget, createCallBudget, type TryAcquireResult } from './create-call-budget.js';
