/**
 * Personal data out of what the console shows. Operators read workflow state, not people:
 * e-mail addresses anywhere become `mi***@example.test`, a text holding a resident registration
 * number becomes `***`, and the values of keys that hold names, free text or secrets become `***`
 * whole. What counts as an address or a resident registration number is functions/domain/privacy.ts.
 */
import { containsResidentRegistrationNumber, maskEmailsIn } from '../../functions/domain/privacy';

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

const MASK = '***';

/**
 * Free text with every e-mail address in it masked (functions/domain/privacy.ts), and masked whole
 * when it holds a resident registration number in any form people type (dashes, full-width
 * digits, spaces): what privacy.ts recognises is what the console hides.
 */
export function maskText(text: string): string {
  if (containsResidentRegistrationNumber(text)) return MASK;
  return maskEmailsIn(text);
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
