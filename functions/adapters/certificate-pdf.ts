import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import {
  CERTIFICATE_FONT_DIR,
  CERTIFICATE_FONT_PACKAGE,
  CERTIFICATE_FONTS,
  type CertificateFontName,
  certificateFontFile,
} from '../contracts/certificates';
import type { Certificate } from '../domain/certificate';
import type { CertificateRenderer } from '../domain/ports';
import { type CertificateText, certificateText } from '../views/certificate-text';

export type CertificateFonts = Readonly<Record<CertificateFontName, Uint8Array>>;

/**
 * The font files: next to the bundled handler (`fonts/`, where infra's bundling puts them), or, run
 * from source (tests, the local runtime), from the npm package itself.
 */
export function loadCertificateFonts(): CertificateFonts {
  const read = (font: CertificateFontName): Uint8Array => {
    const shipped = path.join(__dirname, CERTIFICATE_FONT_DIR, certificateFontFile(font));
    try {
      return readFileSync(shipped);
    } catch {
      return readFileSync(require.resolve(`${CERTIFICATE_FONT_PACKAGE}/${CERTIFICATE_FONTS[font]}`));
    }
  };
  return { regular: read('regular'), heavy: read('heavy') };
}

// A4 portrait, in points.
const PAGE = { width: 595.28, height: 841.89 };
const INK = rgb(0.1, 0.1, 0.12);
const FRAME = rgb(0.45, 0.33, 0.12);
const MARGIN = 30;
/** Text stays inside this band (the inner frame, with air). */
const TEXT_LEFT = 92;
const TEXT_RIGHT = PAGE.width - 92;
const TEXT_WIDTH = TEXT_RIGHT - TEXT_LEFT;
/** Baseline of the date; the signatory sits below it. */
const DATE_Y = 205;

interface Fitted {
  readonly size: number;
  readonly lines: readonly string[];
}

/** Splits at spaces where it can, inside a word where it must (a name without spaces). */
function wrap(text: string, width: (s: string) => number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line) lines.push(line);
    line = '';
  };
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (width(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    push();
    if (width(word) <= maxWidth) {
      line = word;
      continue;
    }
    for (const char of Array.from(word)) {
      if (line && width(line + char) > maxWidth) push();
      line += char;
    }
  }
  push();
  return lines.length > 0 ? lines : [''];
}

/** Shrinks from `size` towards `minSize`, then wraps into at most `maxLines`, ending with … when cut. */
function fitText(
  text: string,
  font: PDFFont,
  maxWidth: number,
  { size, minSize, maxLines }: { size: number; minSize: number; maxLines: number },
): Fitted {
  const widthAt = (s: number) => (t: string) => font.widthOfTextAtSize(t, s);
  for (let s = size; s >= minSize; s -= 1) {
    if (widthAt(s)(text) <= maxWidth) return { size: s, lines: [text] };
  }
  const lines = wrap(text, widthAt(minSize), maxWidth);
  if (lines.length <= maxLines) return { size: minSize, lines };
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last && widthAt(minSize)(`${last}…`) > maxWidth) last = Array.from(last).slice(0, -1).join('');
  kept[maxLines - 1] = `${last}…`;
  return { size: minSize, lines: kept };
}

/** Replaces characters the font has no glyph for (they would print as empty boxes and extract as nothing). */
function coveredBy(font: PDFFont): (text: string) => string {
  const covered = new Set(font.getCharacterSet());
  return (text) =>
    Array.from(text)
      .map((char) => (char === ' ' || covered.has(char.codePointAt(0) ?? -1) ? char : '?'))
      .join('');
}

function centered(page: PDFPage, text: string, y: number, font: PDFFont, size: number): void {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (PAGE.width - width) / 2, y, size, font, color: INK });
}

function frame(page: PDFPage): void {
  const outer = { x: MARGIN, y: MARGIN, width: PAGE.width - 2 * MARGIN, height: PAGE.height - 2 * MARGIN };
  page.drawRectangle({ ...outer, borderColor: FRAME, borderWidth: 4 });
  const gap = 9;
  page.drawRectangle({
    x: outer.x + gap,
    y: outer.y + gap,
    width: outer.width - 2 * gap,
    height: outer.height - 2 * gap,
    borderColor: FRAME,
    borderWidth: 1,
  });
  // Small squares in the inner corners: the classic certificate frame.
  const corner = 7;
  for (const [x, y] of [
    [outer.x + gap, outer.y + gap],
    [outer.x + outer.width - gap, outer.y + gap],
    [outer.x + gap, outer.y + outer.height - gap],
    [outer.x + outer.width - gap, outer.y + outer.height - gap],
  ] as const) {
    page.drawRectangle({
      x: x - corner / 2,
      y: y - corner / 2,
      width: corner,
      height: corner,
      color: FRAME,
    });
  }
}

