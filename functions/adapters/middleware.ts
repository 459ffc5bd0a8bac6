import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { maskEmailsIn } from '../domain/privacy';

const LEVELS = { silent: 0, error: 1, warn: 2, info: 3 } as const;
type Level = Exclude<keyof typeof LEVELS, 'silent'>;
const threshold = LEVELS[(process.env.LOG_LEVEL as keyof typeof LEVELS | undefined) ?? 'info'] ?? LEVELS.info;

/**
 * One JSON line per log record: CloudWatch Logs Insights and the local console read the same.
 * E-mail addresses are masked in the whole line (message, every field, nested ones, error texts):
 * logs are read widely and kept apart from the nomination record, so they carry no full address.
 */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] > threshold) return;
  const line = `${maskEmailsIn(JSON.stringify({ level, message, at: new Date().toISOString(), ...fields }))}\n`;
  // Straight to the streams, not console.*: Lambda's text log format prefixes console lines,
  // which would keep CloudWatch's JSON metric filters from matching.
  if (level === 'error') process.stderr.write(line);
  else process.stdout.write(line);
}

function errorLogging(functionName: string): MiddlewareObj {
  return {
    onError: (request) => {
      const error = request.error;
      // A failure the function already answered with a 4xx is the caller's mistake, not ours.
      const answered = (request.response as { statusCode?: number } | null)?.statusCode;
      const level = answered !== undefined && answered < 500 ? 'warn' : 'error';
      log(level, 'handler failed', {
        function: functionName,
        awsRequestId: request.context.awsRequestId,
        errorName: error?.name,
        errorMessage: error?.message,
      });
    },
  };
}

/**
 * The one wrapper every function uses: middy with error logging, plus the function's own
 * middlewares. Errors keep their literal `name`, which the ASL's Retry/Catch match on.
 */
export function lambdaHandler<TEvent, TResult>(
  functionName: string,
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  ...middlewares: MiddlewareObj<TEvent, TResult>[]
) {
  const wrapped = middy<TEvent, TResult>().handler(handler);
  // middy runs onError hooks last-registered first: the function's own mapping goes first,
  // logging last, so logging sees errors the function chose not to turn into a response.
  wrapped.use(errorLogging(functionName) as MiddlewareObj<TEvent, TResult>);
  for (const middleware of middlewares) wrapped.use(middleware);
  return wrapped;
}
