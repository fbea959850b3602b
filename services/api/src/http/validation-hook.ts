import type { OpenAPIHonoOptions } from '@hono/zod-openapi';
import type { AppEnv } from '../deps.js';
import { ApiError } from './api-error.js';
import { describeIssues } from './describe-issues.js';

type DefaultHook = NonNullable<OpenAPIHonoOptions<AppEnv>['defaultHook']>;

/** Every route's validation failure becomes one 400 naming each bad field; nothing runs after it. */
export const validationHook: DefaultHook = (result) => {
  if (result.success) return;
  throw new ApiError('validation_failed', describeIssues(result.error, result.target));
};
