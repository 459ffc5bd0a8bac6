import { TransientError } from '../domain/errors';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
  'TooManyRequestsException',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);

/** Whether an AWS SDK error is worth retrying: throttling, 5xx, network, a transaction that lost a race. */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isTransactionConflict(error)) return true;
  const meta = error as Error & {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  if (meta.$retryable) return true;
  if (TRANSIENT_NAMES.has(error.name) || (meta.code && TRANSIENT_NAMES.has(meta.code))) return true;
  return (meta.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** Rethrows transient AWS failures as TransientError (the ASL retries on that name). */
export function rethrowTransient(error: unknown, what: string): never {
  if (isTransientAwsError(error)) {
    throw new TransientError(`${what} failed transiently: ${(error as Error).message}`, { cause: error });
  }
  throw error;
}

/** Whether a DynamoDB transaction was cancelled by the condition of the item at `index`. */
export function conditionFailedAt(error: unknown, index: number): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons[index]?.Code === 'ConditionalCheckFailed';
}

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** A transaction cancelled because another one touched the same item at the same time (not a failed condition). */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === 'TransactionConflict');
}
