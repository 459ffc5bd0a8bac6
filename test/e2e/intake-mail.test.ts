import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import nodemailer from 'nodemailer';
import type { LocalStack } from '../../local/stack';
import { local } from '../support/flow';
import { buildMail, type MailCharset, sampleTemplateBody } from '../support/mime';
import { allMail, approvalLinkIn, mailTo, type StoredMail, waitForMail } from '../support/outbox';
import { startTestStack } from '../support/stack';

const run = promisify(execFile);
const INTAKE = 'nominations@example.test';
const SEOUL = 'award.seoul@example.test';
const HEAD = 'head.seoul@example.test';
const FORGED = 'forged@spoofed.test';

let stack: LocalStack;
let sfn: SFNClient;
let counter = 0;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ stack, sfn, close } = await startTestStack({
    // The SMTP stand-in stamps SPF/DKIM/DMARC FAIL on this one sender, PASS on the rest.
    mailVerdict: (sender) => (sender === FORGED ? 'FAIL' : 'PASS'),
  }));
}, 60_000);

afterAll(async () => close?.());

/** A nominee (name and e-mail) no other test uses. */
function nominee() {
  counter += 1;
  return {
    name: `메일후보${String.fromCharCode(0xac00 + counter * 11)}`,
    email: `mail${counter}.${Date.now()}@example.test`,
  };
}

/** Sends a raw message over SMTP, as a mail server would hand it to SES. */
async function sendRaw(from: string, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: stack.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope: { from, to: [INTAKE] }, raw });
  } finally {
    transport.close();
  }
}

function headMail(name: string): Promise<StoredMail> {
  return waitForMail(
    stack.urls.ses,
    HEAD,
    (mail) => mail.subject.includes(name) && mail.subject.includes('센터 심사'),
  );
}

async function executionsNamed(prefix: string) {
  const { executions = [] } = await sfn.send(
    new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn }),
  );
  return executions.filter((execution) => execution.name?.startsWith(prefix));
}

