import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClosedReason } from '../../functions/domain/approval';
import type { AttachmentProblem } from '../../functions/domain/attachments';
import type { CorrectionClosedReason } from '../../functions/domain/correction';
import type { FieldProblem } from '../../functions/domain/errors';
import { FIELD_NAMES } from '../../functions/domain/fields';
import type { TextProblem } from '../../functions/domain/text-hygiene';
import type { IntakeProblem } from '../../functions/use-cases/receive-intake-mail';
import {
  ATTACHMENT_MESSAGES,
  attachmentMessage,
  CLOSED_MESSAGES,
  COMMON_MESSAGES,
  CORRECTION_CLOSED_MESSAGES,
  commonMessage,
  DECISION_MESSAGES,
  decisionMessage,
  fieldMessage,
  INTAKE_MESSAGES,
  intakeMessage,
  NOMINATION_MESSAGES,
  nominationMessage,
  TEXT_PROBLEM_MESSAGES,
} from '../../functions/views/messages';
import { FIELD_LABELS } from '../../functions/views/texts';

const DOMAIN = path.join(__dirname, '../../functions/domain');
const HANGUL = /[\uAC00-\uD7A3]/;

/**
 * A line of code (not a comment line) with a string literal holding Hangul: a quote, then Hangul
 * before the next quote. The same test as `grep -nP "^(?!\s*(\*|//|/\*)).*['`"][^'`"]*[가-힣]"`.
 */
