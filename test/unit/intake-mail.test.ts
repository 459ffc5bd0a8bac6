import iconv from 'iconv-lite';
import {
  htmlToPlainText,
  MAX_INTAKE_MAIL_BYTES,
  MailTooLarge,
  parseIntakeMail,
} from '../../functions/adapters/intake-mail';
import { parseNominationTemplate } from '../../functions/adapters/mail-template';
import {
  buildMail,
  type MailCharset,
  type MailSpec,
  sampleTemplateBody,
  type TransferEncoding,
} from '../support/mime';
import { sampleNomination } from '../support/sample';

const SENDER = 'award.seoul@example.test';
// 똠 and 햏 exist only in CP949's extension, not in KS X 1001 (plain EUC-KR): decoding them proves
// the parser reads ks_c_5601-1987 as CP949, as Korean Outlook means it.
const SUBJECT = '[추천] 2026년 올해의 고용서비스상 후보자 추천 - 김민지 주무관 (똠햏)';
const SENDER_NAME = '박서준 (서울고용복지플러스센터 취업지원과)';

function mail(overrides: Partial<MailSpec> = {}): Buffer {
  return buildMail({
    from: { name: SENDER_NAME, address: 'Award.Seoul@Example.TEST' },
    to: 'nominations@example.test',
    subject: SUBJECT,
    text: sampleTemplateBody(),
    charset: 'utf-8',
    transferEncoding: 'quoted-printable',
    messageId: 'outlook-1@example.test',
    ...overrides,
  });
}

const expectedNomination = sampleNomination({ category: '수요자 맞춤형 취업·채용지원 서비스' });

describe('parseIntakeMail: charsets and transfer encodings', () => {
  const charsets: MailCharset[] = ['utf-8', 'euc-kr', 'ks_c_5601-1987'];
  const encodings: TransferEncoding[] = ['quoted-printable', 'base64', '8bit'];
  const cases = charsets.flatMap((charset) => encodings.map((encoding) => [charset, encoding] as const));

  it.each(cases)(
    'decodes a %s body sent as %s, subject and sender name included',
    async (charset, encoding) => {
      const parsed = await parseIntakeMail(
        mail({ charset, transferEncoding: encoding, text: `${sampleTemplateBody()}\n똠방각하 햏` }),
      );
      expect(parsed.subject).toBe(SUBJECT);
      expect(parsed.from).toEqual({ address: 'award.seoul@example.test', name: SENDER_NAME });
      expect(parsed.messageId).toBe('<outlook-1@example.test>');
      expect(parsed.text).toContain(
        '세부공적: 1:1 심층상담과 기업 연계 채용행사를 운영하여 참여자 312명 중 187명 취업.',
      );
      expect(parsed.text).toContain('똠방각하 햏');
      const template = parseNominationTemplate(parsed.text, parsed.from?.address ?? '');
      expect(template.errors).toEqual({});
      expect(template.raw).toEqual(expectedNomination);
    },
  );

  it('really sends ks_c_5601-1987 (CP949 bytes, charset label as Outlook writes it)', () => {
    const raw = mail({ charset: 'ks_c_5601-1987', transferEncoding: '8bit', text: '성명: 똠' }).toString(
      'latin1',
    );
    expect(raw).toContain('charset="ks_c_5601-1987"');
    expect(raw).toContain(iconv.encode('성명: 똠', 'cp949').toString('latin1'));
    expect(raw).toMatch(/Subject: =\?ks_c_5601-1987\?B\?/);
  });

  it('joins a long subject folded over several encoded words', async () => {
    const subject = `${'고용서비스 우수사례 '.repeat(8)}끝`;
    const raw = mail({ subject, charset: 'ks_c_5601-1987' });
    expect(raw.toString('latin1').match(/=\?ks_c_5601-1987\?B\?/g)?.length).toBeGreaterThan(3);
    expect((await parseIntakeMail(raw)).subject).toBe(subject);
  });

  it('reads a mail whose charset it does not know without throwing', async () => {
    const raw = Buffer.from(
      'From: a@example.test\r\nSubject: x\r\nContent-Type: text/plain; charset="x-unknown-1"\r\n\r\n성명: 김민지\r\n',
    );
    const parsed = await parseIntakeMail(raw);
    expect(parsed.subject).toBe('x');
    expect(typeof parsed.text).toBe('string');
  });
});

