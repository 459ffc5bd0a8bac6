/**
 * The Korean words of every problem the domain reports as a code: field errors of forms and JSON
 * answers, closed links, attachments and intake replies. The one place they are worded: the domain
 * says what is wrong (functions/domain/errors.ts FieldProblem and friends), this module says it.
 * Records of functions keyed by code, so a new code without a message does not compile.
 */
import type { ClosedReason } from '../domain/approval';
import { type AttachmentProblem, WITHHELD_NAME } from '../domain/attachments';
import type { CorrectionClosedReason } from '../domain/correction';
import type {
  CommonProblem,
  DecisionProblem,
  FieldErrors,
  FieldProblem,
  NominationProblem,
  Subject,
} from '../domain/errors';
import { josa } from '../domain/fields';
import type { TextProblem } from '../domain/text-hygiene';
import type { IntakeProblem } from '../use-cases/receive-intake-mail';
import { FIELD_LABELS } from './texts';

/** What messages call what is neither a field, a comment nor a note. */
const UNNAMED_FIELD = '입력값';

/** Names of the subjects that are not nomination fields. */
const OTHER_LABELS = { comment: '의견', note: '보완 의견' } as const;

export function subjectLabel(subject: Subject | undefined): string {
  if (subject === undefined) return UNNAMED_FIELD;
  return subject === 'comment' || subject === 'note' ? OTHER_LABELS[subject] : FIELD_LABELS[subject];
}

