import { z } from 'zod';
import { optionalTimestamp, requiredId } from './common.js';
import { fileSchema } from './file.js';

export const EXPORT_STATUSES = ['pending', 'running', 'finished', 'failed'] as const;
export type SatwsExportStatus = (typeof EXPORT_STATUSES)[number];

export const exportSchema = z.looseObject({
  id: requiredId,
  status: z.enum(EXPORT_STATUSES),
  format: z.string().nullish(),
  fileTypes: z.array(z.string()).nullish(),
  uri: z.string().nullish(),
  file: fileSchema.nullish(),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsExport = z.output<typeof exportSchema>;
