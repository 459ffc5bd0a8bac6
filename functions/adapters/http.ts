import { createHmac, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PAGE_SECURITY_HEADERS } from '../contracts/security-headers';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 256 * 1024;

export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The media type of a Content-Type header, without parameters: `Application/JSON; charset=x` -> `application/json`. */
export function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** `application/json` and structured-syntax `+json` types (RFC 6839), nothing that merely mentions JSON. */
function isJsonType(type: string): boolean {
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** JSON callers get JSON; browsers (and anything asking for HTML) get pages. */
export function wantsJson(event: HttpEvent): boolean {
  const accept = (header(event, 'accept') ?? '').toLowerCase();
  if (accept.includes('text/html')) return false;
  return isJsonType(mediaType(header(event, 'content-type'))) || accept.includes('application/json');
}

export class BadRequest extends Error {
  override readonly name = 'BadRequest' as const;
  constructor(
    readonly statusCode: 400 | 413 | 415,
    /** Field path -> Korean message, worded by the adapter that refused the request. */
    readonly fields: Readonly<Record<string, string>>,
  ) {
    super(Object.values(fields).join(' '));
  }
}

/** Why a state-changing request was refused before anything was read or decided. */
export type ForbiddenReason = 'cross-site' | 'page-token';

export const FORBIDDEN_MESSAGES: Record<ForbiddenReason, string> = {
  'cross-site':
    '다른 사이트에서 보낸 요청은 처리하지 않습니다. 아무것도 결정되지 않았습니다. 받으신 메일의 링크로 페이지를 직접 열어 그 페이지에서 결정해 주세요.',
  'page-token':
    '이 페이지에서 보낸 요청인지 확인할 수 없어(보안 확인값이 없거나 맞지 않음) 처리하지 않았습니다. 아무것도 결정되지 않았습니다. 받으신 메일의 링크로 페이지를 다시 열어 결정해 주세요.',
};

export class Forbidden extends Error {
  override readonly name = 'Forbidden' as const;
  readonly statusCode = 403 as const;
  constructor(readonly reason: ForbiddenReason) {
    super(FORBIDDEN_MESSAGES[reason]);
  }
}

/** `https://Award.Example.test:443/x` -> `award.example.test`; undefined for `null`, other schemes, garbage. */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a state-changing request that another site's page made a browser send (cross-site
 * request forgery), before anything is read or decided:
 * - `Sec-Fetch-Site` (fetch metadata, sent by current browsers whatever the referrer policy) must be
 *   `same-origin` when present: `cross-site`, `same-site` and `none` are refused.
 * - `Origin`, when present, must name this host (the request's Host, API Gateway's domain name, or
 *   one of `ownHosts`, e.g. PUBLIC_URL's behind a CDN). `Origin: null` (sandboxed frames, data: and
 *   file: pages, some redirects) is refused, except with `Sec-Fetch-Site: same-origin`: our pages
 *   send `Referrer-Policy: no-referrer` (links are secrets), and with that policy browsers send
 *   `Origin: null` on a form posted from our own page.
 * - Neither header: not a browser, or a very old one; the page token decides for forms
 *   (`checkPageToken`), and JSON cannot be posted cross-site by a browser without a CORS preflight,
 *   which this API never grants.
 */
export function refuseCrossSite(event: HttpEvent, ownHosts: readonly string[] = []): void {
  const site = header(event, 'sec-fetch-site')?.trim().toLowerCase();
  if (site !== undefined && site !== 'same-origin') throw new Forbidden('cross-site');
  const origin = header(event, 'origin')?.trim();
  if (origin === undefined) return;
  if (origin.toLowerCase() === 'null') {
    if (site === 'same-origin') return;
    throw new Forbidden('cross-site');
  }
  const own = new Set(
    [header(event, 'host'), event.requestContext?.domainName, ...ownHosts]
      .filter((host): host is string => typeof host === 'string' && host !== '')
      .map((host) => host.toLowerCase()),
  );
  const host = originHost(origin);
  if (host === undefined || !own.has(host)) throw new Forbidden('cross-site');
}

const PAGE_TOKEN_CONTEXT = 'award-workflow page token v1';