const KOREAN_LITERAL = /^(?!\s*(\*|\/\/|\/\*)).*['`"][^'`"]*[\uAC00-\uD7A3]/;

/** Korean that is data, not UI text: each with why. */
const ALLOWED: Readonly<Record<string, string>> = {
  // The base of a stored file name whose own name had nothing usable left: a name, not a message.
  "attachments.ts: const FALLBACK_BASE = '첨부파일';": 'stored file name',
};

describe('the domain holds no UI text', () => {
  it('has no Korean string literal in functions/domain (comments may be Korean)', () => {
    const found: string[] = [];
    for (const file of readdirSync(DOMAIN).filter((name) => name.endsWith('.ts'))) {
      const lines = readFileSync(path.join(DOMAIN, file), 'utf8').split('\n');
      for (const line of lines) {
        const entry = `${file}: ${line.trim()}`;
        if (KOREAN_LITERAL.test(line) && !ALLOWED[entry]) found.push(entry);
      }
    }
    expect(found).toEqual([]);
  });

  it('finds what it looks for (the check itself works)', () => {
    expect(KOREAN_LITERAL.test("  errors.x = '입력해 주세요.';")).toBe(true);
    expect(KOREAN_LITERAL.test('  return `이내로 입력해 주세요`;')).toBe(true);
    expect(KOREAN_LITERAL.test(' * 한글 설명 `code`')).toBe(false);
    expect(KOREAN_LITERAL.test('  // 한글 주석')).toBe(false);
  });
});

type Samples<P extends { code: string }> = { [C in P['code']]: Extract<P, { code: C }> };

/** One problem of every code: a code missing here, or a message missing for it, does not compile. */
const FIELD_SAMPLES: Samples<FieldProblem> = {
  no_body: { code: 'no_body' },
  required: { code: 'required', field: 'nominee.name' },
  not_chosen: { code: 'not_chosen', field: 'category' },
  not_text: { code: 'not_text', field: 'note' },
  too_long: { code: 'too_long', field: 'comment', max: 2000 },
  not_year_month: { code: 'not_year_month', field: 'meritPeriod.from' },
  bad_email: { code: 'bad_email', field: 'submitter.email' },
  not_number: { code: 'not_number', field: 'nominee.serviceYears' },
  not_integer: { code: 'not_integer', field: 'nominee.serviceYears' },
  too_small: { code: 'too_small', field: 'nominee.serviceYears', min: 0 },
  too_large: { code: 'too_large', field: 'nominee.serviceYears', max: 60 },
  nominee_type: { code: 'nominee_type' },
  section_missing: { code: 'section_missing', section: 'meritPeriod' },
  yes_no_missing: { code: 'yes_no_missing', field: 'consent' },
  bad_text: { code: 'bad_text', problem: 'line-break', field: 'nominee.affiliation' },
  too_deep: { code: 'too_deep' },
  cycle_unknown: { code: 'cycle_unknown', year: '1999', open: ['2026'] },
  cycle_not_open_yet: { code: 'cycle_not_open_yet', year: '2027', opens: '2027-03-01T00:00:00Z', open: [] },
  cycle_closed: { code: 'cycle_closed', year: '2023', deadline: '2023-10-31T14:59:59Z', open: ['2026'] },
  category_unknown: { code: 'category_unknown', choices: ['가', '나'] },
  center_unknown: { code: 'center_unknown' },
  period_order: { code: 'period_order' },
  nominee_email_required: { code: 'nominee_email_required' },
  service_years_required: { code: 'service_years_required' },
  service_years_below: { code: 'service_years_below', min: 1 },
  disciplinary_history: { code: 'disciplinary_history' },
  consent_refused: { code: 'consent_refused' },
  decision_not_chosen: { code: 'decision_not_chosen' },
  reason_required: { code: 'reason_required', missing: 2 },
  batch_empty: { code: 'batch_empty' },
  batch_bad_ids: { code: 'batch_bad_ids' },
  batch_too_many: { code: 'batch_too_many', max: 100, selected: 101 },
  nothing_changed: { code: 'nothing_changed' },
  worded: { code: 'worded', text: '그대로 보여 줄 문장' },
};

const ATTACHMENT_SAMPLES: Samples<AttachmentProblem> = {
  too_many: { code: 'too_many', max: 10, count: 11 },
  type_not_allowed: { code: 'type_not_allowed', file: 'a.exe', allowed: ['PDF'] },
  type_mismatch: { code: 'type_mismatch', file: 'a.pdf', extension: 'pdf' },
  empty: { code: 'empty', file: '(withheld).pdf' },
  file_too_large: { code: 'file_too_large', file: 'a.pdf', max: 10, size: 11 },
  total_too_large: { code: 'total_too_large', max: 10, total: 11 },
};

const INTAKE_SAMPLES: Samples<IntakeProblem> = {
  subject_rrn: { code: 'subject_rrn' },
  filename_rrn: { code: 'filename_rrn' },
  attachment: { code: 'attachment', problem: { code: 'empty', file: 'a.pdf' } },
  template: { code: 'template', label: '분야', text: '알 수 없는 항목입니다.' },
  field: { code: 'field', label: '분야', problem: { code: 'center_unknown' } },
  not_this_center: { code: 'not_this_center', label: '추천센터' },
  sender_unverified: { code: 'sender_unverified' },
  already_submitted: { code: 'already_submitted' },
};

const CLOSED: readonly ClosedReason[] = ['decided', 'superseded', 'expired', 'delegated', 'void'];
const CORRECTION_CLOSED: readonly CorrectionClosedReason[] = ['used', 'superseded', 'expired', 'void'];
const TEXT_PROBLEMS: readonly TextProblem[] = [
  'forbidden-character',
  'line-break',
  'resident-registration-number',
];

/** A Korean sentence with every parameter filled in. */
function expectWorded(message: string) {
  expect(message).toMatch(HANGUL);
  expect(message).not.toMatch(/undefined|\[object|NaN/);
}

describe('every code has a Korean message', () => {
  it.each(Object.values(FIELD_SAMPLES))('field problem $code', (problem) => {
    expectWorded(fieldMessage(problem));
  });

  it.each(Object.values(ATTACHMENT_SAMPLES))('attachment problem $code', (problem) => {
    expectWorded(attachmentMessage(problem));
  });

  it.each(Object.values(INTAKE_SAMPLES))('intake problem $code', (problem) => {
    expectWorded(intakeMessage(problem));
  });

  it('has one message per code and no more', () => {
    const groups = [COMMON_MESSAGES, NOMINATION_MESSAGES, DECISION_MESSAGES].map(Object.keys);
    expect(groups.flat().sort()).toEqual(Object.keys(FIELD_SAMPLES).sort());
    expect(new Set(groups.flat()).size).toBe(groups.flat().length);
    expect(Object.keys(ATTACHMENT_MESSAGES).sort()).toEqual(Object.keys(ATTACHMENT_SAMPLES).sort());
    expect(Object.keys(INTAKE_MESSAGES).sort()).toEqual(Object.keys(INTAKE_SAMPLES).sort());
    expect(Object.keys(CLOSED_MESSAGES).sort()).toEqual([...CLOSED].sort());
    expect(Object.keys(CORRECTION_CLOSED_MESSAGES).sort()).toEqual([...CORRECTION_CLOSED].sort());
    expect(Object.keys(TEXT_PROBLEM_MESSAGES).sort()).toEqual([...TEXT_PROBLEMS].sort());
  });

  it('words closed links and refused text', () => {
    for (const reason of CLOSED) expectWorded(CLOSED_MESSAGES[reason]);
    for (const reason of CORRECTION_CLOSED) expectWorded(CORRECTION_CLOSED_MESSAGES[reason]);
    for (const problem of TEXT_PROBLEMS) expectWorded(TEXT_PROBLEM_MESSAGES[problem]('의견'));
  });

  it("words each group alike in every function's wording, and only its own group", () => {
    const inGroup = (group: object) => Object.values(FIELD_SAMPLES).filter((p) => p.code in group);
    for (const problem of [...inGroup(COMMON_MESSAGES), ...inGroup(NOMINATION_MESSAGES)])
      expect(nominationMessage(problem)).toBe(fieldMessage(problem));
    for (const problem of [...inGroup(COMMON_MESSAGES), ...inGroup(DECISION_MESSAGES)])
      expect(decisionMessage(problem)).toBe(fieldMessage(problem));
    for (const problem of inGroup(COMMON_MESSAGES))
      expect(commonMessage(problem)).toBe(fieldMessage(problem));
    // A problem no form of the function reports is a bug: said as a plain request to check the input.
    expect(nominationMessage(FIELD_SAMPLES.batch_empty)).toBe('입력값을 확인해 주세요.');
    expect(decisionMessage(FIELD_SAMPLES.center_unknown)).toBe('입력값을 확인해 주세요.');
  });

  it('names every field', () => {
    expect(Object.keys(FIELD_LABELS).sort()).toEqual([...FIELD_NAMES].sort());
    for (const name of FIELD_NAMES) expect(FIELD_LABELS[name]).toMatch(HANGUL);
  });

  it('says a withheld file name is left out, and names other files as they are', () => {
    expect(attachmentMessage(ATTACHMENT_SAMPLES.empty)).toBe(
      "첨부파일 '(이름 생략).pdf': 빈 파일입니다. 내용이 있는 파일을 첨부해 주세요.",
    );
    expect(attachmentMessage({ code: 'empty', file: '(withheld)' })).toContain("첨부파일 '(이름 생략)'");
    expect(attachmentMessage({ code: 'empty', file: '(withheld)x.pdf' })).toContain("'(withheld)x.pdf'");
  });
});
