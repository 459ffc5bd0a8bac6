/**
 * The public routes of the web function, in one place for the three that need them: the router
 * (functions/web.ts), the HTTP API (infra/constructs/web-api.ts) and the local gateway, plus the
 * links in mails and pages. Imports nothing, so infra and the local runtime can load it.
 * Pages (GET) also answer HEAD: link checkers and mail scanners send it, and it changes nothing.
 */
export const ROUTES = {
  form: { method: 'GET', path: '/' },
  submit: { method: 'POST', path: '/nominations' },
  status: { method: 'GET', path: '/nominations/{id}' },
  draft: { method: 'GET', path: '/drafts/{draftId}' },
  confirmDraft: { method: 'POST', path: '/drafts/{draftId}' },
  approval: { method: 'GET', path: '/approvals/{approvalId}' },
  decide: { method: 'POST', path: '/approvals/{approvalId}' },
  /** The edit link of a returned nomination (보완 요청): the form, prefilled. */
  correction: { method: 'GET', path: '/corrections/{correctionId}' },
  /** Checks (preview) or stores the correction and hands it back to the waiting workflow. */
  correct: { method: 'POST', path: '/corrections/{correctionId}' },
  delegate: { method: 'POST', path: '/approvals/{approvalId}/delegate' },
  /** Batch review (HQ, the minister's office): every nomination waiting for the link's reviewer at its stage. */
  review: { method: 'GET', path: '/reviews/{reviewId}' },
  /** Decides the selected rows of the batch page at once (each row as a single decision). */
  decideReview: { method: 'POST', path: '/reviews/{reviewId}' },
} as const satisfies Record<string, { method: 'GET' | 'POST'; path: string }>;

export type RouteName = keyof typeof ROUTES;
export type HttpMethod = 'GET' | 'HEAD' | 'POST';

/** Every method and path pair the API answers (GET routes twice: GET and HEAD). */
export function routeKeys(): { method: HttpMethod; path: string; name: RouteName }[] {
  return (Object.keys(ROUTES) as RouteName[]).flatMap((name) => {
    const { method, path } = ROUTES[name];
    const methods: HttpMethod[] = method === 'GET' ? ['GET', 'HEAD'] : [method];
    return methods.map((m) => ({ method: m, path, name }));
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
 * Matches a request against the table as API Gateway does: the route's name and path parameters,
 * or undefined (API Gateway answers 404 itself then).
 */
export function matchRoute(
  method: string,
  path: string,
): { name: RouteName; path: string; pathParameters: Record<string, string> } | undefined {
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
    return { name: route.name, path: route.path, pathParameters };
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
