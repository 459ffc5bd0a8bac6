/**
 * Personal data out of what the console shows. Operators read workflow state, not people:
 * e-mail addresses anywhere become `mi***@example.test`, resident registration numbers become
 * stars, and the values of keys that hold names, free text or secrets become `***` whole.
 */

/** Keys whose values are masked whole (compared case-insensitively), and any key ending in token/secret. */
const MASKED_KEYS = new Set(
  [
    'name',
    'nominee',
    'submitter',
    'approver',
    'comment',
    'meritSummary',
    'meritDetails',
    'priorAwards',
    'taskToken',
    'token',
    'phone',
    'address',
  ].map((key) => key.toLowerCase()),
);
const MASKED_KEY_PATTERN = /(token|secret|password)$/i;

export const MASK = '***';

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 주민등록번호: YYMMDD-[1-8]NNNNNN, with or without the hyphen (as the intake refuses them).
const RESIDENT_NUMBER = /\d{6}\s*-?\s*[1-8]\d{6}/g;

/** `minji.kim@example.test` -> `mi***@example.test`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return MASK;
  return `${address.slice(0, Math.min(2, at - 1) || 1)}${MASK}${address.slice(at)}`;
}

/** Free text with every e-mail address and resident registration number in it masked. */
export function maskText(text: string): string {
  return text.replace(EMAIL, maskEmail).replace(RESIDENT_NUMBER, '******-*******');
}

function isMaskedKey(key: string): boolean {
  return MASKED_KEYS.has(key.toLowerCase()) || MASKED_KEY_PATTERN.test(key);
}

/** Every string inside `value` replaced by `***` (structure, numbers and booleans kept). */
function maskWhole(value: unknown): unknown {
  if (typeof value === 'string') return MASK;
  if (Array.isArray(value)) return value.map(maskWhole);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskWhole(inner)]));
  }
  return value;
}

/** A string that holds JSON (a cause, a nested payload), parsed; else undefined. */
function embeddedJson(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    return { value: JSON.parse(trimmed) };
  } catch {
    return undefined;
  }
}

/**
 * The one masking function: a copy of `value` (any JSON) that is safe to show an operator.
 * Strings that hold JSON are masked inside and stay strings.
 */
export function maskPersonalData(value: unknown): unknown {
  if (typeof value === 'string') {
    const nested = embeddedJson(value);
    return nested ? JSON.stringify(maskPersonalData(nested.value)) : maskText(value);
  }
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        maskText(key),
        isMaskedKey(key) ? maskWhole(inner) : maskPersonalData(inner),
      ]),
    );
  }
  return value;
}

/**
 * A JSON text (a state's input or output) as masked, indented JSON for a page; text that is not
 * JSON is masked as free text.
 */
export function maskedJson(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(maskPersonalData(JSON.parse(text)), null, 2);
  } catch {
    return maskText(text);
  }
}
