import type { AddressInfo } from 'node:net';
import type { HttpEvent } from '../../functions/adapters/http';
import { httpErrors } from '../../functions/adapters/http-errors';
import { certificateKey } from '../../functions/contracts/certificates';
import { CertificateUnavailable, NominationNotFound } from '../../functions/domain/errors';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import type { Stage } from '../../functions/domain/stages';
import { attachmentDisposition, downloadCertificate, pdfDownload } from '../../functions/web-certificate';
import { startGateway } from '../../local/gateway';
import { MemoryCertificates, MemoryNominations, statusTokenIn } from '../support/fakes';
import { sampleNomination } from '../support/sample';

const NOMINEE = (sampleNomination() as unknown as NominationInput).nominee;
const ID = '2026-abcdefghijkmnpqrstuv';
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80, 0x0a]);

async function deps(stage: Stage, issued = true) {
  const nominations = new MemoryNominations();
  const nomination: Nomination = {
    ...(sampleNomination({ cycle: '2026' }) as unknown as NominationInput),
    id: ID,
    stage,
    version: 5,
    createdAt: '2026-09-01T00:00:00.000Z',
    updatedAt: '2026-11-27T00:00:00.000Z',
  };
  await nominations.create(nomination, 'k', { type: 'submitted', at: nomination.createdAt, actor: 'x' });
  const certificates = new MemoryCertificates();
  if (issued) await certificates.put(certificateKey('2026', ID), PDF);
  return { nominations, certificates, token: await statusTokenIn(nominations, ID) };
}

const event = (statusToken: string, accept = 'text/html') =>
  ({
    pathParameters: { statusToken },
    headers: { accept },
    routeKey: 'GET /nominations/{statusToken}/certificate',
  }) as unknown as HttpEvent;

/** What the web function answers for a thrown error (its middy error mapping). */
function answerFor(error: unknown, accept = 'text/html') {
  const request = { error, event: event('x'.repeat(43), accept), response: undefined as unknown } as never;
  (httpErrors.onError as (r: never) => void)(request);
  return (request as { response: { statusCode: number; body: string; headers: Record<string, string> } })
    .response;
}

describe('GET /nominations/{statusToken}/certificate', () => {
  test('an awarded nomination: its PDF, base64 for API Gateway, as an attachment with a UTF-8 file name', async () => {
    const wired = await deps('awarded');
    const result = await downloadCertificate(event(wired.token), wired);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64')).toEqual(Buffer.from(PDF));
    expect(result.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="certificate-${ID}.pdf"; filename*=UTF-8''${encodeURIComponent(`표창장_${NOMINEE.name}.pdf`)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

  test.each(['submitted', 'center_review', 'minister_approval', 'rejected', 'returned'] as const)(
    'at %s: no certificate (409, a Korean page), never a 500',
    async (stage) => {
      const wired = await deps(stage);
      const thrown = await downloadCertificate(event(wired.token), wired).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(CertificateUnavailable);
      const answer = answerFor(thrown);
      expect(answer.statusCode).toBe(409);
      expect(answer.headers['content-type']).toContain('text/html');
      expect(answer.body).toContain('표창장을 내려받을 수 없습니다');
    },
  );

  test('awarded without a certificate (before the step existed): 404 with a Korean page', async () => {
    const wired = await deps('awarded', false);
    const thrown = await downloadCertificate(event(wired.token), wired).catch((e: unknown) => e);
    expect(thrown).toEqual(new CertificateUnavailable('not_issued'));
    const answer = answerFor(thrown);
    expect(answer.statusCode).toBe(404);
    expect(answer.body).toContain('발급된 표창장이 없습니다');
    expect(answerFor(thrown, 'application/json')).toMatchObject({ statusCode: 404 });
  });

  test('an unknown or malformed token, or the nomination id itself: 404', async () => {
    const wired = await deps('awarded');
    for (const token of [ID, 'A'.repeat(43), `${wired.token}x`, wired.token.slice(1), '../../x', '']) {
      await expect(downloadCertificate(event(token), wired)).rejects.toBeInstanceOf(NominationNotFound);
    }
  });

  test('Content-Disposition cannot be broken by the name', () => {
    const header = attachmentDisposition('표창장_"a";\r\nx=y.pdf', 'certificate.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(
      `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent('표창장_"a";\r\nx=y.pdf')}`,
    );
  });

  test('the local gateway passes the PDF through byte for byte, as API Gateway does', async () => {
    const web = async () => pdfDownload(PDF, '표창장_김민지.pdf', 'certificate.pdf');
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      handlers: { web, review: web } as never,
    });
    try {
      const { port } = gateway.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/nominations/${'A'.repeat(43)}/certificate`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(PDF));
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });
});
