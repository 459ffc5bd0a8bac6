/**
 * The 표창장 on the whole local stack (`npm start`'s wiring): three approvals, then the awardee's mail
 * in the outbox carries the PDF, and the status page's download link gives the same file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkTo, pathTo } from '../../functions/contracts/routes';
import type { LocalStack } from '../../local/stack';
import { decideOnPage, local, statusUrlOf, submitAndConfirm } from '../support/flow';
import { approvalLinkIn, type StoredMail, waitForMail } from '../support/outbox';
import { sampleNomination } from '../support/sample';
import { startTestStack } from '../support/stack';

let stack: LocalStack;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ stack, close } = await startTestStack());
}, 60_000);
afterAll(async () => close?.());

type MailWithAttachments = StoredMail & {
  attachments?: {
    filename: string;
    contentType: string;
    size: number;
    content: string | { data: number[] };
  }[];
};

function bytesOf(content: string | { data: number[] } | undefined): Buffer {
  if (!content) return Buffer.alloc(0);
  return typeof content === 'string' ? Buffer.from(content, 'base64') : Buffer.from(content.data);
}

const pdfText = (pdf: Buffer): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'award-e2e-cert-'));
  try {
    writeFileSync(path.join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', [path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('an awarded nomination: the awardee mail carries the 표창장, the status page link downloads it', async () => {
  const name = '최수상';
  const email = `awardee.${Date.now()}@example.test`;
  const body = sampleNomination({
    nominee: { name, affiliation: '서울고용복지플러스센터', position: '주무관', email, serviceYears: 6 },
  });
  const confirmed = await submitAndConfirm(stack.urls, body);
  expect(confirmed.status).toBe(201);
  const id = String(confirmed.json.id);
  // The status page and the download open by the token in the receipt's link, not by the id.
  const statusUrl = await statusUrlOf(stack.urls, id);
  const statusToken = statusUrl.split('/').at(-1) ?? '';

  // Before the award: no certificate, a Korean page, not a 500.
  const early = await fetch(`${statusUrl}/certificate`);
  expect(early.status).toBe(409);
  expect(await early.text()).toContain('표창장');
  const earlyStatus = await (await fetch(statusUrl)).text();
  expect(earlyStatus).not.toContain('표창장 내려받기');

  for (const [approver, stage] of [
    ['head.seoul@example.test', '센터 심사'],
    ['hq.reviewer@example.test', '본부 심사'],
    ['minister.office@example.test', '장관 승인'],
  ] as const) {
    const mail = await waitForMail(
      stack.urls.ses,
      approver,
      (m) => m.subject.includes(name) && m.subject.includes(stage),
      1,
      30_000,
    );
    const decided = await decideOnPage(local(approvalLinkIn(mail), stack.urls.web), 'approve');
    expect(decided.status).toBe(200);
  }

  const awarded = (await waitForMail(
    stack.urls.ses,
    email,
    (m) => m.subject.includes('축하'),
    1,
    30_000,
  )) as MailWithAttachments;
  const attachment = awarded.attachments?.find((a) => a.contentType.startsWith('application/pdf'));
  expect(attachment?.filename).toBe(`표창장_${name}.pdf`);
  const mailed = bytesOf(attachment?.content);
  expect(mailed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(mailed);
  for (const field of [name, '서울고용복지플러스센터', '고용노동부장관', '올해의 고용서비스상']) {
    expect(text).toContain(field);
  }

  // The status page links the download once awarded (it did not before: the early page has no link).
  const statusPage = await (await fetch(statusUrl)).text();
  expect(statusPage).toContain(
    `<a class="button" href="${pathTo('certificate', { statusToken })}">표창장 내려받기 (PDF)</a>`,
  );
  // The id alone downloads nothing.
  expect((await fetch(`${stack.urls.web}/nominations/${id}/certificate`)).status).toBe(404);

  const download = await fetch(local(linkTo(stack.urls.web, 'certificate', { statusToken }), stack.urls.web));
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/pdf');
  expect(download.headers.get('content-disposition')).toContain(
    `filename*=UTF-8''${encodeURIComponent(`표창장_${name}.pdf`)}`,
  );
  expect(Buffer.from(await download.arrayBuffer()).equals(mailed)).toBe(true);
}, 120_000);