describe('nominations by e-mail on the local stack (SMTP -> S3 -> inbound-email)', () => {
  it.each<[MailCharset, 'quoted-printable' | 'base64' | '8bit']>([
    ['utf-8', 'quoted-printable'],
    ['euc-kr', 'base64'],
    ['ks_c_5601-1987', 'quoted-printable'],
  ])(
    'starts a nomination from a %s (%s) mail of a registered address, with its attachments',
    async (charset, encoding) => {
      const { name, email } = nominee();
      const raw = buildMail({
        from: { name: '서울센터 추천담당', address: SEOUL },
        to: INTAKE,
        subject: `올해의 고용서비스상 후보자 추천 (${name})`,
        text: sampleTemplateBody({ 성명: name, 이메일: email }),
        charset,
        transferEncoding: encoding,
        attachments: [
          { filename: '공적조서.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') },
          { filename: '추천서.hwp', contentType: 'application/x-hwp', content: Buffer.alloc(2048, 1) },
        ],
      });
      await sendRaw(SEOUL, raw);

      const receipt = await waitForMail(stack.urls.ses, SEOUL, (mail) =>
        mail.subject.includes(`추천서 접수 확인: ${name}`),
      );
      // The status link is by its own token (issue 9), never by the nomination id.
      expect(receipt.body.text).toMatch(/\/nominations\/[A-Za-z0-9_-]{43}/);
      expect(receipt.body.text).not.toMatch(/\/nominations\/2026-[a-z2-9]{20}/);
      const approvalPage = await (
        await fetch(local(approvalLinkIn(await headMail(name)), stack.urls.web))
      ).text();
      expect(approvalPage).toContain(name);
      expect(approvalPage).toContain('공적조서.pdf');
      expect(approvalPage).toContain('추천서.hwp');
      expect(approvalPage).toContain('<dt>접수 경로</dt><dd>이메일</dd>');

      const s3 = new S3Client({
        endpoint: stack.urls.s3,
        forcePathStyle: true,
        region: 'ap-northeast-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: stack.intakeBucket }));
      s3.destroy();
      expect(Contents.some((object) => object.Key?.startsWith('inbound/'))).toBe(true);
      expect(Contents.filter((object) => object.Key?.endsWith('공적조서.pdf')).length).toBeGreaterThan(0);
    },
  );

  it('gives one nomination and one receipt when the same message is delivered twice', async () => {
    const { name, email } = nominee();
    const raw = buildMail({
      from: SEOUL,
      to: INTAKE,
      subject: `추천 ${name}`,
      text: sampleTemplateBody({ 성명: name, 이메일: email }),
      charset: 'utf-8',
      transferEncoding: '8bit',
      messageId: `<twice-${Date.now()}@seoul.example.test>`,
    });
    await sendRaw(SEOUL, raw);
    await sendRaw(SEOUL, raw);
    await headMail(name);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const mails = await allMail(stack.urls.ses);
    expect(mailTo(mails, SEOUL).filter((mail) => mail.subject.includes(`접수 확인: ${name}`))).toHaveLength(
      1,
    );
    expect(mailTo(mails, HEAD).filter((mail) => mail.subject.includes(name))).toHaveLength(1);
    // The second delivery is recognised as the same mail: no "already nominated" reply either.
    expect(mailTo(mails, SEOUL).filter((mail) => mail.subject.includes(`추천 ${name}`))).toEqual([]);
    expect(await executionsNamed('2026-')).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'RUNNING' })]),
    );
  });

  it('answers a bad template with one Korean reply listing each problem by label, and starts nothing', async () => {
    const { name } = nominee();
    const subject = `양식 오류 ${name}`;
    const raw = buildMail({
      from: SEOUL,
      to: INTAKE,
      subject,
      text: sampleTemplateBody({
        성명: name,
        이메일: 'not-an-address',
        징계여부: '모름',
        공적요지: null,
        세부공적: '주민 900101-1234567',
      }),
      charset: 'utf-8',
      transferEncoding: 'quoted-printable',
    });
    await sendRaw(SEOUL, raw);
    const reply = await waitForMail(stack.urls.ses, SEOUL, (mail) => mail.subject.includes(subject));
    const text = reply.body.text ?? '';
    expect(reply.subject).toContain('접수하지 못했습니다');
    for (const label of ['이메일', '징계여부', '공적요지', '세부공적']) expect(text).toContain(`${label}:`);
    expect(text).toContain('주민등록번호');
    expect(text).not.toContain('1234567');
    expect(text).toContain('포상연도:'); // the template to copy
    expect(mailTo(await allMail(stack.urls.ses), HEAD).filter((mail) => mail.subject.includes(name))).toEqual(
      [],
    );
  });

  it('answers an unregistered sender politely once, and a forged one not at all; nothing starts', async () => {
    const before = (await executionsNamed('2026-')).length;
    const stranger = 'someone@elsewhere.test';
    const { name } = nominee();
    for (const from of [stranger, FORGED]) {
      await sendRaw(
        from,
        buildMail({
          from,
          to: INTAKE,
          subject: '추천합니다',
          text: sampleTemplateBody({ 성명: name }),
          charset: 'utf-8',
          transferEncoding: '8bit',
        }),
      );
    }
    const reply = await waitForMail(stack.urls.ses, stranger, (mail) =>
      mail.subject.includes('등록되지 않은 주소'),
    );
    expect(reply.body.text).toContain('등록한 추천 담당 메일 주소');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailTo(await allMail(stack.urls.ses), FORGED)).toEqual([]);
    expect((await executionsNamed('2026-')).length).toBe(before);
  });

  it('refuses relaying to any address but the intake one', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: stack.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      transport.sendMail({
        envelope: { from: SEOUL, to: ['someone@else.test'] },
        raw: 'Subject: x\r\n\r\nhi',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    transport.close();
  });

  it('takes a mail sent with swaks, the command README gives', async () => {
    const { name, email } = nominee();
    const body = path.join(tmpdir(), `intake-${Date.now()}.txt`);
    writeFileSync(body, sampleTemplateBody({ 성명: name, 이메일: email }));
    await run('swaks', [
      '--server',
      `127.0.0.1:${stack.smtpPort}`,
      '--from',
      SEOUL,
      '--to',
      INTAKE,
      '--header',
      'Subject: 고용서비스상 추천',
      '--add-header',
      'Content-Type: text/plain; charset=utf-8',
      '--body',
      body,
    ]);
    await headMail(name);
  });
});
