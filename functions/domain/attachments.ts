/**
 * The attachment policy of an e-mail nomination: which files, how large, how many, and the name
 * each one is stored under. Pure: the adapter passes what it read from the mail.
 */
export interface AttachmentMeta {
  readonly filename: string;
  readonly contentType: string;
  /** Decoded size in bytes. */
  readonly size: number;
}

const MB = 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 10 * MB;
export const MAX_TOTAL_ATTACHMENT_BYTES = 25 * MB;
export const MAX_ATTACHMENTS = 10;
/** Storage names stay well inside S3's 1024-byte key limit once prefixed. */
export const MAX_STORAGE_NAME_LENGTH = 120;

/**
 * Allowed extensions and the content types that agree with each. Mail clients label unknown
 * types (HWP above all) application/octet-stream, so that one is accepted with any allowed extension.
 */
export const ALLOWED_ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  pdf: ['application/pdf', 'application/x-pdf'],
  hwp: ['application/x-hwp', 'application/haansofthwp', 'application/vnd.hancom.hwp', 'application/hwp'],
  hwpx: ['application/vnd.hancom.hwpx', 'application/haansofthwpx', 'application/hwp+zip', 'application/zip'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip'],
  jpg: ['image/jpeg', 'image/pjpeg', 'image/jpg'],
  jpeg: ['image/jpeg', 'image/pjpeg', 'image/jpg'],
  png: ['image/png', 'image/x-png'],
};
const ANY_BINARY = 'application/octet-stream';
/**
 * The base name that stands in for a file name never to be repeated (it carries what looks like a
 * registration number); messages word it (views/messages.ts).
 */
export const WITHHELD_NAME = '(withheld)';

/** The allowed kinds of file as people name them. */
const ALLOWED_KINDS: readonly string[] = ['PDF', 'HWP', 'HWPX', 'DOCX', 'JPG', 'PNG'];

/**
 * What breaks the policy; `file` is the name the file would be stored under (safeStorageName),
 * sizes are in bytes. views/messages.ts words each in Korean.
 */
export type AttachmentProblem =
  | { readonly code: 'too_many'; readonly max: number; readonly count: number }
  | { readonly code: 'type_not_allowed'; readonly file: string; readonly allowed: readonly string[] }
  | { readonly code: 'type_mismatch'; readonly file: string; readonly extension: string }
  | { readonly code: 'empty'; readonly file: string }
  | { readonly code: 'file_too_large'; readonly file: string; readonly max: number; readonly size: number }
  | { readonly code: 'total_too_large'; readonly max: number; readonly total: number };

// Control characters, and format characters: they can disguise a name (the RTL override shows
// "x<RLO>fdp.exe" as "xexe.pdf"), hide in it (zero-width space, BOM) or break headers and logs.
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const CONTROL_CHARACTERS = /\p{Cc}/gu;
// Letters (Korean included), marks, digits, space and . _ - ( ) stay; the rest (path separators,
// quotes, wildcards, characters that S3 keys and URLs treat specially) becomes '_'.
const UNSAFE = /[^\p{L}\p{M}\p{N} ._\-()]/gu;
const FALLBACK_BASE = '첨부파일';

/**
 * A file name safe to store and to show: NFC (macOS sends decomposed Hangul), without directories,
 * control or disguising characters, leading dots or trailing dots and spaces, and of bounded length
 * with its extension kept.
 */
export function safeStorageName(filename: string): string {
  const withoutPath =
    filename
      .normalize('NFC')
      .replace(FORMAT_CHARACTERS, '')
      .replace(CONTROL_CHARACTERS, ' ')
      .split(/[/\\]/)
      .pop() ?? '';
  const cleaned = withoutPath
    // "[최종] 공적조서" is a common naming habit; brackets need escaping in keys, parentheses do not.
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .replace(/_{2,}/g, '_')
    .replace(/^\s+|[\s.]+$/g, '');
  const dot = cleaned.lastIndexOf('.');
  const extension =
    dot >= 0 && /^[A-Za-z0-9]{1,10}$/.test(cleaned.slice(dot + 1)) ? cleaned.slice(dot + 1) : '';
  // Leading dots would hide the file or climb a directory; ".pdf" alone keeps its extension.
  const base = (extension ? cleaned.slice(0, dot) : cleaned).replace(/^[\s.]+|[\s.]+$/g, '') || FALLBACK_BASE;
  const room = MAX_STORAGE_NAME_LENGTH - (extension ? extension.length + 1 : 0);
  const shortBase = [...base].slice(0, room).join('').trimEnd();
  return extension ? `${shortBase}.${extension}` : shortBase;
}

/** The lower-case extension of a file name as it will be stored, '' when there is none. */
export function attachmentExtension(filename: string): string {
  const name = safeStorageName(filename);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Checks the policy; returns one problem per breach, each naming the file it is about. */
export function checkAttachments(list: readonly AttachmentMeta[]): { errors: AttachmentProblem[] } {
  const errors: AttachmentProblem[] = [];
  if (list.length > MAX_ATTACHMENTS) {
    errors.push({ code: 'too_many', max: MAX_ATTACHMENTS, count: list.length });
  }
  let total = 0;
  for (const attachment of list) {
    total += attachment.size;
    const file = safeStorageName(attachment.filename);
    const extension = attachmentExtension(attachment.filename);
    const agreeing = ALLOWED_ATTACHMENT_TYPES[extension];
    const type = mediaType(attachment.contentType);
    if (!agreeing) {
      errors.push({ code: 'type_not_allowed', file, allowed: ALLOWED_KINDS });
    } else if (type !== ANY_BINARY && !agreeing.includes(type)) {
      errors.push({ code: 'type_mismatch', file, extension });
    }
    if (attachment.size === 0) {
      errors.push({ code: 'empty', file });
    } else if (attachment.size > MAX_ATTACHMENT_BYTES) {
      errors.push({ code: 'file_too_large', file, max: MAX_ATTACHMENT_BYTES, size: attachment.size });
    }
  }
  if (total > MAX_TOTAL_ATTACHMENT_BYTES) {
    errors.push({ code: 'total_too_large', max: MAX_TOTAL_ATTACHMENT_BYTES, total });
  }
  return { errors };
}
