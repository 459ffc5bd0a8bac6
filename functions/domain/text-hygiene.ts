/**
 * A pre-pass over raw input (a JSON body or a parsed form) before any rule reads it: text is
 * stored, mailed and shown to approvers, so characters that hide or reorder what people see, and
 * resident registration numbers, are refused here once for every field.
 */
import type { FieldErrors } from './errors';
import { containsResidentRegistrationNumber } from './privacy';

export type TextProblem = 'forbidden-character' | 'line-break' | 'resident-registration-number';

export type CleanedText =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: TextProblem };

/**
 * Whitespace plus characters that take no room (zero-width space/joiners, word joiner, BOM,
 * direction marks): a value made only of these was left empty, whatever the browser sent.
 */
const BLANK = /^[\s\u200B-\u200F\u2060\uFEFF\u061C]*$/u;

/**
 * C0 controls other than tab and line feed, DEL, C1 controls, zero-width characters, bidi marks,
 * embeddings, overrides and isolates (they can make text read differently from what is stored,
 * e.g. "Trojan Source"), and lone surrogates (not text; they break UTF-8 storage and mail).
 * Carriage returns are turned into line feeds before this check.
 */
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\p{Cs}]/u;

const LINE_BREAK_OR_TAB = /[\t\n]/;

const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

/**
 * One line of text with every forbidden character removed and line breaks and tabs turned into
 * spaces: for output that must be one clean line whatever went in (mail subjects).
 */
export function toSafeLine(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\t\r\n\u0085\u2028\u2029]+/g, ' ')
    .replace(FORBIDDEN_ALL, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Cleans one string: blank -> '', line endings -> \n, NFC (so 한글 typed on a Mac, which arrives
 * decomposed, compares and counts like the same text typed elsewhere). A single-line value is
 * trimmed first, so a line end pasted along with a name is not an error.
 */
export function cleanText(text: string, options: { readonly multiLine: boolean }): CleanedText {
  if (BLANK.test(text)) return { ok: true, value: '' };
  // Unicode's line and paragraph separators break lines too: they count as line ends.
  let value = text.replace(/\r\n?|[\u2028\u2029]/g, '\n').normalize('NFC');
  if (!options.multiLine) value = value.trim();
  if (FORBIDDEN.test(value)) return { ok: false, problem: 'forbidden-character' };
  if (!options.multiLine && LINE_BREAK_OR_TAB.test(value)) return { ok: false, problem: 'line-break' };
  if (containsResidentRegistrationNumber(value))
    return { ok: false, problem: 'resident-registration-number' };
  return { ok: true, value };
}

/** The Korean message for a refused value of the field called `label`; never quotes the value. */
export function textProblemMessage(label: string, problem: TextProblem): string {
  switch (problem) {
    case 'forbidden-character':
      return `${label}에 쓸 수 없는 문자(제어 문자, 보이지 않는 문자, 글자 방향 제어 문자)가 들어 있습니다. 해당 부분을 지우고 직접 다시 입력해 주세요.`;
    case 'line-break':
      return `${label}에는 줄바꿈이나 탭 없이 한 줄로 입력해 주세요.`;
    case 'resident-registration-number':
      return `${label}에 주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 입력할 수 없습니다.`;
  }
}

export interface HygieneOptions {
  /** Dotted field paths whose text may span lines (and hold tabs). */
  readonly multiLineFields: ReadonlySet<string>;
  /** Korean names of field paths, for messages. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface HygieneResult {
  /** The input with every acceptable string cleaned; a refused string is left as it came. */
  readonly value: unknown;
  /** Dotted field path (`nominee.name`; `_` for the input itself) -> Korean message. */
  readonly errors: FieldErrors;
}

const UNNAMED_FIELD = '입력값';
const ROOT_PATH = '_';
/** Far deeper than any form; bounds the recursion on a hostile body like [[[[...]]]]. */
const MAX_DEPTH = 16;
const TOO_DEEP_MESSAGE = '입력 구조가 너무 깊습니다. 양식의 항목만 보내 주세요.';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Cleans every string in a JSON- or form-shaped tree; see cleanText. */
export function cleanInput(raw: unknown, options: HygieneOptions): HygieneResult {
  const errors: FieldErrors = {};
  const walk = (value: unknown, path: readonly string[]): unknown => {
    const fieldPath = path.join('.') || ROOT_PATH;
    if (typeof value === 'string') {
      const cleaned = cleanText(value, { multiLine: options.multiLineFields.has(fieldPath) });
      if (cleaned.ok) return cleaned.value;
      errors[fieldPath] = textProblemMessage(options.labels?.[fieldPath] ?? UNNAMED_FIELD, cleaned.problem);
      return value;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (path.length >= MAX_DEPTH) {
      errors[fieldPath] = TOO_DEEP_MESSAGE;
      return value;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, String(index)]));
    // Object.fromEntries defines own properties, so a "__proto__" key stays data.
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]),
      );
    }
    return value;
  };
  return { value: walk(raw, []), errors };
}