/** Lays the certificate's lines out on one A4 page. */
function layout(page: PDFPage, text: CertificateText, regular: PDFFont, heavy: PDFFont): void {
  const safeRegular = coveredBy(regular);
  const safeHeavy = coveredBy(heavy);
  frame(page);

  centered(page, text.heading, 690, heavy, 50);
  const award = fitText(safeRegular(text.award), regular, TEXT_WIDTH, { size: 17, minSize: 10, maxLines: 2 });
  let y = 640;
  for (const line of award.lines) {
    centered(page, line, y, regular, award.size);
    y -= award.size * 1.4;
  }
  // A short rule under the award's name.
  const ruleY = y + award.size * 1.4 - 14;
  page.drawLine({
    start: { x: PAGE.width / 2 - 40, y: ruleY },
    end: { x: PAGE.width / 2 + 40, y: ruleY },
    thickness: 0.8,
    color: FRAME,
  });

  // Label / value rows, the values aligned after the widest label.
  y = Math.min(y, 640 - 17 * 1.4) - 36;
  const labelSize = 16;
  const valueLeft = TEXT_LEFT + 80;
  const valueWidth = TEXT_RIGHT - valueLeft;
  for (const { label, value, emphasis } of text.rows) {
    const font = emphasis ? heavy : regular;
    const safe = emphasis ? safeHeavy : safeRegular;
    const fitted = fitText(safe(value), font, valueWidth, {
      size: emphasis ? 19 : 17,
      minSize: 9,
      maxLines: 3,
    });
    page.drawText(label, { x: TEXT_LEFT, y, size: labelSize, font: regular, color: INK });
    for (const line of fitted.lines) {
      page.drawText(line, { x: valueLeft, y, size: fitted.size, font, color: INK });
      y -= Math.max(fitted.size * 1.45, 14);
    }
    y -= 12;
  }

  // The citation, wrapped at spaces, centred line by line, in the middle of the space left between
  // the rows and the date (a short award leaves no hole above the date).
  const citationSize = 17;
  const citationLead = citationSize * 1.9;
  const citation = wrap(
    safeRegular(text.citation),
    (t) => regular.widthOfTextAtSize(t, citationSize),
    TEXT_WIDTH,
  );
  const bandTop = y - 30;
  const bandBottom = DATE_Y + 16 + 40;
  const blockHeight = (citation.length - 1) * citationLead + citationSize;
  y = bandTop - Math.max(0, (bandTop - bandBottom - blockHeight) / 2) - citationSize;
  for (const line of citation) {
    centered(page, line, y, regular, citationSize);
    y -= citationLead;
  }

  centered(page, text.date, DATE_Y, regular, 16);
  centered(page, safeHeavy(text.signatory), 130, heavy, 30);
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** The parts of @pdf-lib/fontkit 1.1.1's TrueType subset that {@link evenGlyphs} adjusts. */
interface TtfSubsetInternals {
  glyf?: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * NanumMyeongjo's space is an empty glyph at the very end of its `glyf` table, the file's last
 * table; fontkit reads a glyph header there even for an empty glyph and fails past the end of the
 * buffer. Zero bytes after the last table change nothing else in the font (tables are found by offset).
 */
function padded(font: Uint8Array): Uint8Array {
  const out = new Uint8Array(font.length + 16);
  out.set(font);
  return out;
}

/**
 * @pdf-lib/fontkit 1.1.1 with two fixes for TrueType fonts such as NanumMyeongjo (a test holds them
 * to the version):
 * - an empty glyph at the very end of the file fails to load: the font gets zero bytes appended;
 * - a small subset's `loca` is written in the short format (offset / 2) while glyphs of odd length
 *   are copied unpadded: every glyph after one of odd length then points half a byte-pair off and
 *   prints as nothing. Each copied glyph is padded to an even length, as TrueType expects; the
 *   glyph data itself is unchanged.
 */
export const patchedFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(padded(buffer), postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset() as unknown as TtfSubsetInternals;
      const addGlyph = subset._addGlyph;
      if (typeof addGlyph !== 'function') return subset as unknown as ReturnType<typeof createSubset>;
      subset._addGlyph = function (this: TtfSubsetInternals, gid: number): number {
        const index = addGlyph.call(this, gid);
        const glyph = this.glyf?.[index];
        if (glyph && glyph.length % 2 === 1) {
          // Of fontkit's own Buffer class (its streams accept nothing else), zero-filled.
          const even = (glyph.constructor as unknown as { alloc(size: number): Uint8Array }).alloc(
            glyph.length + 1,
          );
          even.set(glyph);
          (this.glyf as Uint8Array[])[index] = even;
          this.offset += 1;
        }
        return index;
      };
      return subset as unknown as ReturnType<typeof createSubset>;
    };
    return font;
  },
};

/**
 * The 표창장 as a one-page A4 PDF (pdf-lib), set in NanumMyeongjo embedded as a subset. Every
 * value is drawn as one string without letter spacing, so text extraction (pdftotext, a reader's
 * search, a screen reader) gives back exactly what is printed. Hostile values (very long, control
 * characters) are cleaned by the view and shrunk, wrapped or cut here: the page stays valid.
 */
export class PdfCertificateRenderer implements CertificateRenderer {
  private readonly fonts: CertificateFonts;

  constructor(fonts: CertificateFonts) {
    this.fonts = fonts;
  }

  async render(certificate: Certificate): Promise<Uint8Array> {
    const text = certificateText(certificate);
    const doc = await PDFDocument.create();
    doc.registerFontkit(patchedFontkit);
    const regular = await doc.embedFont(this.fonts.regular, { subset: true });
    const heavy = await doc.embedFont(this.fonts.heavy, { subset: true });
    const page = doc.addPage([PAGE.width, PAGE.height]);
    layout(page, text, regular, heavy);

    // Fixed metadata: the same certificate renders to the same bytes.
    const issued = new Date(certificate.awardedAt);
    const stamp = Number.isNaN(issued.getTime()) ? new Date(0) : issued;
    doc.setTitle(text.documentTitle, { showInWindowTitleBar: true });
    doc.setSubject(text.subject);
    doc.setAuthor(text.signatory);
    doc.setLanguage('ko-KR');
    doc.setCreator('award-workflow');
    doc.setProducer('award-workflow (pdf-lib)');
    doc.setCreationDate(stamp);
    doc.setModificationDate(stamp);
    return doc.save({ useObjectStreams: true });
  }
}