describe('parseIntakeMail: sender', () => {
  it('lower-cases the address and leaves out an empty name', async () => {
    const parsed = await parseIntakeMail(mail({ from: 'AWARD.Seoul@example.TEST' }));
    expect(parsed.from).toEqual({ address: 'award.seoul@example.test' });
  });

  it('has no sender when From is missing or not an address', async () => {
    const noFrom = Buffer.from('To: nominations@example.test\r\nSubject: hi\r\n\r\n본문\r\n');
    expect((await parseIntakeMail(noFrom)).from).toBeUndefined();
    expect((await parseIntakeMail(mail({ from: 'not an address' }))).from).toBeUndefined();
    expect((await parseIntakeMail(mail({ from: '<@>' }))).from).toBeUndefined();
  });

  it('takes the first mailbox of a group', async () => {
    const parsed = await parseIntakeMail(
      mail({ from: 'Center: award.seoul@example.test, other@example.test;' }),
    );
    expect(parsed.from?.address).toBe('award.seoul@example.test');
  });
});

describe('parseIntakeMail: attachments', () => {
  const hwp = Buffer.from('HWP Document File', 'latin1');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0xab)]);

  it.each([
    ['utf-8', 'rfc2231'],
    ['utf-8', 'rfc2047'],
    ['ks_c_5601-1987', 'rfc2231'],
    ['ks_c_5601-1987', 'rfc2047'],
    ['euc-kr', 'rfc2231'],
  ] as const)(
    'decodes Korean file names (%s, %s) and keeps the content',
    async (charset, filenameEncoding) => {
      const longName =
        '2026년 올해의 고용서비스상 공적조서_서울고용복지플러스센터_김민지 주무관_최종본 (똠).hwp';
      const parsed = await parseIntakeMail(
        mail({
          charset,
          attachments: [
            { filename: longName, contentType: 'application/octet-stream', content: hwp, filenameEncoding },
            { filename: '추천서.pdf', contentType: 'application/pdf', content: pdf, filenameEncoding },
          ],
        }),
      );
      expect(
        parsed.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })),
      ).toEqual([
        { filename: longName, contentType: 'application/octet-stream', size: hwp.length },
        { filename: '추천서.pdf', contentType: 'application/pdf', size: pdf.length },
      ]);
      expect(parsed.attachments[1]?.content.equals(pdf)).toBe(true);
      expect(parsed.text).toContain('성명: 김민지');
    },
  );

  it('uses RFC 2231 continuations in the built mail (so that decoding them is what is tested)', () => {
    const raw = mail({
      attachments: [{ filename: `${'공적'.repeat(20)}.pdf`, contentType: 'application/pdf', content: pdf }],
    }).toString('latin1');
    expect(raw).toContain("filename*0*=utf-8''");
    expect(raw).toContain('filename*1*=');
  });

  it('names a nameless attachment so that the policy can report it', async () => {
    const parsed = await parseIntakeMail(
      mail({ attachments: [{ contentType: 'application/pdf', content: pdf }] }),
    );
    expect(parsed.attachments.map((each) => each.filename)).toEqual(['첨부파일-1']);
  });
});

describe('parseIntakeMail: HTML bodies', () => {
  const outlookHtml = (body: string) =>
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="ks_c_5601-1987">' +
    '<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=KO>\n<div class=WordSection1>\n' +
    body +
    '\n</div></body></html>';
  const paragraphs = (lines: string[]) =>
    lines
      .map((line) => `<p class=MsoNormal><span style='font-family:"맑은 고딕"'>${line}<o:p></o:p></span></p>`)
      .join('\n');

  it('turns an HTML-only mail into template lines: one line per block, long lines whole, no link targets', async () => {
    const details = '1:1 심층상담과 기업 연계 채용행사를 운영하여 참여자 312명 중 187명 취업. '
      .repeat(4)
      .trim();
    const body = sampleTemplateBody({ 세부공적: details }).split('\n');
    const lines = body
      .slice(0, body.indexOf('-- '))
      .filter((line) => line.trim() !== '')
      .map((line) =>
        line
          .replace(
            'minji.kim@example.test',
            '<a href="mailto:minji.kim@example.test">minji.kim@example.test</a>',
          )
          .replace('취업·채용', '취업&middot;채용'),
      );
    const html = outlookHtml(`${paragraphs(lines)}\n<p class=MsoNormal>&nbsp;</p><p>-- <br>박서준 드림</p>`);
    const parsed = await parseIntakeMail(
      mail({ text: undefined, html, charset: 'ks_c_5601-1987', transferEncoding: 'quoted-printable' }),
    );
    expect(parsed.text).toContain('이메일: minji.kim@example.test\n');
    expect(parsed.text).not.toContain('mailto');
    expect(parsed.text).not.toContain('MsoNormal');
    const template = parseNominationTemplate(parsed.text, SENDER);
    expect(template.errors).toEqual({});
    expect(template.raw).toEqual({ ...expectedNomination, meritDetails: details });
  });

  it('prefers the plain-text alternative when there is one', async () => {
    const parsed = await parseIntakeMail(mail({ html: '<p>HTML 본문</p>' }));
    expect(parsed.text).toContain('성명: 김민지');
    expect(parsed.text).not.toContain('HTML 본문');
  });

  it('skips images embedded in the HTML without a file name, keeps named ones', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const parsed = await parseIntakeMail(
      mail({
        text: undefined,
        html: '<p>성명: 김민지</p><img src="cid:logo"><img src="cid:photo">',
        attachments: [
          { contentType: 'image/png', content: png, contentId: 'logo' },
          { filename: '현장사진.png', contentType: 'image/png', content: png, contentId: 'photo' },
        ],
      }),
    );
    expect(parsed.text).toBe('성명: 김민지');
    expect(parsed.attachments.map((each) => each.filename)).toEqual(['현장사진.png']);
  });
});

