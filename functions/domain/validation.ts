import { type Cycle, type Directory, findCategory, findCenter, findCycle } from './cycle';
import { type FieldErrors, ValidationError } from './errors';
import type { NominationInput } from './nomination';
import * as z from './schema';

/** Picks the Korean particle that fits the last syllable of `word` (을/를, 은/는, 이/가). */
export function josa(word: string, withBatchim: string, withoutBatchim: string): string {
  const last = word.charCodeAt(word.length - 1);
  const isHangulSyllable = last >= 0xac00 && last <= 0xd7a3;
  if (!isHangulSyllable) return withBatchim;
  return (last - 0xac00) % 28 === 0 ? withoutBatchim : withBatchim;
}

const enterMessage = (label: string) => `${label}${josa(label, '을', '를')} 입력해 주세요.`;

const tooLongMessage = (label: string, max: number) =>
  `${label}${josa(label, '은', '는')} ${max}자 이내로 입력해 주세요.`;

function text(label: string, max: number) {
  return z
    .string({ error: enterMessage(label) })
    .check(
      z.trim(),
      z.minLength(1, { error: enterMessage(label) }),
      z.maxLength(max, { error: tooLongMessage(label, max) }),
    );
}

function optionalText(label: string, max: number) {
  return z.pipe(
    z.optional(
      z
        .string({ error: `${label}${josa(label, '은', '는')} 글자로 입력해 주세요.` })
        .check(z.trim(), z.maxLength(max, { error: tooLongMessage(label, max) })),
    ),
    z.transform((value) => (value === '' ? undefined : value)),
  );
}

const email = (label: string) =>
  z.pipe(
    z.pipe(
      z
        .string({ error: enterMessage(label) })
        .check(z.trim(), z.minLength(1, { error: enterMessage(label) })),
      z.email({ error: `${label} 형식이 올바르지 않습니다. (예: name@example.go.kr)` }),
    ),
    z.transform((value) => value.toLowerCase()),
  );

const yearMonth = (label: string) =>
  z.string({ error: enterMessage(label) }).check(
    z.trim(),
    z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
      error: `${label}${josa(label, '은', '는')} YYYY-MM 형식으로 입력해 주세요.`,
    }),
  );

/** A value picked from a list (radio or select): ask to choose, not to type. */
function choice(label: string) {
  const message = `${label}${josa(label, '을', '를')} 선택해 주세요.`;
  return z
    .string({ error: message })
    .check(z.trim(), z.minLength(1, { error: message }), z.maxLength(100, { error: message }));
}

const nominationShape = z.object(
  {
    cycle: text('포상연도', 10),
    category: choice('분야'),
    nomineeType: z.enum(['individual', 'organization'], {
      error: '후보 유형을 개인(individual) 또는 기관(organization) 중에서 선택해 주세요.',
    }),
    nominee: z.object(
      {
        name: text('성명(기관명)', 100),
        affiliation: text('소속', 100),
        position: optionalText('직위', 50),
        email: z.pipe(
          z.optional(
            z.union([z.literal(''), email('이메일')], { error: '이메일 형식이 올바르지 않습니다.' }),
          ),
          z.transform((value) => (value === '' ? undefined : value)),
        ),
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
      { from: yearMonth('공적기간 시작'), to: yearMonth('공적기간 종료') },
      { error: '공적기간을 입력해 주세요.' },
    ),
    meritSummary: text('공적요지', 1000),
    meritDetails: optionalText('세부공적', 20000),
    priorAwards: optionalText('포상경력', 2000),
    disciplinaryHistory: z.boolean({ error: '징계 여부를 선택해 주세요.' }),
    consent: z.boolean({ error: '개인정보 수집·이용 동의 여부를 선택해 주세요.' }),
    centerId: choice('추천센터'),
    submitter: z.object(
      { name: text('제출자 성명', 50), email: email('제출자 이메일') },
      { error: '제출자 정보를 입력해 주세요.' },
    ),
  },
  { error: '추천서 내용이 없습니다. 추천서 항목을 JSON 객체(또는 양식)로 보내 주세요.' },
);

export interface ValidationContext {
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
}

/** Rules that need the cycle and directory data, checked once the shape is right. */
function businessRuleErrors(input: z.infer<typeof nominationShape>, context: ValidationContext): FieldErrors {
  const errors: FieldErrors = {};
  const cycle = findCycle(context.cycles, input.cycle);
  if (!cycle) {
    errors.cycle = `${input.cycle}년 포상은 접수하고 있지 않습니다. (접수 중: ${context.cycles.map((c) => c.year).join(', ')})`;
  } else if (!findCategory(cycle, input.category)) {
    errors.category = `분야를 목록에서 선택해 주세요: ${cycle.categories.map((c) => c.name).join(', ')}`;
  }
  if (!findCenter(context.directory, input.centerId)) {
    errors.centerId = '등록된 추천센터가 아닙니다. 센터를 목록에서 선택해 주세요.';
  }
  if (input.meritPeriod.from > input.meritPeriod.to) {
    errors['meritPeriod.to'] = '공적기간 종료는 시작보다 같거나 늦어야 합니다.';
  }
  if (input.nomineeType === 'individual') {
    if (!input.nominee.position) errors['nominee.position'] = enterMessage('직위');
    if (!input.nominee.email) errors['nominee.email'] = '수상 안내를 받을 후보자 이메일을 입력해 주세요.';
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

/** Validates a nomination; throws ValidationError with one Korean message per field path. */
export function validateNomination(raw: unknown, context: ValidationContext): NominationInput {
  const parsed = nominationShape.safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const path = fieldPath(issue.path);
      errors[path] ??= issue.message;
    }
    throw new ValidationError(errors);
  }
  const errors = businessRuleErrors(parsed.data, context);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const cycle = findCycle(context.cycles, parsed.data.cycle);
  // Store the category id even when the Korean name was given (e-mail nominations).
  const category = cycle
    ? (findCategory(cycle, parsed.data.category)?.id ?? parsed.data.category)
    : parsed.data.category;
  return { ...parsed.data, category };
}