/** `공적요지는` / `분야를`: the label with the particle that fits it. */
const topic = (label: string) => `${label}${josa(label, '은', '는')}`;
const object = (label: string) => `${label}${josa(label, '을', '를')}`;

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2023-10-31T14:59:59Z` -> `2023년 10월 31일 23:59 KST` (deadlines are announced in KST). */
export function kstDateTime(instant: string): string {
  const kst = new Date(Date.parse(instant) + KST_OFFSET_MS);
  const hh = String(kst.getUTCHours()).padStart(2, '0');
  const mm = String(kst.getUTCMinutes()).padStart(2, '0');
  return `${kst.getUTCFullYear()}년 ${kst.getUTCMonth() + 1}월 ${kst.getUTCDate()}일 ${hh}:${mm} KST`;
}

function openCyclesNote(open: readonly string[]): string {
  return open.length === 0
    ? '현재 접수 중인 포상이 없습니다.'
    : `현재 접수 중: ${open.map((year) => `${year}년`).join(', ')}`;
}

/** The note on other cycles that accept now, after a closed cycle's message (nothing when none do). */
const othersNote = (open: readonly string[]) => (open.length > 0 ? ` ${openCyclesNote(open)}` : '');

export const TEXT_PROBLEM_MESSAGES: Record<TextProblem, (label: string) => string> = {
  'forbidden-character': (label) =>
    `${label}에 쓸 수 없는 문자(제어 문자, 보이지 않는 문자, 글자 방향 제어 문자)가 들어 있습니다. 해당 부분을 지우고 직접 다시 입력해 주세요.`,
  'line-break': (label) => `${label}에는 줄바꿈이나 탭 없이 한 줄로 입력해 주세요.`,
  'resident-registration-number': (label) =>
    `${label}에 주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 입력할 수 없습니다.`,
};

/** A Korean message per code of a group of problems; a code without one does not compile. */
export type Wording<P extends { readonly code: string }> = {
  readonly [C in P['code']]: (problem: Extract<P, { code: C }>) => string;
};

/** Problems any form reports. */
export const COMMON_MESSAGES: Wording<CommonProblem> = {
  not_text: ({ field }) => `${topic(subjectLabel(field))} 글자로 입력해 주세요.`,
  too_long: ({ field, max }) => `${topic(subjectLabel(field))} ${max}자 이내로 입력해 주세요.`,
  bad_text: ({ problem, field }) => TEXT_PROBLEM_MESSAGES[problem](subjectLabel(field)),
  too_deep: () => '입력 구조가 너무 깊습니다. 양식의 항목만 보내 주세요.',
  worded: ({ text }) => text,
};

/** A nomination's problems (form, JSON, e-mail, corrections). */
export const NOMINATION_MESSAGES: Wording<NominationProblem> = {
  no_body: () => '추천서 내용이 없습니다. 추천서 항목을 JSON 객체(또는 양식)로 보내 주세요.',
  required: ({ field }) => `${object(FIELD_LABELS[field])} 입력해 주세요.`,
  not_chosen: ({ field }) => `${object(FIELD_LABELS[field])} 선택해 주세요.`,
  not_year_month: ({ field }) => `${topic(FIELD_LABELS[field])} YYYY-MM 형식으로 입력해 주세요.`,
  bad_email: ({ field }) => `${FIELD_LABELS[field]} 형식이 올바르지 않습니다. (예: name@example.go.kr)`,
  not_number: ({ field }) => `${topic(FIELD_LABELS[field])} 숫자로 입력해 주세요.`,
  not_integer: ({ field }) => `${topic(FIELD_LABELS[field])} 정수로 입력해 주세요.`,
  too_small: ({ field, min }) => `${topic(FIELD_LABELS[field])} ${min} 이상이어야 합니다.`,
  too_large: ({ field, max }) => `${topic(FIELD_LABELS[field])} ${max} 이하여야 합니다.`,
  nominee_type: () => '후보 유형을 개인(individual) 또는 기관(organization) 중에서 선택해 주세요.',
  section_missing: ({ section }) =>
    ({
      nominee: '후보자 정보를 입력해 주세요.',
      meritPeriod: '공적기간을 입력해 주세요.',
      submitter: '제출자 정보를 입력해 주세요.',
    })[section],
  yes_no_missing: ({ field }) =>
    field === 'consent' ? '개인정보 수집·이용 동의 여부를 선택해 주세요.' : '징계 여부를 선택해 주세요.',
  cycle_unknown: ({ year, open }) => `${year}년 포상은 접수하고 있지 않습니다. ${openCyclesNote(open)}`,
  cycle_not_open_yet: ({ year, opens, open }) =>
    `${year}년 포상 추천은 아직 접수 시작 전입니다 (시작: ${kstDateTime(opens)}).${othersNote(open)}`,
  cycle_closed: ({ year, deadline, open }) =>
    `${year}년 포상 추천 접수가 마감되었습니다 (마감: ${kstDateTime(deadline)}).${othersNote(open)}`,
  category_unknown: ({ choices }) => `분야를 목록에서 선택해 주세요: ${choices.join(', ')}`,
  center_unknown: () => '등록된 추천센터가 아닙니다. 센터를 목록에서 선택해 주세요.',
  period_order: () => '공적기간 종료는 시작보다 같거나 늦어야 합니다.',
  nominee_email_required: () => '수상 안내를 받을 후보자 이메일을 입력해 주세요.',
  service_years_required: () => '개인 후보는 근무연수를 입력해 주세요.',
  service_years_below: ({ min }) => `근무연수가 ${min}년 이상인 공무원만 추천할 수 있습니다.`,
  disciplinary_history: () => '징계 처분 이력이 있는 공무원은 정부포상 추천 대상에서 제외됩니다.',
  consent_refused: () => '개인정보 수집·이용에 동의해야 추천할 수 있습니다.',
  nothing_changed: () =>
    '바뀐 항목이 없습니다. 보완 요청 내용에 따라 추천서를 고치거나, 고칠 것이 없다면 보완 의견에 그 이유를 적어 주세요.',
};

/** An approver's decision's problems (single and batch). */
export const DECISION_MESSAGES: Wording<DecisionProblem> = {
  decision_not_chosen: () => '승인, 반려, 보완 요청 중 하나를 선택해 주세요.',
  reason_required: ({ missing }) =>
    missing === undefined
      ? '반려 또는 보완 요청 시 사유를 입력해 주세요. 추천 센터에 그대로 전달됩니다.'
      : `반려 또는 보완 요청 시 사유를 입력해 주세요 (사유 없는 선택 ${missing}건). 공통 의견이나 각 추천서의 개별 의견에 적으면 추천 센터에 그대로 전달됩니다.`,
  batch_empty: () => '결정할 추천서를 하나 이상 선택해 주세요.',
  batch_bad_ids: () => '선택한 추천서 번호가 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 선택해 주세요.',
  batch_too_many: ({ max, selected }) =>
    `한 번에 ${max}건까지 결정할 수 있습니다 (선택 ${selected}건). 나누어 처리해 주세요.`,
};

/** What a function says of a problem its forms never report (a bug, not an input error). */
const UNWORDED = '입력값을 확인해 주세요.';

function wordWith(wordings: readonly object[], problem: FieldProblem): string {
  for (const wording of wordings) {
    const word = (wording as Readonly<Record<string, (problem: FieldProblem) => string>>)[problem.code];
    if (word) return word(problem);
  }
  return UNWORDED;
}

/** Words one problem; each function passes the one for its forms (a bundle takes only those words). */
export type FieldWording = (problem: FieldProblem) => string;

/** Every problem (the intake reply, which reports nomination problems, and tests). */
export function fieldMessage(problem: FieldProblem): string {
  return wordWith([COMMON_MESSAGES, NOMINATION_MESSAGES, DECISION_MESSAGES], problem);
}

/** The nomination forms' problems (the web function). */
export function nominationMessage(problem: FieldProblem): string {
  return wordWith([COMMON_MESSAGES, NOMINATION_MESSAGES], problem);
}

/** The decision forms' problems (the review function). */
export function decisionMessage(problem: FieldProblem): string {
  return wordWith([COMMON_MESSAGES, DECISION_MESSAGES], problem);
}

/** Only the problems of any form (functions with no form of their own). */
export function commonMessage(problem: FieldProblem): string {
  return wordWith([COMMON_MESSAGES], problem);
}

/** Field path -> Korean message, as pages show them and JSON answers carry them. */
export type FieldMessages = Readonly<Record<string, string>>;

export function fieldMessages(errors: FieldErrors | undefined, word: FieldWording): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [path, problem] of Object.entries(errors ?? {})) messages[path] = word(problem);
  return messages;
}

/** Why an approval link no longer decides. */
export const CLOSED_MESSAGES = {
  decided: '이미 결정이 처리된 링크입니다. 결정은 한 번만 할 수 있습니다.',
  superseded:
    '새 승인 링크가 발송되어 이 링크는 더 이상 사용할 수 없습니다. 최근 메일의 링크를 사용해 주세요.',
  expired: '승인 기한이 지난 링크입니다. 담당 부서(고용서비스정책과)에 문의해 주세요.',
  delegated:
    '이 승인 요청은 다른 담당자에게 위임되어 이 링크로는 결정할 수 없습니다. 위임받은 담당자가 받은 링크로 결정합니다.',
  void: '이 승인 요청은 더 이상 유효하지 않습니다. 심사가 이미 다른 경로로 진행되었거나 중단되었습니다. 담당 부서(고용서비스정책과)에 문의해 주세요.',
} as const satisfies Record<ClosedReason, string>;

/** Why a correction link no longer corrects. */
export const CORRECTION_CLOSED_MESSAGES = {
  used: '이미 보완 제출이 접수된 링크입니다. 보완은 링크마다 한 번만 제출할 수 있습니다. 진행 상황은 접수 확인 메일의 링크에서 확인해 주세요.',
  superseded:
    '새 수정 링크가 발송되어 이 링크는 더 이상 사용할 수 없습니다. 가장 최근에 받은 보완 요청 메일의 링크를 사용해 주세요.',
  expired:
    '보완 기한이 지난 링크입니다. 추천서는 보완 요청으로 반송 처리됩니다. 문의는 고용서비스정책과로 해 주세요.',
  void: '이 보완 요청은 더 이상 유효하지 않습니다. 심사 절차가 이미 다른 경로로 진행되었거나 중단되었습니다. 고용서비스정책과에 문의해 주세요.',
} as const satisfies Record<CorrectionClosedReason, string>;

/** `10.5MB`: sizes in the attachment policy's messages. */
function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))}MB`;
}

