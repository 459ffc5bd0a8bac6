import type { Context } from 'aws-lambda';
import { type HttpFunctionName, type RouteKey, type RouteNameOf, routeKeys } from '../contracts/routes';
import { ConfigurationError } from '../domain/errors';
import type { LiveConfig } from './config';
import type { HttpEvent, HttpResult } from './http';
import { type ErrorWording, httpErrorsWith } from './http-errors';
import { lambdaHandler } from './middleware';

/** What a route works with: its function's services, the cycles and directory as they are now, the time left. */
export type RouteDeps<S> = S & LiveConfig & { readonly remainingMs: () => number };

export type RouteHandler<D> = (event: HttpEvent, deps: D) => Promise<HttpResult>;

/** Every route a function serves has its handler, and no other (the type makes a missing one a compile error). */
export type RouteHandlers<F extends HttpFunctionName, D> = {
  readonly [N in RouteNameOf<F>]: RouteHandler<D>;
};

/** API Gateway's 404 for a route the function does not serve (adapters/http-errors.ts answers it). */
class RouteNotServed extends Error {
  override name = 'RouteNotServed';
  readonly statusCode = 404;
}

/**
 * The wiring both HTTP functions (functions/web.ts, functions/review.ts) share: the routes the table
 * (functions/contracts/routes.ts) gives the function, each found by the event's `routeKey` (API
 * Gateway matched the route already; the local gateway does the same from the same table) and called
 * with the services, the live configuration and the time left; middy with the Korean error pages
 * and JSON errors (adapters/http-errors.ts) around it. `routes` is what the function serves (a test
 * holds it to the table). HEAD answers like GET and, like GET, never changes anything (link checkers
 * send it).
 */
export function httpFunction<F extends HttpFunctionName, S extends object>(
  fn: F,
  options: {
    readonly services: S;
    readonly config: { current(): Promise<LiveConfig> };
    readonly handlers: RouteHandlers<F, RouteDeps<S>>;
    /** How the error pages and JSON errors word refusals (adapters/http-errors.ts). */
    readonly wording: ErrorWording;
  },
) {
  const routed = routeKeys(fn);
  const served = new Set<string>(routed.map(({ name }) => name));
  const strays = Object.keys(options.handlers).filter((name) => !served.has(name));
  if (strays.length > 0)
    throw new ConfigurationError(`The ${fn} function has handlers for routes it does not serve: ${strays}`);
  const handlers = options.handlers as Readonly<Record<string, RouteHandler<RouteDeps<S>>>>;
  const byRouteKey = new Map<string, RouteHandler<RouteDeps<S>>>();
  for (const { method, path, name } of routed) {
    const handle = handlers[name];
    if (!handle) throw new ConfigurationError(`The ${fn} function has no handler for the route ${name}`);
    byRouteKey.set(`${method} ${path}`, handle);
  }
  const route = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const handle = byRouteKey.get(event.routeKey);
    if (!handle) throw new RouteNotServed(`${fn} does not serve ${event.routeKey}`);
    return handle(event, {
      ...options.services,
      ...(await options.config.current()),
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
  };
  return {
    routes: routed as readonly RouteKey<RouteNameOf<F>>[],
    handler: lambdaHandler<HttpEvent, HttpResult>(fn, route, httpErrorsWith(options.wording)),
  };
}
