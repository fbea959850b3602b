import { z } from 'zod';
import { looseNumber, optionalTimestamp, requiredId } from './common.js';

export const fileSchema = z.looseObject({
  id: requiredId,
  type: z.string().min(1, 'expected the file type'),
  resource: z.string().nullish(),
  mimeType: z.string().nullish(),
  extension: z.string().nullish(),
  size: looseNumber.nullish(),
  filename: z.string().nullish(),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsFile = z.output<typeof fileSchema>;
