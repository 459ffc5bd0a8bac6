import { type Cycle, type Directory, findCategory, findCenter, findCycle, isOpen } from './cycle';
import { type FieldErrors, ValidationError } from './errors';
import { FIELD_LABELS, FIELD_LIMITS, josa, type LimitedField, MULTI_LINE_FIELDS } from './fields';
import type { NominationInput } from './nomination';
import * as z from './schema';
import { cleanInput } from './text-hygiene';

export { FIELD_LABELS, FIELD_LIMITS, josa, MULTI_LINE_FIELDS } from './fields';

/** Ids and names picked from lists are short; anything longer is not one of them. */
const MAX_CHOICE_LENGTH = 100;

const enterMessage = (label: string) => `${label}${josa(label, '을', '를')} 입력해 주세요.`;

const tooLongMessage = (label: string, max: number) =>
  `${label}${josa(label, '은', '는')} ${max}자 이내로 입력해 주세요.`;

function text(field: LimitedField) {
  const label = FIELD_LABELS[field];
  const max = FIELD_LIMITS[field];
  return z
    .string({ error: enterMessage(label) })
    .check(
      z.trim(),
      z.minLength(1, { error: enterMessage(label) }),
      z.maxLength(max, { error: tooLongMessage(label, max) }),
    );
}

function optionalText(field: LimitedField) {
  const label = FIELD_LABELS[field];
  const max = FIELD_LIMITS[field];
  return z.pipe(
    z.optional(
      z
        .string({ error: `${label}${josa(label, '은', '는')} 글자로 입력해 주세요.` })
        .check(z.trim(), z.maxLength(max, { error: tooLongMessage(label, max) })),
    ),
    z.transform((value) => (value === '' ? undefined : value)),
  );
}

const emailFormatMessage = (label: string) => `${label} 형식이 올바르지 않습니다. (예: name@example.go.kr)`;

function email(field: 'nominee.email' | 'submitter.email') {
  const label = FIELD_LABELS[field];
  const max = FIELD_LIMITS[field];
  return z.pipe(
    z.pipe(
      z
        .string({ error: enterMessage(label) })
        .check(
          z.trim(),
          z.minLength(1, { error: enterMessage(label) }),
          z.maxLength(max, { error: tooLongMessage(label, max) }),
        ),
      z.email({ error: emailFormatMessage(label) }),
    ),
    z.transform((value) => value.toLowerCase()),
  );
}

/** An e-mail that may be left empty ('' or absent -> undefined); the business rules decide if it is needed. */
function optionalEmail(field: 'nominee.email') {
  const label = FIELD_LABELS[field];
  return z.pipe(
    z.pipe(
      z.optional(z.string({ error: emailFormatMessage(label) }).check(z.trim())),
      z.transform((value) => (value === '' ? undefined : value)),
    ),
    z.optional(email(field)),
  );
}

const yearMonth = (field: 'meritPeriod.from' | 'meritPeriod.to') => {
  const label = FIELD_LABELS[field];
  return z.string({ error: enterMessage(label) }).check(
    z.trim(),
    z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
      error: `${label}${josa(label, '은', '는')} YYYY-MM 형식으로 입력해 주세요.`,
    }),
  );
};

/** A value picked from a list (radio or select): ask to choose, not to type. */
function choice(label: string) {
  const message = `${label}${josa(label, '을', '를')} 선택해 주세요.`;
  return z
    .string({ error: message })
    .check(z.trim(), z.minLength(1, { error: message }), z.maxLength(MAX_CHOICE_LENGTH, { error: message }));
}

const nominationShape = z.object(
  {
    cycle: text('cycle'),
    category: choice(FIELD_LABELS.category),
    nomineeType: z.enum(['individual', 'organization'], {
      error: '후보 유형을 개인(individual) 또는 기관(organization) 중에서 선택해 주세요.',
    }),
    nominee: z.object(
      {
        name: text('nominee.name'),
        affiliation: text('nominee.affiliation'),
        position: optionalText('nominee.position'),
        email: optionalEmail('nominee.email'),
        serviceYears: z.optional(
          z
            .number({ error: '근무연수는 숫자로 입력해 주세요.' })
            .check(
              z.int({ error: '근무연수는 정수로 입력해 주세요.' }),
              z.gte(0, { error: '근무연수는 0 이상이어야 합니다.' }),
              z.lte(60, { error: '근무연수는 60 이하여야 합니다.' }),
            ),
        ),
      },
      { error: '후보자 정보를 입력해 주세요.' },
    ),
    meritPeriod: z.object(
      { from: yearMonth('meritPeriod.from'), to: yearMonth('meritPeriod.to') },
      { error: '공적기간을 입력해 주세요.' },
    ),
    meritSummary: text('meritSummary'),
    meritDetails: optionalText('meritDetails'),
    priorAwards: optionalText('priorAwards'),
    disciplinaryHistory: z.boolean({ error: '징계 여부를 선택해 주세요.' }),
    consent: z.boolean({ error: '개인정보 수집·이용 동의 여부를 선택해 주세요.' }),
    centerId: choice(FIELD_LABELS.centerId),
    submitter: z.object(
      { name: text('submitter.name'), email: email('submitter.email') },
      { error: '제출자 정보를 입력해 주세요.' },
    ),
  },
  { error: '추천서 내용이 없습니다. 추천서 항목을 JSON 객체(또는 양식)로 보내 주세요.' },
);

