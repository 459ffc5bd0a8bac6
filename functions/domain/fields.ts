/**
 * The nomination's fields as people read them: Korean labels, length limits, which take several
 * lines. Plain data with no schema library, so pages and mails can name fields without bundling the
 * validation (domain/validation.ts, which re-exports these).
 */

/** Picks the Korean particle that fits the last syllable of `word` (을/를, 은/는, 이/가). */
export function josa(word: string, withBatchim: string, withoutBatchim: string): string {
  const last = word.charCodeAt(word.length - 1);
  const isHangulSyllable = last >= 0xac00 && last <= 0xd7a3;
  if (!isHangulSyllable) return withBatchim;
  return (last - 0xac00) % 28 === 0 ? withoutBatchim : withBatchim;
}

/** Korean names of the fields, as the messages call them. */
export const FIELD_LABELS = {
  cycle: '포상연도',
  category: '분야',
  nomineeType: '후보 유형',
  'nominee.name': '성명(기관명)',
  'nominee.affiliation': '소속',
  'nominee.position': '직위',
  'nominee.email': '이메일',
  'nominee.serviceYears': '근무연수',
  'meritPeriod.from': '공적기간 시작',
  'meritPeriod.to': '공적기간 종료',
  meritSummary: '공적요지',
  meritDetails: '세부공적',
  priorAwards: '포상경력',
  disciplinaryHistory: '징계 여부',
  consent: '개인정보 수집·이용 동의',
  centerId: '추천센터',
  'submitter.name': '제출자 성명',
  'submitter.email': '제출자 이메일',
} as const satisfies Record<string, string>;

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
} as const satisfies Partial<Record<keyof typeof FIELD_LABELS, number>>;

export type LimitedField = keyof typeof FIELD_LIMITS;

/** Fields whose text may span several lines (textareas); every other field is one line. */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set([
  'meritSummary',
  'meritDetails',
  'priorAwards',
]);
