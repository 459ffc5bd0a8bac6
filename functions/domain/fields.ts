/**
 * The nomination's fields: their names, length limits, which take several lines. Plain data with no
 * schema library, so pages and mails can name fields without bundling the validation
 * (domain/validation.ts, which re-exports these). Their Korean labels live in views/texts.ts.
 */

/** Picks the Korean particle that fits the last syllable of `word` (을/를, 은/는, 이/가). */
export function josa(word: string, withBatchim: string, withoutBatchim: string): string {
  const last = word.charCodeAt(word.length - 1);
  const isHangulSyllable = last >= 0xac00 && last <= 0xd7a3;
  if (!isHangulSyllable) return withBatchim;
  return (last - 0xac00) % 28 === 0 ? withoutBatchim : withBatchim;
}

/** The nomination's fields by dotted path; views/texts.ts FIELD_LABELS names each in Korean. */
export const FIELD_NAMES = [
  'cycle',
  'category',
  'nomineeType',
  'nominee.name',
  'nominee.affiliation',
  'nominee.position',
  'nominee.email',
  'nominee.serviceYears',
  'meritPeriod.from',
  'meritPeriod.to',
  'meritSummary',
  'meritDetails',
  'priorAwards',
  'disciplinaryHistory',
  'consent',
  'centerId',
  'submitter.name',
  'submitter.email',
] as const;

export type FieldName = (typeof FIELD_NAMES)[number];

/** Whether a dotted path is one of the nomination's fields (not a Set: bundles without it drop the list). */
export function isFieldName(path: string): path is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(path);
}

/** Most characters each text field takes; the form's maxlength attributes should use the same. */
export const FIELD_LIMITS = {
  cycle: 10,
  'nominee.name': 100,
  'nominee.affiliation': 100,
  'nominee.position': 50,
  // RFC 5321's limit on a forward path: longer addresses cannot be delivered.
  'nominee.email': 254,
  meritSummary: 1000,
  meritDetails: 20000,
  priorAwards: 2000,
  'submitter.name': 50,
  'submitter.email': 254,
} as const satisfies Partial<Record<FieldName, number>>;

export type LimitedField = keyof typeof FIELD_LIMITS;

/** Fields whose text may span several lines (textareas); every other field is one line. */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set([
  'meritSummary',
  'meritDetails',
  'priorAwards',
]);
