import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldErrors } from '../domain/errors';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 256 * 1024;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Approval links are secrets in the URL: never leak them to another site via Referer.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

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
    readonly fields: FieldErrors,
  ) {
    super(Object.values(fields).join(' '));
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
    headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extraHeaders },
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
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...extraHeaders },
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
