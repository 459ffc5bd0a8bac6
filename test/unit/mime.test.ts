import { simpleParser } from 'mailparser';
import {
  buildMime,
  encodeHeaderWords,
  mailbox,
  parseMailbox,
  safeFilename,
} from '../../functions/adapters/mime';

const FROM = { address: 'award-office@example.test', name: '고용서비스상 사무국' };

function base(overrides: Record<string, unknown> = {}) {
  return {
    to: ['head.seoul@example.test'],
    subject: '[올해의 고용서비스상] 본부 심사 요청',
    text: '본문입니다.\n둘째 줄',
    html: '<p>본문입니다.</p>',
    ...overrides,
  };
}

/** The encoded-words of a header, each decoded on its own. */
function wordsOf(raw: string, header: string): string[] {
  const lines = raw.split('\r\n');
  const start = lines.findIndex((line) => line.startsWith(`${header}: `));
  const folded = [lines[start] as string];
  for (let i = start + 1; lines[i]?.startsWith(' '); i++) folded.push(lines[i] as string);
  return [...folded.join('\r\n').matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/g)].map((m) => m[1] as string);
}

describe('raw MIME of Korean mail', () => {
  it('a long Korean subject survives: every encoded-word is whole UTF-8 and at most 75 characters', async () => {
    const subject = `[올해의 고용서비스상] ${'고용노동부 장관 승인 요청 — 서울고용복지플러스센터 홍길동 '.repeat(6)}끝`;
    const raw = buildMime(base({ subject }), FROM);
    const words = wordsOf(raw, 'Subject');
    expect(words.length).toBeGreaterThan(5);
    for (const word of words) {
      const bytes = Buffer.from(word, 'base64');
      // A split character would not survive a round trip through a strict decoder.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toContain('\uFFFD');
      expect(`=?UTF-8?B?${word}?=`.length).toBeLessThanOrEqual(75);
    }
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(subject);
  });

  it('splits between code points, so characters outside the BMP survive too', () => {
    const subject = '표창 🏅'.repeat(40);
    const words = wordsOf(`Subject: ${encodeHeaderWords(subject)}`, 'Subject');
    const decoded = words.map((word) =>
      new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(word, 'base64')),
    );
    expect(decoded.join('')).toBe(subject);
  });

  it('subjects and names never carry control characters or line breaks (no header injection)', async () => {
    const raw = buildMime(
      base({
        subject: '승인\r\nBcc: victim@example.test\u0000\u202e요청',
        senderName: '사무국\r\nX-Evil: 1',
      }),
      FROM,
    );
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('승인 Bcc: victim@example.test요청');
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.from?.value[0]?.name).toBe('사무국 X-Evil: 1');
  });

  it('refuses an address that would add a recipient or a header', () => {
    expect(() => buildMime(base({ to: ['a@example.test\r\nBcc: b@example.test'] }), FROM)).toThrow(TypeError);
    expect(() => buildMime(base({ replyTo: 'x@example.test>, <y@example.test' }), FROM)).toThrow(TypeError);
  });

  it('text and HTML from the same mail, sender name and reply-to, decoded by mailparser', async () => {
    const raw = buildMime(
      base({
        senderName: '올해의 고용서비스상 사무국',
        replyTo: 'award-help@example.test',
        cc: ['c@example.test'],
      }),
      FROM,
    );
    const parsed = await simpleParser(raw);
    expect(parsed.from?.value).toEqual([{ address: FROM.address, name: '올해의 고용서비스상 사무국' }]);
    expect(parsed.replyTo?.value[0]?.address).toBe('award-help@example.test');
    expect(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.value[0]?.address : undefined).toBe(
      'c@example.test',
    );
    expect(parsed.text?.replace(/\n$/, '')).toBe('본문입니다.\n둘째 줄');
    expect(parsed.html).toBe('<p>본문입니다.</p>');
    expect(parsed.attachments).toEqual([]);
  });

  it('an attachment with a Korean file name comes back byte for byte under that name', async () => {
    const content = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
    const raw = buildMime(
      base({ attachments: [{ filename: '표창장_홍길동.pdf', contentType: 'application/pdf', content }] }),
      FROM,
    );
    const parsed = await simpleParser(raw);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('표창장_홍길동.pdf');
    expect(parsed.attachments[0]?.contentType).toBe('application/pdf');
    expect(Buffer.compare(parsed.attachments[0]?.content as Buffer, Buffer.from(content))).toBe(0);
    expect(parsed.text?.trim()).toBe('본문입니다.\n둘째 줄');
  });

  it('file names lose paths and control characters and stay short, keeping the extension', () => {
    expect(safeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFilename('표창장\r\n.pdf')).toBe('표창장 .pdf');
    const long = safeFilename(`${'가'.repeat(500)}.pdf`);
    expect([...long]).toHaveLength(80);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('reads the configured sender as name and address', () => {
    expect(parseMailbox('고용서비스상 사무국 <award-office@example.test>')).toEqual({
      address: 'award-office@example.test',
      name: '고용서비스상 사무국',
    });
    expect(parseMailbox('"Office" <o@example.test>')).toEqual({ address: 'o@example.test', name: 'Office' });
    expect(parseMailbox('o@example.test')).toEqual({ address: 'o@example.test' });
    expect(mailbox('o@example.test', 'Award Office')).toBe('Award Office <o@example.test>');
    expect(mailbox('o@example.test', 'Office, "HQ"')).toBe('"Office, \\"HQ\\"" <o@example.test>');
  });
});