/**
 * The anti-forgery token of a page whose address carries its own secret (an approval link id,
 * >=128 random bits): HMAC-SHA256 keyed with that secret, over a fixed context and the page's
 * purpose. The page puts it in a hidden field of its form and the POST must bring it back.
 *
 * Why this design, and what it does and does not prove:
 * - There is no session or cookie to forge with: the link is the credential. What the token adds is
 *   that a form decision was sent from the page we rendered for that link. A page of another site
 *   cannot read ours (same-origin policy), so a form it makes a browser post carries no token, even
 *   when that browser sends no Origin or Sec-Fetch-Site header (old browsers, some proxies);
 *   `refuseCrossSite` covers current browsers independently.
 * - Bound to the page: each link has its own token; one page's token decides nothing elsewhere.
 * - Needs no new secret and no storage: the HTTP functions derive it from the link id in the path.
 *   Whoever holds the link can compute it, which grants nothing the link does not already grant.
 * - Keyed with the link id, it reveals nothing about the link, and is not the stored hash: whoever
 *   reads the table (idHash) cannot compute it.
 * - It does not expire or rotate on its own: a page left open stays usable as long as its link is.
 */
export function pageToken(pageSecret: string, purpose: string): string {
  return createHmac('sha256', pageSecret).update(`${PAGE_TOKEN_CONTEXT}\n${purpose}`).digest('base64url');
}

/** Throws Forbidden unless `given` is the page's token (constant-time comparison). */
export function checkPageToken(pageSecret: string, purpose: string, given: unknown): void {
  const expected = Buffer.from(pageToken(pageSecret, purpose), 'utf8');
  const actual = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new Forbidden('page-token');
  }
}

function rawBody(event: HttpEvent): string {
  if (!event.body) return '';
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw new BadRequest(413, { _: '요청 내용이 너무 큽니다 (256KB 이하).' });
  }
  return body;
}

/** Turns `nominee.name=...` form fields into the nested shape of the JSON contract. */
export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [path, value] of params) {
    const parts = path.split('.');
    if (parts.some((part) => part === '__proto__' || part === 'constructor' || part === 'prototype'))
      continue;
    let target = result;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target[part] = typeof next === 'object' && next !== null ? next : {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts.at(-1);
    if (last) target[last] = value;
  }
  return result;
}

export interface ParsedBody {
  readonly kind: 'json' | 'form';
  readonly value: unknown;
  /** Form fields as sent, to re-fill the form after an error. */
  readonly fields: Record<string, string>;
}

export function parseBody(event: HttpEvent): ParsedBody {
  const type = mediaType(header(event, 'content-type'));
  if (!isJsonType(type) && type !== FORM_TYPE) {
    throw new BadRequest(415, {
      _: '지원하지 않는 형식입니다. application/json 또는 application/x-www-form-urlencoded로 보내 주세요.',
    });
  }
  const body = rawBody(event);
  if (isJsonType(type)) {
    try {
      return { kind: 'json', value: JSON.parse(body || 'null'), fields: {} };
    } catch {
      throw new BadRequest(400, { _: '요청 본문이 올바른 JSON 형식이 아닙니다.' });
    }
  }
  const params = new URLSearchParams(body);
  return { kind: 'form', value: formToObject(params), fields: Object.fromEntries(params) };
}

export function html(
  statusCode: number,
  body: string,
  extraHeaders: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_SECURITY_HEADERS, ...extraHeaders },
    body,
  };
}

export function json(
  statusCode: number,
  value: unknown,
  extraHeaders: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...PAGE_SECURITY_HEADERS, ...extraHeaders },
    body: JSON.stringify(value),
  };
}

/** Form posts carry strings; give booleans and numbers the JSON contract's types. */
export function nominationFromForm(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const form = value as Record<string, unknown>;
  const nominee = (typeof form.nominee === 'object' && form.nominee ? form.nominee : {}) as Record<
    string,
    unknown
  >;
  const years = nominee.serviceYears;
  const bool = (raw: unknown) => (raw === 'true' ? true : raw === 'false' ? false : raw);
  return {
    ...form,
    nominee: {
      ...nominee,
      serviceYears:
        years === '' || years === undefined ? undefined : /^\d+$/.test(String(years)) ? Number(years) : years,
    },
    disciplinaryHistory: bool(form.disciplinaryHistory),
    // An unticked checkbox is simply absent from the post.
    consent: form.consent === undefined ? false : form.consent === 'on' ? true : bool(form.consent),
  };
}
