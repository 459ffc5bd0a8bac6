/**
 * The public routes, in one place for everything that needs them: the routers of the two HTTP
 * functions (functions/web.ts, functions/review.ts), the HTTP API (infra/constructs/web-api.ts) and
 * the local gateway, plus the links in mails and pages. Each route names the one function that serves
 * it (`fn`), by audience: `web` for nominating centers (form, drafts, status, edit links), `review`
 * for approvers (approval links, delegation, batch review). Imports nothing, so infra and the local
 * runtime can load it.
 * Pages (GET) also answer HEAD: link checkers and mail scanners send it, and it changes nothing.
 */
export const ROUTES = {
  form: { method: 'GET', path: '/', fn: 'web' },
  submit: { method: 'POST', path: '/nominations', fn: 'web' },
  /**
   * The status page, by its own secret token (functions/domain/secret-links.ts statusToken), never by
   * the nomination id (that one is in logs and the execution name): `/nominations/{id}` opens nothing.
   */
  status: { method: 'GET', path: '/nominations/{statusToken}', fn: 'web' },
  /** The 표창장 PDF of an awarded nomination, behind the status page's link (the same token). */
  certificate: { method: 'GET', path: '/nominations/{statusToken}/certificate', fn: 'web' },
  draft: { method: 'GET', path: '/drafts/{draftId}', fn: 'web' },
  confirmDraft: { method: 'POST', path: '/drafts/{draftId}', fn: 'web' },
  approval: { method: 'GET', path: '/approvals/{approvalId}', fn: 'review' },
  decide: { method: 'POST', path: '/approvals/{approvalId}', fn: 'review' },
  /** The edit link of a returned nomination (보완 요청): the form, prefilled. */
  correction: { method: 'GET', path: '/corrections/{correctionId}', fn: 'web' },
  /** Checks (preview) or stores the correction and hands it back to the waiting workflow. */
  correct: { method: 'POST', path: '/corrections/{correctionId}', fn: 'web' },
  delegate: { method: 'POST', path: '/approvals/{approvalId}/delegate', fn: 'review' },
  /** Batch review (HQ, the minister's office): every nomination waiting for the link's reviewer at its stage. */
  review: { method: 'GET', path: '/reviews/{reviewId}', fn: 'review' },
  /** Decides the selected rows of the batch page at once (each row as a single decision). */
  decideReview: { method: 'POST', path: '/reviews/{reviewId}', fn: 'review' },
  /** The cycle of a batch review link as a file for HQ (`?format=csv|xlsx`, default xlsx): every nomination, by category. */
  exportReview: { method: 'GET', path: '/reviews/{reviewId}/export', fn: 'export' },
} as const satisfies Record<string, { method: 'GET' | 'POST'; path: string; fn: HttpFunctionName }>;

/**
 * The Lambda functions behind the HTTP API, by audience. Each is its own bundle and role: `web`
 * (nominating centers) starts executions and never reads the link key; `review` (approvers) reads
 * the link key (a delegate's link) and never starts an execution; `export` (HQ's download of a cycle)
 * only reads the table, and carries the spreadsheet writer the other two do without.
 */
export const HTTP_FUNCTIONS = ['web', 'review', 'export'] as const;
export type HttpFunctionName = (typeof HTTP_FUNCTIONS)[number];

export type RouteName = keyof typeof ROUTES;
export type HttpMethod = 'GET' | 'HEAD' | 'POST';

/** The names of the routes one function serves. */
export type RouteNameOf<F extends HttpFunctionName> = {
  [N in RouteName]: (typeof ROUTES)[N]['fn'] extends F ? N : never;
}[RouteName];

export interface RouteKey<N extends RouteName = RouteName> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly name: N;
  readonly fn: HttpFunctionName;
}

/**
 * Every method and path pair the API answers (GET routes twice: GET and HEAD), with the function
 * that serves it; given a function, only its own.
 */
export function routeKeys(): RouteKey[];
export function routeKeys<F extends HttpFunctionName>(fn: F): RouteKey<RouteNameOf<F>>[];
export function routeKeys(fn?: HttpFunctionName): RouteKey[] {
  return (Object.keys(ROUTES) as RouteName[]).flatMap((name) => {
    const { method, path, fn: served } = ROUTES[name];
    if (fn !== undefined && served !== fn) return [];
    const methods: HttpMethod[] = method === 'GET' ? ['GET', 'HEAD'] : [method];
    return methods.map((m) => ({ method: m, path, name, fn: served }));
  });
}

type ParamsOf<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { readonly [K in Name]: string } & ParamsOf<Rest>
  : unknown;

/** A route's path with its parameters filled in (URL-encoded). */
export function pathTo<N extends RouteName>(name: N, params: ParamsOf<(typeof ROUTES)[N]['path']>): string {
  const values = params as Record<string, string>;
  return ROUTES[name].path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Route ${name} needs ${key}`);
    return encodeURIComponent(value);
  });
}

/** An absolute link for mails, from the public base URL (API Gateway's, or a custom domain). */
export function linkTo<N extends RouteName>(
  publicUrl: string,
  name: N,
  params: ParamsOf<(typeof ROUTES)[N]['path']>,
): string {
  return `${publicUrl.replace(/\/+$/, '')}${pathTo(name, params)}`;
}

/**
 * Matches a request against the table as API Gateway does: the route's name, the function that
 * serves it and the path parameters, or undefined (API Gateway answers 404 itself then).
 */
export function matchRoute(
  method: string,
  path: string,
):
  | { name: RouteName; path: string; fn: HttpFunctionName; pathParameters: Record<string, string> }
  | undefined {
  for (const route of routeKeys()) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/\{(\w+)\}/g, (_, key: string) => {
      names.push(key);
      return '([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((key, i) => {
      pathParameters[key] = safeDecode(match[i + 1] ?? '');
    });
    return { name: route.name, path: route.path, fn: route.fn, pathParameters };
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // malformed escapes stay as sent; the handler rejects them as unknown ids
  }
}
