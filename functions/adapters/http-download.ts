import { gzipSync } from 'node:zlib';
import { DOWNLOAD_SECURITY_HEADERS } from '../contracts/security-headers';
import { type HttpEvent, type HttpResult, header } from './http';

/**
 * Lambda refuses a response payload above 6 MB (the JSON it is sent in, base64 body included): a file
 * whose answer would be larger is refused here with a page, not by Lambda with a 502.
 */
export const MAX_RESPONSE_BODY_CHARS = 5_500_000;

export class DownloadTooLarge extends Error {
  override readonly name = 'DownloadTooLarge';
  constructor(readonly chars: number) {
    super(`The download would be ${chars} characters, above ${MAX_RESPONSE_BODY_CHARS}`);
  }
}

/** RFC 5987 / 6266 `filename*` value: UTF-8, percent-encoded (also ' ( ) *). */
function extendedValue(name: string): string {
  return `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** `attachment` with an ASCII `filename` for old clients and the real (Korean) name as `filename*`. */
export function contentDisposition(fileName: { readonly korean: string; readonly ascii: string }): string {
  const ascii = fileName.ascii.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=${extendedValue(fileName.korean)}`;
}

function acceptsGzip(event: HttpEvent): boolean {
  return /(^|[\s,])gzip(?!\s*;\s*q=0(\.0*)?\s*(,|$))/i.test(header(event, 'accept-encoding') ?? '');
}

/**
 * A file to download, as API Gateway wants a binary answer (base64 with isBase64Encoded; the local
 * gateway decodes it the same way). Text (`compressible`) is gzipped when the client accepts it, so
 * that a large CSV stays inside Lambda's response limit. `body: undefined` answers a HEAD: the
 * headers only. Usable by any route that answers a file (an export, a certificate PDF).
 */
export function download(
  event: HttpEvent,
  options: {
    readonly body: Uint8Array | undefined;
    readonly contentType: string;
    readonly fileName: { readonly korean: string; readonly ascii: string };
    readonly compressible?: boolean;
  },
): HttpResult {
  const gzip = options.compressible === true && acceptsGzip(event);
  const headers: Record<string, string> = {
    'content-type': options.contentType,
    ...DOWNLOAD_SECURITY_HEADERS,
    'content-disposition': contentDisposition(options.fileName),
    ...(options.compressible ? { vary: 'accept-encoding' } : {}),
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  };
  if (options.body === undefined) return { statusCode: 200, headers };
  const bytes = gzip ? gzipSync(options.body) : options.body;
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  if (body.length > MAX_RESPONSE_BODY_CHARS) throw new DownloadTooLarge(body.length);
  return { statusCode: 200, headers, body, isBase64Encoded: true };
}
