/**
 * A pre-pass over raw input (a JSON body or a parsed form) before any rule reads it: text is
 * stored, mailed and shown to approvers, so characters that hide or reorder what people see, and
 * resident registration numbers, are refused here once for every field.
 */
import type { FieldErrors } from './errors';
import type { FieldName } from './fields';
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

export interface HygieneOptions {
  /** Dotted field paths whose text may span lines (and hold tabs). */
  readonly multiLineFields: ReadonlySet<string>;
  /** Which paths are named fields (their problems name them); any other path is an unnamed value. */
  readonly isField?: (path: string) => path is FieldName;
}

export interface HygieneResult {
  /** The input with every acceptable string cleaned; a refused string is left as it came. */
  readonly value: unknown;
  /** Dotted field path (`nominee.name`; `_` for the input itself) -> what is wrong there. */
  readonly errors: FieldErrors;
}

const ROOT_PATH = '_';
/** Far deeper than any form; bounds the recursion on a hostile body like [[[[...]]]]. */
const MAX_DEPTH = 16;

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
      const field = options.isField?.(fieldPath) ? fieldPath : undefined;
      errors[fieldPath] = { code: 'bad_text', problem: cleaned.problem, ...(field ? { field } : {}) };
      return value;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (path.length >= MAX_DEPTH) {
      errors[fieldPath] = { code: 'too_deep' };
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