describe('htmlToPlainText', () => {
  it('keeps line breaks per block and br, decodes entities, drops head, style, script and comments', () => {
    const html =
      '<head><title>제목</title></head><style>p{}</style><script>x()</script><!-- 주석 -->' +
      '<header>머리</header><div>성명: 김&amp;민지</div><p>소속:&nbsp;센터<br>둘째&#x20;줄 &#54620;</p><table><tr><td>a</td><td>b</td></tr></table>';
    expect(htmlToPlainText(html)).toBe('머리\n성명: 김&민지\n소속: 센터\n둘째 줄 한\na b');
  });

  it('keeps an unclosed style or comment from swallowing the page only after it', () => {
    expect(htmlToPlainText('<p>성명: 김민지</p><style>p {')).toBe('성명: 김민지');
    expect(htmlToPlainText('<p>앞</p><!-- 닫히지 않은 주석 <p>뒤</p>')).toBe('앞');
  });

  it('stays linear on hostile markup', () => {
    const started = Date.now();
    htmlToPlainText(`${'<b>'.repeat(200_000)}x${'<a'.repeat(300_000)}${'<'.repeat(500_000)}`);
    htmlToPlainText(`${'<!--'.repeat(100_000)}`);
    htmlToPlainText(`${'<head'.repeat(100_000)}${'<style'.repeat(50_000)}`);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('parseIntakeMail: malformed input never throws', () => {
  const garbage: [string, Buffer][] = [
    ['empty input', Buffer.alloc(0)],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256))],
    ['headers only', Buffer.from('From: award.seoul@example.test\r\nSubject: =?utf-8?B?7LaU7LKc?=\r\n')],
    ['no header/body separator', Buffer.from('성명: 김민지\n소속: 센터\n')],
    ['a broken encoded word', Buffer.from('Subject: =?ks_c_5601-1987?B?!!!?=\r\n\r\nbody')],
    [
      'an unterminated multipart with bad base64',
      Buffer.from(
        'From: a@example.test\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n' +
          'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@###\r\n--b\r\n' +
          'Content-Type: application/pdf; name="=?utf-8?B?broken\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0',
      ),
    ],
    ['a header far over the parser limit', Buffer.from(`X-Long: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\nbody`)],
  ];

  it.each(garbage)('%s', async (_name, raw) => {
    const parsed = await parseIntakeMail(raw);
    expect(typeof parsed.subject).toBe('string');
    expect(typeof parsed.text).toBe('string');
    expect(Array.isArray(parsed.attachments)).toBe(true);
  });
});

describe('parseIntakeMail: size limit', () => {
  it('refuses input over 40 MB before parsing, with a typed error', async () => {
    const raw = Buffer.alloc(MAX_INTAKE_MAIL_BYTES + 1, 0x61);
    await expect(parseIntakeMail(raw)).rejects.toBeInstanceOf(MailTooLarge);
    await expect(parseIntakeMail(raw)).rejects.toMatchObject({ name: 'MailTooLarge', size: raw.length });
  });

  it('accepts a mail of exactly 40 MB', async () => {
    const header = Buffer.from('From: award.seoul@example.test\r\nSubject: big\r\n\r\n');
    const raw = Buffer.concat([header, Buffer.alloc(MAX_INTAKE_MAIL_BYTES - header.length, 0x61)]);
    expect((await parseIntakeMail(raw)).subject).toBe('big');
  });
});
