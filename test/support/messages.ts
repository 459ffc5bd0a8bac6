import { ValidationError } from '../../functions/domain/errors';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';

/** A ValidationError's fields in Korean, as pages and JSON answers word them (views/messages.ts). */
export function messagesOf(error: unknown): Record<string, string> {
  if (!(error instanceof ValidationError)) throw error;
  return fieldMessages(error.fields, fieldMessage);
}

/** Runs `run`, which must throw a ValidationError, and returns its fields in Korean. */
export function messagesThrownBy(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    return messagesOf(error);
  }
  throw new Error('expected a ValidationError');
}

/**
 * The name and Korean field messages of the ValidationError `promise` rejects with: for
 * `await expect(wordedRejection(p)).resolves.toMatchObject({ name, fields })`.
 */
export function wordedRejection(
  promise: Promise<unknown>,
): Promise<{ name: string; fields: Record<string, string> }> {
  return promise.then(
    () => {
      throw new Error('expected a ValidationError');
    },
    (error: unknown) => ({ name: (error as Error).name, fields: messagesOf(error) }),
  );
}

/** A ValidationError with its fields in Korean, for `rejects.toMatchObject({ fields: { x: '...' } })`. */
export class WordedValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly fields: Record<string, string>) {
    super('ValidationError (worded)');
  }
}

/** `.catch(rethrowWorded)`: rethrows a ValidationError with its fields worded; anything else as it is. */
export function rethrowWorded(error: unknown): never {
  if (error instanceof ValidationError)
    throw new WordedValidationError(fieldMessages(error.fields, fieldMessage));
  throw error;
}
