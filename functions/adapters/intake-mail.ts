import { type Attachment, type ParsedMail, simpleParser } from 'mailparser';

/** SES receiving accepts messages up to 40 MB (encoded), so anything larger did not come through SES. */
export const MAX_INTAKE_MAIL_BYTES = 40 * 1024 * 1024;

export interface IntakeAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly content: Buffer;
}

/** What the intake needs from a mail, decoded whatever charset and transfer encoding it came in. */
export interface IntakeMail {
  /** The Message-ID header with its angle brackets, as In-Reply-To of a reply wants it. */
  readonly messageId?: string;
  /** The first sender mailbox; `address` lower-cased. Undefined when missing or not an address. */
  readonly from?: { readonly address: string; readonly name?: string };
  readonly subject: string;
  /** The plain-text body; for an HTML-only mail, text with one line per block element. */
  readonly text: string;
  readonly attachments: readonly IntakeAttachment[];
}

/** The raw mail is larger than any mail SES delivers: refused before parsing to bound memory. */
export class MailTooLarge extends Error {
  override readonly name = 'MailTooLarge' as const;
  constructor(readonly size: number) {
    super(`메일이 너무 큽니다 (mail of ${size} bytes exceeds ${MAX_INTAKE_MAIL_BYTES} bytes)`);
  }
}

const EMPTY_MAIL: IntakeMail = { subject: '', text: '', attachments: [] };

/**
 * Parses a raw RFC 5322 mail. Never throws on malformed input (the sender still deserves a reply
 * when anything can be read); throws MailTooLarge for input over MAX_INTAKE_MAIL_BYTES.
 */
export async function parseIntakeMail(raw: Buffer): Promise<IntakeMail> {
  if (raw.length > MAX_INTAKE_MAIL_BYTES) throw new MailTooLarge(raw.length);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, {
      // Our own HTML conversion below keeps long lines whole and drops link targets; the rest is unused.
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
      checksumAlgo: false,
    });
  } catch {
    return EMPTY_MAIL;
  }
  const plain = parsed.text?.trim() ? parsed.text : '';
  const text = plain || (typeof parsed.html === 'string' ? htmlToPlainText(parsed.html) : '');
  return {
    messageId: parsed.messageId || undefined,
    from: senderOf(parsed),
    subject: parsed.subject ?? '',
    text: text.replace(/\r\n?/g, '\n'),
    attachments: parsed.attachments.filter(isUserAttachment).map(toIntakeAttachment),
  };
}

const PLAUSIBLE_ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

function senderOf(parsed: ParsedMail): IntakeMail['from'] {
  const first = parsed.from?.value[0];
  const mailbox = first?.group ? first.group[0] : first;
  const address = mailbox?.address?.trim().toLowerCase();
  if (!address || !PLAUSIBLE_ADDRESS.test(address)) return undefined;
  const name = mailbox?.name?.trim();
  return name ? { address, name } : { address };
}

/** Images embedded in an HTML body without a file name are part of its layout, not submitted files. */
function isUserAttachment(attachment: Attachment): boolean {
  const embeddedImage = attachment.related && attachment.contentType.startsWith('image/');
  return !(embeddedImage && !attachment.filename);
}

function toIntakeAttachment(attachment: Attachment, index: number): IntakeAttachment {
  return {
    // A nameless part still has to be reported by some name; the attachment policy judges it.
    filename: attachment.filename?.trim() || `첨부파일-${index + 1}`,
    contentType: attachment.contentType.toLowerCase(),
    size: attachment.size,
    content: attachment.content,
  };
}

// Far above any template mail (Outlook's verbose HTML included); bounds the work on hostile input.
const MAX_HTML_CHARS = 2_000_000;

const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);
const CELL_ELEMENTS = new Set(['td', 'th']);
/** Stands for <br> while block boundaries are merged (a private-use character, removed from input first). */
const LINE_BREAK_MARK = '\uE000';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  middot: '·',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  times: '×',
  tilde: '~',
};

/**
 * HTML to text with a line break per block element, so `항목: 값` lines survive. Written out rather
 * than taken from html-to-text: that one wraps long lines and appends link targets (Outlook links
 * every address), and its parse is quadratic in nesting depth; this is linear.
 */
export function htmlToPlainText(html: string): string {
  let source = dropInvisibleSections(html.slice(0, MAX_HTML_CHARS)).replaceAll(LINE_BREAK_MARK, '');
  // Source line breaks are plain whitespace in HTML; only elements break lines.
  source = source.replace(/[ \t\r\n\f]+/g, ' ');
  // [^<>] rather than [^>]: a run of unclosed '<' then costs linear time, not quadratic.
  const withBreaks = source
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*>/g, (_tag, name: string) => {
      const element = name.toLowerCase();
      if (element === 'br') return LINE_BREAK_MARK;
      if (BLOCK_ELEMENTS.has(element)) return '\n';
      return CELL_ELEMENTS.has(element) ? ' ' : '';
    })
    .replace(/<[!?/][^<>]*>/g, '')
    // Adjacent block boundaries ("</p> <p>") make one line break; a <br> or an &nbsp; paragraph
    // (Outlook's empty line) still makes a blank line.
    .replace(/\n(?: *\n)+/g, '\n')
    .replaceAll(LINE_BREAK_MARK, '\n');
  return decodeEntities(withBreaks)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Removes comments and the content of head, style and script, in linear time even when left unclosed. */
function dropInvisibleSections(html: string): string {
  // ASCII-only lower-casing keeps indexes aligned (toLowerCase may lengthen some characters).
  const lower = html.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const sections = [
    { open: '<!--', close: '-->', next: -1 },
    { open: '<head', close: '</head>', next: -1 },
    { open: '<style', close: '</style>', next: -1 },
    { open: '<script', close: '</script>', next: -1 },
  ];
  let result = '';
  let position = 0;
  for (;;) {
    let first: (typeof sections)[number] | undefined;
    for (const section of sections) {
      // Each search resumes where the last one ended, so the text is scanned a bounded number of times.
      if (section.next !== Number.POSITIVE_INFINITY && section.next < position) {
        const found = indexOfElement(lower, section.open, position);
        section.next = found < 0 ? Number.POSITIVE_INFINITY : found;
      }
      if (section.next !== Number.POSITIVE_INFINITY && (!first || section.next < first.next)) first = section;
    }
    if (!first) break;
    result += html.slice(position, first.next);
    const end = lower.indexOf(first.close, first.next + first.open.length);
    position = end < 0 ? html.length : end + first.close.length;
  }
  return result + html.slice(position);
}

/** indexOf for a start tag: `<head` must not match `<header`. */
function indexOfElement(lower: string, open: string, from: number): number {
  let found = lower.indexOf(open, from);
  while (found >= 0 && open !== '<!--' && /[a-z0-9:-]/.test(lower[found + open.length] ?? '')) {
    found = lower.indexOf(open, found + 1);
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (entity, body: string) => {
    if (body.startsWith('#')) {
      const codePoint =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}
