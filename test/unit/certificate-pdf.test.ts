import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import {
  loadCertificateFonts,
  PdfCertificateRenderer,
  patchedFontkit,
} from '../../functions/adapters/certificate-pdf';
import type { Certificate } from '../../functions/domain/certificate';
import { certificateFilename, koreanDate } from '../../functions/views/certificate-text';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results', 'certificates');
const fonts = loadCertificateFonts();
const renderer = new PdfCertificateRenderer(fonts);
let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'award-certificate-'));
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const awardee: Certificate = {
  nominationId: '2026-abcdefghijkmnpqrstu',
  cycle: '2026',
  cycleTitle: '2026년 올해의 고용서비스상',
  categoryName: '수요자 맞춤형 취업·채용지원 서비스',
  nomineeType: 'individual',
  name: '김민지',
  affiliation: '서울고용복지플러스센터',
  position: '주무관',
  // 2026-11-27 KST (UTC+9) although still the 26th in UTC.
  awardedAt: '2026-11-26T16:30:00.000Z',
};

/** Writes the PDF, checks it with poppler (pdfinfo), and returns its text as pdftotext extracts it. */
function extract(pdf: Uint8Array, name: string): { text: string; info: string } {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return { text, info };
}

/** A PNG of the page for people to look at: test-results/certificates/<name>.png. */
function snapshot(pdf: Uint8Array, name: string): void {
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', file, path.join(ARTIFACTS, name)]);
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

describe('PdfCertificateRenderer', () => {
  test('an A4 page whose every field pdftotext extracts exactly, on a line of its own', async () => {
    const pdf = await renderer.render(awardee);
    const { text, info } = extract(pdf, 'awardee');
    snapshot(pdf, 'awardee');
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toContain('Title:           표창장 - 김민지');
    const got = lines(text);
    // The heading is printed spaced (표 창 장); pdftotext joins the wide CJK letters as one word.
    expect(got[0]).toBe('표창장');
    for (const field of [
      '2026년 올해의 고용서비스상',
      '서울고용복지플러스센터',
      '주무관',
      '김민지',
      '수요자 맞춤형 취업·채용지원 서비스',
      '2026년 11월 27일',
      '고용노동부장관',
    ]) {
      expect(got).toContain(field);
    }
    for (const label of ['소속', '직위', '성명', '분야']) expect(got).toContain(label);
    expect(got.join(' ')).toContain(
      '위 사람은 국민을 위한 고용서비스 현장에서 투철한 사명감과 남다른 열정으로 맡은 바 직무에 헌신하여 고용서비스 발전에 기여한 공이 크므로 이에 표창합니다.',
    );
    expect(got.at(-1)).toBe('고용노동부장관');
  });

  test('embeds NanumMyeongjo as subsets, not the 3 MB fonts', async () => {
    const pdf = await renderer.render(awardee);
    expect(pdf.length).toBeLessThan(80_000);
    const file = path.join(work, 'fonts.pdf');
    writeFileSync(file, pdf);
    const listing = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(listing).toMatch(/NanumMyeongjo\S*\s+CID TrueType\s+Identity-H\s+yes/);
    expect(listing).toMatch(/NanumMyeongjoExtraBold\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });

  test('an organization: 기관명 instead of 성명, no 직위, "위 기관은"', async () => {
    const pdf = await renderer.render({
      ...awardee,
      nomineeType: 'organization',
      name: '부산고용복지플러스센터 기업지원팀',
      affiliation: '부산고용복지플러스센터',
      categoryName: '지역·산업 맞춤형 고용서비스',
    });
    snapshot(pdf, 'organization');
    const got = lines(extract(pdf, 'organization').text);
    expect(got).toEqual(expect.arrayContaining(['기관명', '부산고용복지플러스센터 기업지원팀', '분야']));
    expect(got).not.toContain('직위');
    expect(got.join(' ')).toContain('위 기관은');
  });

  test('renders the same bytes for the same certificate (a retried step stores nothing new)', async () => {
    const [a, b] = await Promise.all([renderer.render(awardee), renderer.render(awardee)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  test('a 10,000-character name and control characters still give a valid one-page PDF', async () => {
    const hostile = {
      ...awardee,
      name: `${'김'.repeat(10_000)}\u0000\u0007`,
      affiliation: '서울\r\n고용\t복지\u202e플러스\u0000센터\ud800',
      position: 'x'.repeat(5_000),
      categoryName: `${'가나다 '.repeat(400)}`,
      cycleTitle: '2026년 올해의 고용서비스상\u0085\u200b',
    };
    const pdf = await renderer.render(hostile);
    snapshot(pdf, 'hostile');
    const { text, info } = extract(pdf, 'hostile');
    expect(info).toMatch(/Pages:\s+1\n/);
    const got = lines(text);
    expect(got).toContain('서울 고용 복지플러스센터');
    expect(got).toContain('2026년 올해의 고용서비스상');
    const unprintable = Array.from(text).filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      return (code < 0x20 && char !== '\n' && char !== '\f') || code === 0x202e;
    });
    expect(unprintable).toEqual([]);
    // Cut, and marked as cut, instead of running off the page.
    expect(got.some((line) => /^김+…$/.test(line))).toBe(true);
    expect(got.filter((line) => /^김+/.test(line)).join('').length).toBeLessThan(400);
    expect(got).toContain('고용노동부장관');
  });

  test('characters the font lacks print as ?, the rest exactly', async () => {
    const pdf = await renderer.render({ ...awardee, name: '김민지😀' });
    expect(lines(extract(pdf, 'emoji').text)).toContain('김민지?');
  });
});

describe('patchedFontkit (fontkit fixes)', () => {
  test('every glyph of a subset decodes as in the full font, odd-length ones included', async () => {
    const text = '표창장 고용노동부장관 서울고용복지플러스센터 2026년 11월 27일';
    const font = patchedFontkit.create(fonts.regular) as unknown as {
      layout(t: string): { glyphs: { id: number; path: { commands: unknown[] } }[] };
      createSubset(): { includeGlyph(id: number): number; encodeStream(): NodeJS.ReadableStream };
    };
    const full = font.layout(text).glyphs.filter((glyph) => glyph.path.commands.length > 0);
    const subset = font.createSubset();
    const ids = full.map((glyph) => subset.includeGlyph(glyph.id));
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      subset
        .encodeStream()
        .on('data', (part: Buffer) => parts.push(Buffer.from(part)))
        .on('end', () => resolve(Buffer.concat(parts)))
        .on('error', reject);
    });
    const parsed = patchedFontkit.create(bytes) as unknown as {
      getGlyph(id: number): { path: { commands: unknown[] } };
    };
    ids.forEach((id, i) => {
      expect(parsed.getGlyph(id).path.commands).toEqual(full[i]?.path.commands);
    });
  });

  test('pdf-lib still loads the rendered document', async () => {
    const doc = await PDFDocument.load(await renderer.render(awardee));
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('표창장 - 김민지');
  });
});

describe('certificate text', () => {
  test('dates in KST', () => {
    expect(koreanDate('2026-11-26T15:00:00.000Z')).toBe('2026년 11월 27일');
    expect(koreanDate('2026-11-26T14:59:59.000Z')).toBe('2026년 11월 26일');
    expect(koreanDate('not a date')).toBe('');
  });

  test('file names: no separators or control characters, capped', () => {
    expect(certificateFilename('김민지')).toBe('표창장_김민지.pdf');
    const traversal = certificateFilename('../../etc/passwd');
    expect(traversal).toMatch(/^표창장_[^/\\]*\.pdf$/);
    expect(traversal).not.toContain('..');
    expect(certificateFilename('a\r\nb\u0000c')).toBe('표창장_a_bc.pdf');
    expect(certificateFilename('')).toBe('표창장_수상자.pdf');
    expect(Array.from(certificateFilename('김'.repeat(10_000))).length).toBeLessThanOrEqual(70);
  });
});
