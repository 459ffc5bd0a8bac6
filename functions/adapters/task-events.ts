import { ValidationError } from '../domain/errors';
import { NOMINATION_ID_PATTERN } from '../domain/ids';
import * as z from '../domain/schema';

/** Parses a workflow task's payload at the edge; a malformed one is not retried (ValidationError). */
export function parseTaskEvent<T extends z.ZodMiniType>(schema: T, event: unknown): z.infer<T> {
  const result = schema.safeParse(event);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) fields[issue.path.map(String).join('.') || '_'] = issue.message;
    throw new ValidationError(fields);
  }
  return result.data;
}

export const nominationIdField = z.string().check(z.regex(NOMINATION_ID_PATTERN));
