/**
 * The raw MIME of an outgoing mail, built here rather than by SES so what goes out is what the
 * tests read back: Korean subjects and names as RFC 2047 encoded-words that never split a
 * character (each word decodes on its own, which Korean webmail relies on), bodies in base64
 * (no line-length or 8-bit worries), attachment names per RFC 2231 with an RFC 2047 fallback
 * (older Korean mail clients read only `name=`).
 */
import { randomBytes } from 'node:crypto';
import type { MailAttachment, OutgoingMail } from '../domain/ports';
import { toSafeLine } from '../domain/text-hygiene';

const CRLF = '\r\n';
/** RFC 2047: an encoded-word is at most 75 characters. */
const MAX_ENCODED_WORD = 75;
const WORD_OVERHEAD = '=?UTF-8?B??='.length;
/** Base64 turns 3 bytes into 4 characters: the bytes one encoded-word can carry. */
const MAX_WORD_BYTES = Math.floor((MAX_ENCODED_WORD - WORD_OVERHEAD) / 4) * 3;
/** RFC 2045: base64 lines of at most 76 characters. */
const BASE64_LINE = 76;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Header values never carry line breaks or control characters, whatever the caller passed. */
function headerText(value: string): string {
  return toSafeLine(value);
}

/**
 * `text` as RFC 2047 B-encoded words, split between code points (never inside a UTF-8 sequence
 * or a surrogate pair), folded one word per line. Plain ASCII stays as it is.
 */
export function encodeHeaderWords(value: string): string {
  const text = headerText(value);
  if (PRINTABLE_ASCII.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  for (const char of text) {
    const bytes = Buffer.from(char, 'utf8');
    if (size + bytes.length > MAX_WORD_BYTES) {
      words.push(encodedWord(Buffer.concat(chunk)));
      chunk = [];
      size = 0;
    }
    chunk.push(bytes);
    size += bytes.length;
  }
  if (chunk.length > 0) words.push(encodedWord(Buffer.concat(chunk)));
  return words.join(`${CRLF} `);
}

function encodedWord(bytes: Buffer): string {
  return `=?UTF-8?B?${bytes.toString('base64')}?=`;
}

/** An address as it may appear in a header: no line breaks, angle brackets or commas smuggled in. */
function plainAddress(address: string): string {
  if (!/^[^\s<>,;:"\\]+@[^\s<>,;:"\\]+$/.test(address)) {
    throw new TypeError('A mail address for a header must be a bare addr-spec');
  }
  return address;
}

/** `Name <addr>` with the display name encoded where it is not plain ASCII. */
export function mailbox(address: string, name?: string): string {
  const addr = plainAddress(address);
  const display = name ? headerText(name) : '';
  if (!display) return addr;
  if (!PRINTABLE_ASCII.test(display) || display.includes('=?'))
    return `${encodeHeaderWords(display)} <${addr}>`;
  // RFC 5322 specials (a comma would read as a second address) go inside a quoted string.
  if (/[()<>[\]:;@\\,."]/.test(display)) return `"${display.replace(/["\\]/g, '\\$&')}" <${addr}>`;
  return `${display} <${addr}>`;
}

/** Splits `"Name" <addr>` / `Name <addr>` / `addr` into its parts (MAIL_FROM and the directory use both). */
export function parseMailbox(value: string): { readonly address: string; readonly name?: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>\s]+)>\s*$/.exec(value);
  if (match) {
    const name = match[1]?.trim();
    return { address: match[2] as string, ...(name ? { name } : {}) };
  }
  return { address: value.trim() };
}

function base64Lines(content: Uint8Array | string): string {
  const encoded = Buffer.from(content).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BASE64_LINE) lines.push(encoded.slice(i, i + BASE64_LINE));
  return lines.join(CRLF);
}

/** RFC 2231 `filename*` value: UTF-8, percent-encoded. */
function extendedValue(value: string): string {
  return `UTF-8''${encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** A file name a mail client can save: no path, no control characters, a sane length. */
export function safeFilename(name: string): string {
  const cleaned = headerText(name)
    .replace(/[\\/:*?"<>|]+/g, '_')
    .replace(/^\.+/, '');
  const chars = [...cleaned];
  if (chars.length <= 80) return cleaned || 'attachment';
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 8 ? cleaned.slice(dot) : '';
  return `${chars.slice(0, 80 - extension.length).join('')}${extension}`;
}

function textPart(contentType: 'text/plain' | 'text/html', body: string): string {
  return [
    `Content-Type: ${contentType}; charset=UTF-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(body),
  ].join(CRLF);
}

function attachmentPart(attachment: MailAttachment): string {
  const filename = safeFilename(attachment.filename);
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(attachment.contentType)
    ? attachment.contentType
    : 'application/octet-stream';
  const ascii = PRINTABLE_ASCII.test(filename) && !/["\\]/.test(filename);
  const name = ascii ? `"${filename}"` : `"${encodeHeaderWords(filename).replace(/\r\n /g, ' ')}"`;
  return [
    `Content-Type: ${contentType}; name=${name}`,
    'Content-Transfer-Encoding: base64',
    ascii
      ? `Content-Disposition: attachment; filename="${filename}"`
      : `Content-Disposition: attachment;${CRLF} filename*=${extendedValue(filename)}`,
    '',
    base64Lines(attachment.content),
  ].join(CRLF);
}

function multipart(subtype: 'alternative' | 'mixed', parts: readonly string[], boundary: string): string {
  return [
    `Content-Type: multipart/${subtype}; boundary="${boundary}"`,
    '',
    ...parts.flatMap((part) => [`--${boundary}`, part]),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

function newBoundary(): string {
  return `=_award_${randomBytes(12).toString('hex')}`;
}

/** The whole message, headers and body, ready for SES's Raw content. */
export function buildMime(
  mail: OutgoingMail,
  from: { readonly address: string; readonly name?: string },
): string {
  const headers = [
    `From: ${mailbox(from.address, mail.senderName ?? from.name)}`,
    `To: ${mail.to.map((address) => plainAddress(address)).join(', ')}`,
    ...(mail.cc?.length ? [`Cc: ${mail.cc.map((address) => plainAddress(address)).join(', ')}`] : []),
    ...(mail.replyTo ? [`Reply-To: ${plainAddress(mail.replyTo)}`] : []),
    `Subject: ${encodeHeaderWords(mail.subject)}`,
    'MIME-Version: 1.0',
  ];
  const alternative = multipart(
    'alternative',
    [textPart('text/plain', mail.text), textPart('text/html', mail.html)],
    newBoundary(),
  );
  const body = mail.attachments?.length
    ? multipart('mixed', [alternative, ...mail.attachments.map(attachmentPart)], newBoundary())
    : alternative;
  return `${headers.join(CRLF)}${CRLF}${body}`;
}
