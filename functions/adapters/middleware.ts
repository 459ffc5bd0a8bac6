import { Logger, LogLevel } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { SERVICE_NAME } from '../contracts/observability';
import { ConfigurationError } from '../domain/errors';
import { maskEmailsIn } from '../domain/privacy';

type Level = 'error' | 'warn' | 'info';

const LEVELS = Object.values(LogLevel);

/**
 * POWERTOOLS_LOG_LEVEL or LOG_LEVEL, in any case (tests set `LOG_LEVEL=error`; Powertools reads the
 * variables only in upper case), checked at init. On Lambda, AWS_LAMBDA_LOG_LEVEL (the function's
 * ApplicationLogLevel, infra/constructs/task-function.ts) overrides both: Powertools gives it precedence.
 */
function configuredLevel(): (typeof LEVELS)[number] | undefined {
  const raw = process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL;
  if (!raw) return undefined;
  const level = LEVELS.find((name) => name === raw.trim().toUpperCase());
  if (!level) throw new ConfigurationError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, not "${raw}"`);
  return level;
}

/**
 * Every string value of a line (message, fields, nested ones, error messages, stacks and causes) with
 * its e-mail addresses masked: logs are read widely and kept apart from the nomination record, so they
 * carry no full address. A JSON replacer sees each value once, after Powertools has formatted errors.
 */
export function maskEmailValues(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? maskEmailsIn(value) : value;
}

/**
 * One JSON object per line (Powertools writes to process.stdout/stderr through its own Console, so
 * Lambda adds no prefix and the metric filters on `$.message` match), with `level`, `timestamp`,
 * `service`, and, inside a handler, the request id and `cold_start`.
 */
export const logger = new Logger({
  serviceName: SERVICE_NAME,
  logLevel: configuredLevel(),
  jsonReplacerFn: maskEmailValues,
});

/** A log line from handler code; `fields` become top-level keys (an `Error` value is logged with stack and cause). */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  logger[level](message, fields);
}

function errorLogging(functionName: string): MiddlewareObj {
  return {
    onError: (request) => {
      // A failure the function already answered with a 4xx is the caller's mistake, not ours.
      const answered = (request.response as { statusCode?: number } | null)?.statusCode;
      const level = answered !== undefined && answered < 500 ? 'warn' : 'error';
      log(level, 'handler failed', { function: functionName, error: request.error });
    },
  };
}

/**
 * The one wrapper every function uses: middy with the Lambda context on every log line and error
 * logging, plus the function's own middlewares. Errors keep their literal `name`, which the ASL's
 * Retry/Catch match on.
 */
export function lambdaHandler<TEvent, TResult>(
  functionName: string,
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  ...middlewares: MiddlewareObj<TEvent, TResult>[]
) {
  const wrapped = middy<TEvent, TResult>().handler(handler);
  // Never the event itself, whatever POWERTOOLS_LOGGER_LOG_EVENT says: events carry names and addresses.
  wrapped.use(injectLambdaContext(logger, { logEvent: false }) as MiddlewareObj<TEvent, TResult>);
  // middy runs onError hooks last-registered first: the function's own mapping goes first,
  // logging last, so logging sees errors the function chose not to turn into a response.
  wrapped.use(errorLogging(functionName) as MiddlewareObj<TEvent, TResult>);
  for (const middleware of middlewares) wrapped.use(middleware);
  return wrapped;
}
