import iconv from 'iconv-lite';

/**
 * Builds raw RFC 5322 mails the way Korean mail clients send them. Encoded here with iconv-lite
 * rather than nodemailer, which re-encodes every text to UTF-8: Korean Outlook labels its mails
 * ks_c_5601-1987 (CP949) and the parser has to be tested on exactly that.
 */
export type MailCharset = 'utf-8' | 'euc-kr' | 'ks_c_5601-1987';
export type TransferEncoding = 'quoted-printable' | 'base64' | '8bit';

export interface MailAttachmentSpec {
  /** Left out: a nameless part (e.g. an image embedded in the HTML body). */
  readonly filename?: string;
  readonly contentType: string;
  readonly content: Buffer;
  /** How a non-ASCII file name is written: RFC 2047 words in quotes (Outlook) or RFC 2231 (Thunderbird). */
  readonly filenameEncoding?: 'rfc2047' | 'rfc2231';
  /** Makes the part an inline image of the HTML body (multipart/related), referenced as `cid:<id>`. */
  readonly contentId?: string;
}

export interface MailSpec {
  /** A string is written as is (ASCII, e.g. a malformed address); an object gets an encoded name. */
  readonly from: string | { readonly name?: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly charset: MailCharset;
  readonly transferEncoding: TransferEncoding;
  readonly attachments?: readonly MailAttachmentSpec[];
  readonly messageId?: string;
  /** Extra ASCII headers, e.g. `Auto-Submitted` or `In-Reply-To`. */
  readonly headers?: Readonly<Record<string, string>>;
}

interface MimePart {
  readonly headers: readonly string[];
  readonly body: Buffer;
}

const CRLF = '\r\n';
const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** RFC 2047 B-words in `charset`, each within 75 characters and never splitting a character. */
export function encodeWords(text: string, charset: MailCharset): string[] {
  const overhead = `=?${charset}?B??=`.length;
  const maxBytes = Math.floor((75 - overhead) / 4) * 3;
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (chunk && iconv.encode(chunk + character, charset).length > maxBytes) {
      words.push(encodedWord(chunk, charset));
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(encodedWord(chunk, charset));
  return words;
}

function encodedWord(text: string, charset: MailCharset): string {
  return `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;
}

/** A header value: as is when ASCII, else encoded words folded onto continuation lines. */
function headerText(text: string, charset: MailCharset): string {
  return isAscii(text) ? text : encodeWords(text, charset).join(`${CRLF} `);
}

function quotedPrintable(bytes: Buffer): string {
  const lines: string[] = [];
  let line = '';
  const push = (token: string) => {
    if (line.length + token.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += token;
  };
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    if (byte === 0x0d && bytes[index + 1] === 0x0a) continue;
    if (byte === 0x0a) {
      lines.push(line);
      line = '';
      continue;
    }
    const atLineEnd = index + 1 === bytes.length || bytes[index + 1] === 0x0a || bytes[index + 1] === 0x0d;
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 0x3d) || ((byte === 0x20 || byte === 0x09) && !atLineEnd);
    push(literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  }
  lines.push(line);
  return lines.join(CRLF);
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function textPart(subtype: 'plain' | 'html', text: string, spec: MailSpec): MimePart {
  const bytes = iconv.encode(text.replace(/\r?\n/g, CRLF), spec.charset);
  const body =
    spec.transferEncoding === 'quoted-printable'
      ? Buffer.from(quotedPrintable(bytes), 'latin1')
      : spec.transferEncoding === 'base64'
        ? Buffer.from(base64Lines(bytes), 'latin1')
        : bytes;
  return {
    headers: [
      `Content-Type: text/${subtype}; charset="${spec.charset}"`,
      `Content-Transfer-Encoding: ${spec.transferEncoding}`,
    ],
    body,
  };
}

/** `name="value"` parameters of Content-Type and Content-Disposition, encoded as the spec asks. */
function fileNameParameters(filename: string, attachment: MailAttachmentSpec, charset: MailCharset) {
  if (isAscii(filename)) return { type: `name="${filename}"`, disposition: `filename="${filename}"` };
  if (attachment.filenameEncoding === 'rfc2047') {
    const words = encodeWords(filename, charset).join(`${CRLF} `);
    return { type: `name="${words}"`, disposition: `filename="${words}"` };
  }
  // RFC 2231 continuations, split between characters as real clients do.
  const segments: string[] = [];
  let segment = '';
  for (const character of filename) {
    const encoded = [...iconv.encode(character, charset)]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('');
    if (segment.length + encoded.length > 45) {
      segments.push(segment);
      segment = '';
    }
    segment += encoded;
  }
  segments.push(segment);
  const parameter = (name: string) =>
    segments
      .map((value, index) => `${name}*${index}*=${index === 0 ? `${charset}''` : ''}${value}`)
      .join(`;${CRLF} `);
  return { type: parameter('name'), disposition: parameter('filename') };
}

function attachmentPart(attachment: MailAttachmentSpec, charset: MailCharset): MimePart {
  const names =
    attachment.filename === undefined
      ? undefined
      : fileNameParameters(attachment.filename, attachment, charset);
  const disposition = attachment.contentId ? 'inline' : 'attachment';
  return {
    headers: [
      `Content-Type: ${attachment.contentType}${names ? `;${CRLF} ${names.type}` : ''}`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: ${disposition}${names ? `;${CRLF} ${names.disposition}` : ''}`,
      ...(attachment.contentId ? [`Content-ID: <${attachment.contentId}>`] : []),
    ],
    body: Buffer.from(base64Lines(attachment.content), 'latin1'),
  };
}