/** A file as the messages name it; a withheld name (WITHHELD_NAME) is said to be left out. */
const fileName = (file: string) =>
  `첨부파일 '${file === WITHHELD_NAME || file.startsWith(`${WITHHELD_NAME}.`) ? `(이름 생략)${file.slice(WITHHELD_NAME.length)}` : file}'`;

type AttachmentProblemOf<C extends AttachmentProblem['code']> = Extract<AttachmentProblem, { code: C }>;

/** Each attachment problem's Korean message, naming the file it is about. */
export const ATTACHMENT_MESSAGES: {
  [C in AttachmentProblem['code']]: (problem: AttachmentProblemOf<C>) => string;
} = {
  too_many: ({ max, count }) => `첨부파일은 ${max}개까지 보낼 수 있습니다. (보낸 파일: ${count}개)`,
  type_not_allowed: ({ file, allowed }) =>
    `${fileName(file)}: 받을 수 없는 파일 형식입니다. ${allowed.join(', ')} 파일만 첨부해 주세요.`,
  type_mismatch: ({ file, extension }) =>
    `${fileName(file)}: 파일 이름의 확장자(.${extension})와 실제 파일 형식이 맞지 않습니다. 파일을 확인해 주세요.`,
  empty: ({ file }) => `${fileName(file)}: 빈 파일입니다. 내용이 있는 파일을 첨부해 주세요.`,
  file_too_large: ({ file, max, size }) =>
    `${fileName(file)}: 파일 하나의 크기는 ${megabytes(max)} 이하여야 합니다. (이 파일: ${megabytes(size)})`,
  total_too_large: ({ max, total }) =>
    `첨부파일 전체 크기는 ${megabytes(max)} 이하여야 합니다. (보낸 파일 합계: ${megabytes(total)})`,
};

