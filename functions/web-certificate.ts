/**
 * The `web` function's certificate download (`GET /nominations/{statusToken}/certificate`, behind the status
 * page's link, by the same token): the 표창장 PDF of an awarded nomination, as issued by the workflow; a Korean page
 * (adapters/http-errors.ts) when there is none.
 */
import type { HttpEvent, HttpResult } from './adapters/http';
import { certificateKey } from './contracts/certificates';
import { DOWNLOAD_SECURITY_HEADERS } from './contracts/security-headers';
import { CertificateUnavailable, NominationNotFound } from './domain/errors';
import type { CertificateStore, NominationReader } from './domain/ports';
import { findByStatusToken, type StatusLinkLookup } from './use-cases/status-links';
import { certificateFilename } from './views/certificate-text';

/**
 * Content-Disposition for a download named `filename` (RFC 6266): an ASCII fallback for old clients
 * and the UTF-8 name (RFC 5987 `filename*`), percent-encoded, so no header injection is possible.
 */
export function attachmentDisposition(filename: string, fallback: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The PDF as API Gateway (HTTP API) passes binary: base64 with isBase64Encoded. */
export function pdfDownload(content: Uint8Array, filename: string, fallback: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': attachmentDisposition(filename, fallback),
      'content-length': String(content.length),
      ...DOWNLOAD_SECURITY_HEADERS,
    },
    isBase64Encoded: true,
    body: Buffer.from(content).toString('base64'),
  };
}

export const downloadCertificate = async (
  event: HttpEvent,
  deps: {
    readonly nominations: NominationReader & StatusLinkLookup;
    readonly certificates: CertificateStore;
  },
): Promise<HttpResult> => {
  const token = event.pathParameters?.statusToken ?? '';
  const id = await findByStatusToken(token, deps);
  const nomination = id ? await deps.nominations.get(id) : undefined;
  if (!id || !nomination) throw new NominationNotFound('(status link)');
  if (nomination.stage !== 'awarded') throw new CertificateUnavailable('not_awarded');
  const content = await deps.certificates.get(certificateKey(nomination.cycle, nomination.id));
  if (!content) throw new CertificateUnavailable('not_issued');
  return pdfDownload(
    content,
    certificateFilename(nomination.nominee.name),
    `certificate-${nomination.id}.pdf`,
  );
};
