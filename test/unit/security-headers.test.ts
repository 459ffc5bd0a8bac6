import { html, json } from '../../functions/adapters/http';
import { download } from '../../functions/adapters/http-download';
import {
  DOWNLOAD_CONTENT_SECURITY_POLICY,
  PAGE_CONTENT_SECURITY_POLICY,
} from '../../functions/contracts/security-headers';
import { pdfDownload } from '../../functions/web-certificate';
import { EDGE_CONTENT_SECURITY_POLICY, HSTS_MAX_AGE } from '../../infra/constructs/web-distribution';

const event = { headers: {}, rawPath: '/', requestContext: { http: { method: 'GET' } } } as never;

/** What every answer must carry, whatever it is (issue 9: HSTS, X-Frame-Options, base-uri 'none'). */
function expectHardened(headers: Record<string, unknown> | undefined, csp: string) {
  expect(headers).toMatchObject({
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'content-security-policy': csp,
  });
  expect(String(headers?.['content-security-policy'])).toContain("base-uri 'none'");
  expect(String(headers?.['content-security-policy'])).toContain("frame-ancestors 'none'");
}

describe('security headers, from one place (functions/contracts/security-headers.ts)', () => {
  it('pages and JSON answers carry them with the page policy', () => {
    expectHardened(html(200, '<p>x</p>').headers, PAGE_CONTENT_SECURITY_POLICY);
    expectHardened(json(400, { error: 'x' }).headers, PAGE_CONTENT_SECURITY_POLICY);
  });

  it('files (exports, the 표창장) carry them with the stricter download policy', () => {
    const file = download(event, {
      body: new Uint8Array([1, 2]),
      contentType: 'text/csv; charset=utf-8',
      fileName: { korean: '목록.csv', ascii: 'list.csv' },
    });
    expectHardened(file.headers, DOWNLOAD_CONTENT_SECURITY_POLICY);
    expectHardened(
      pdfDownload(new Uint8Array([1]), '표창장.pdf', 'certificate.pdf').headers,
      DOWNLOAD_CONTENT_SECURITY_POLICY,
    );
  });

  it('CloudFront adds the same ones to what API Gateway answers itself (429, 413)', () => {
    expect(EDGE_CONTENT_SECURITY_POLICY).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(HSTS_MAX_AGE.toSeconds()).toBe(63_072_000);
  });
});
