/**
 * The security headers of every answer, in one place: the functions' pages and downloads
 * (functions/adapters/http.ts, http-download.ts, web-certificate.ts), the ops console, and the
 * CloudFront response headers policy that adds them to what API Gateway answers itself
 * (infra/constructs/web-distribution.ts). Imports nothing.
 */

/** Two years, subdomains too (HSTS preload length). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** Pages: no scripts at all, inline styles only, forms post to this origin, never framed, no <base>. */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Files (PDF, CSV, XLSX): nothing may load or run from them. */
export const DOWNLOAD_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Every answer's headers but the CSP (which depends on what is answered). */
export const COMMON_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Approval and status links are secrets in the URL: never leak them to another site via Referer.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  // For browsers that ignore CSP frame-ancestors (older ones on government PCs).
  'x-frame-options': 'DENY',
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
} as const;

export const PAGE_SECURITY_HEADERS = {
  ...COMMON_SECURITY_HEADERS,
  'content-security-policy': PAGE_CONTENT_SECURITY_POLICY,
} as const;

export const DOWNLOAD_SECURITY_HEADERS = {
  ...COMMON_SECURITY_HEADERS,
  'content-security-policy': DOWNLOAD_CONTENT_SECURITY_POLICY,
} as const;