export function attachmentMessage(problem: AttachmentProblem): string {
  return (ATTACHMENT_MESSAGES[problem.code] as (problem: AttachmentProblem) => string)(problem);
}

/** What looks like a resident registration number in the subject or a file name of an intake mail. */
const RRN_REFUSED =
  '주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 보낼 수 없습니다.';

type IntakeProblemOf<C extends IntakeProblem['code']> = Extract<IntakeProblem, { code: C }>;

/** Each line of an intake problems reply: `label: message`. */
export const INTAKE_MESSAGES: { [C in IntakeProblem['code']]: (problem: IntakeProblemOf<C>) => string } = {
  subject_rrn: () => `제목: ${RRN_REFUSED}`,
  filename_rrn: () => `첨부 파일: 파일 이름에 ${RRN_REFUSED}`,
  attachment: ({ problem }) => `첨부 파일: ${attachmentMessage(problem)}`,
  template: ({ label, text }) => `${label}: ${text}`,
  field: ({ label, problem }) => `${label}: ${fieldMessage(problem)}`,
  not_this_center: ({ label }) => `${label}: 보낸 주소는 이 센터가 등록한 추천 담당 주소가 아닙니다.`,
  sender_unverified: () =>
    '보낸 사람 주소를 확인할 수 없습니다(SPF·DKIM·DMARC 검증 실패). 센터의 등록된 메일 계정에서 직접 보내 주세요.',
  already_submitted: () =>
    '같은 센터가 같은 분야에 같은 후보자를 이미 추천했습니다. 진행 상황은 접수 확인 메일의 링크에서 확인해 주세요.',
};

export function intakeMessage(problem: IntakeProblem): string {
  return (INTAKE_MESSAGES[problem.code] as (problem: IntakeProblem) => string)(problem);
}