let boundaryCount = 0;

function multipart(subtype: 'mixed' | 'alternative' | 'related', parts: readonly MimePart[]): MimePart {
  boundaryCount += 1;
  const boundary = `----=_Part_${boundaryCount}_award`;
  const chunks: Buffer[] = [Buffer.from(`This is a multi-part message in MIME format.${CRLF}`)];
  for (const part of parts)
    chunks.push(Buffer.from(`--${boundary}${CRLF}`), serialize(part), Buffer.from(CRLF));
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return {
    headers: [`Content-Type: multipart/${subtype};${CRLF} boundary="${boundary}"`],
    body: Buffer.concat(chunks),
  };
}

function serialize(part: MimePart): Buffer {
  return Buffer.concat([Buffer.from(`${part.headers.join(CRLF)}${CRLF}${CRLF}`, 'latin1'), part.body]);
}

/** A raw mail as a receiving MTA stores it (CRLF line ends), bodies and headers in `spec.charset`. */
export function buildMail(spec: MailSpec): Buffer {
  const texts: MimePart[] = [];
  if (spec.text !== undefined) texts.push(textPart('plain', spec.text, spec));
  if (spec.html !== undefined) texts.push(textPart('html', spec.html, spec));
  let content: MimePart = texts.length === 1 ? (texts[0] as MimePart) : multipart('alternative', texts);
  const attachments = spec.attachments ?? [];
  const inline = attachments.filter((attachment) => attachment.contentId);
  const attached = attachments.filter((attachment) => !attachment.contentId);
  if (inline.length > 0) {
    content = multipart('related', [content, ...inline.map((each) => attachmentPart(each, spec.charset))]);
  }
  if (attached.length > 0) {
    content = multipart('mixed', [content, ...attached.map((each) => attachmentPart(each, spec.charset))]);
  }
  const from =
    typeof spec.from === 'string'
      ? spec.from
      : spec.from.name
        ? `${headerText(spec.from.name, spec.charset)} <${spec.from.address}>`
        : spec.from.address;
  const headers = [
    `From: ${from}`,
    `To: ${spec.to}`,
    `Subject: ${headerText(spec.subject, spec.charset)}`,
    'Date: Mon, 07 Sep 2026 10:00:00 +0900',
    ...(spec.messageId ? [`Message-ID: <${spec.messageId}>`] : []),
    ...Object.entries(spec.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    ...content.headers,
  ];
  return serialize({ headers, body: content.body });
}

/** The template lines of the sample nomination (test/support/sample.ts), for cycle 2026. */
const SAMPLE_TEMPLATE: readonly [label: string, value: string][] = [
  ['포상연도', '2026'],
  ['분야', '수요자 맞춤형 취업·채용지원 서비스'],
  ['후보유형', '개인'],
  ['성명', '김민지'],
  ['소속', '서울고용복지플러스센터'],
  ['직위', '주무관'],
  ['이메일', 'minji.kim@example.test'],
  ['근무연수', '6년'],
  ['공적기간', '2026.01-2026.10'],
  ['공적요지', '청년 구직자 맞춤형 취업지원으로 취업률 20%p 향상'],
  ['세부공적', '1:1 심층상담과 기업 연계 채용행사를 운영하여 참여자 312명 중 187명 취업.'],
  ['포상경력', '-'],
  ['징계여부', '무'],
  ['본인동의', '예'],
  ['추천센터', 'seoul'],
  ['제출자', '박서준'],
];

/**
 * A valid template mail body for the sample nomination (seoul center, cycle 2026, category by its
 * Korean name), with a greeting before and a signature after. `overrides` replaces a label's value
 * (a string may span lines), `null` leaves the line out, an unknown label is added after the rest.
 */
export function sampleTemplateBody(overrides: Readonly<Record<string, string | null>> = {}): string {
  const known = new Set(SAMPLE_TEMPLATE.map(([label]) => label));
  const lines: string[] = [];
  for (const [label, value] of SAMPLE_TEMPLATE) {
    const override = overrides[label];
    if (override === null) continue;
    lines.push(`${label}: ${override ?? value}`);
  }
  for (const [label, value] of Object.entries(overrides)) {
    if (!known.has(label) && value !== null) lines.push(`${label}: ${value}`);
  }
  return [
    '안녕하세요. 서울고용복지플러스센터입니다.',
    '올해의 고용서비스상 후보자를 아래와 같이 추천합니다.',
    '',
    ...lines,
    '',
    '-- ',
    '박서준 드림',
    '서울고용복지플러스센터 | 전화: 02-0000-0000',
  ].join('\n');
}
