import { z } from 'zod';
import { ValidationError } from '../domain/errors';

/** Parses a workflow task's payload at the edge; a malformed one is not retried (ValidationError). */
export function parseTaskEvent<T extends z.ZodType>(schema: T, event: unknown): z.infer<T> {
  const result = schema.safeParse(event);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) fields[issue.path.map(String).join('.') || '_'] = issue.message;
    throw new ValidationError(fields);
  }
  return result.data;
}

export const nominationIdField = z.string().regex(/^\d{4}-[a-z2-9]{20}$/);