export interface ValidationContext {
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  /** When the nomination arrives: decides whether its cycle is still accepting. */
  readonly now: Date;
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2023-10-31T14:59:59Z` -> `2023년 10월 31일 23:59 KST` (deadlines are announced in KST). */
function kstDateTime(instant: string): string {
  const kst = new Date(Date.parse(instant) + KST_OFFSET_MS);
  const hh = String(kst.getUTCHours()).padStart(2, '0');
  const mm = String(kst.getUTCMinutes()).padStart(2, '0');
  return `${kst.getUTCFullYear()}년 ${kst.getUTCMonth() + 1}월 ${kst.getUTCDate()}일 ${hh}:${mm} KST`;
}

function openCyclesNote(cycles: readonly Cycle[], now: Date): string {
  const open = cycles.filter((cycle) => isOpen(cycle, now));
  return open.length === 0
    ? '현재 접수 중인 포상이 없습니다.'
    : `현재 접수 중: ${open.map((cycle) => `${cycle.year}년`).join(', ')}`;
}

/** Why the cycle does not accept nominations at `now`, or undefined when it does. */
function cycleClosedMessage(cycle: Cycle, context: ValidationContext): string | undefined {
  const at = context.now.getTime();
  const others = context.cycles.some((other) => other !== cycle && isOpen(other, context.now))
    ? ` ${openCyclesNote(context.cycles, context.now)}`
    : '';
  if (at < Date.parse(cycle.submissionOpens)) {
    return `${cycle.year}년 포상 추천은 아직 접수 시작 전입니다 (시작: ${kstDateTime(cycle.submissionOpens)}).${others}`;
  }
  if (!isOpen(cycle, context.now)) {
    return `${cycle.year}년 포상 추천 접수가 마감되었습니다 (마감: ${kstDateTime(cycle.submissionDeadline)}).${others}`;
  }
  return undefined;
}

/** Rules that need the cycle and directory data, checked once the shape is right. */
function businessRuleErrors(input: z.infer<typeof nominationShape>, context: ValidationContext): FieldErrors {
  const errors: FieldErrors = {};
  const cycle = findCycle(context.cycles, input.cycle);
  if (!cycle) {
    errors.cycle = `${input.cycle}년 포상은 접수하고 있지 않습니다. ${openCyclesNote(context.cycles, context.now)}`;
  } else {
    const closed = cycleClosedMessage(cycle, context);
    if (closed) errors.cycle = closed;
    if (!findCategory(cycle, input.category)) {
      errors.category = `분야를 목록에서 선택해 주세요: ${cycle.categories.map((c) => c.name).join(', ')}`;
    }
  }
  if (!findCenter(context.directory, input.centerId)) {
    errors.centerId = '등록된 추천센터가 아닙니다. 센터를 목록에서 선택해 주세요.';
  }
  if (input.meritPeriod.from > input.meritPeriod.to) {
    errors['meritPeriod.to'] = '공적기간 종료는 시작보다 같거나 늦어야 합니다.';
  }
  if (input.nomineeType === 'individual') {
    if (!input.nominee.position) errors['nominee.position'] = enterMessage(FIELD_LABELS['nominee.position']);
    if (!input.nominee.email) errors['nominee.email'] = '수상 안내를 받을 후보자 이메일을 입력해 주세요.';
    const years = input.nominee.serviceYears;
    if (years === undefined) {
      errors['nominee.serviceYears'] = '개인 후보는 근무연수를 입력해 주세요.';
    } else if (cycle && years < cycle.minServiceYears) {
      errors['nominee.serviceYears'] =
        `근무연수가 ${cycle.minServiceYears}년 이상인 공무원만 추천할 수 있습니다.`;
    }
    if (input.disciplinaryHistory) {
      errors.disciplinaryHistory = '징계 처분 이력이 있는 공무원은 정부포상 추천 대상에서 제외됩니다.';
    }
  }
  if (!input.consent) errors.consent = '개인정보 수집·이용에 동의해야 추천할 수 있습니다.';
  return errors;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '_';
}

/**
 * Validates a nomination; throws ValidationError with one Korean message per field path.
 * Text hygiene runs first; where it refused a field, its message is the one reported.
 */
export function validateNomination(raw: unknown, context: ValidationContext): NominationInput {
  const hygiene = cleanInput(raw, { multiLineFields: MULTI_LINE_FIELDS, labels: FIELD_LABELS });
  const parsed = nominationShape.safeParse(hygiene.value);
  const errors: FieldErrors = {};
  if (parsed.success) {
    Object.assign(errors, businessRuleErrors(parsed.data, context));
  } else {
    for (const issue of parsed.error.issues) {
      const path = fieldPath(issue.path);
      errors[path] ??= issue.message;
    }
  }
  Object.assign(errors, hygiene.errors);
  if (!parsed.success || Object.keys(errors).length > 0) throw new ValidationError(errors);
  const cycle = findCycle(context.cycles, parsed.data.cycle);
  // Store the category id even when the Korean name was given (e-mail nominations).
  const category = cycle
    ? (findCategory(cycle, parsed.data.category)?.id ?? parsed.data.category)
    : parsed.data.category;
  return { ...parsed.data, category };
}
