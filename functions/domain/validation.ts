import { EMAIL } from './check';
import { type Cycle, type Directory, findCategory, findCenter, findCycle, isOpen } from './cycle';
import { type FieldErrors, ValidationError } from './errors';
import { FIELD_LABELS, FIELD_LIMITS, josa, type LimitedField, MULTI_LINE_FIELDS } from './fields';
import type { NominationInput } from './nomination';
import { cleanInput } from './text-hygiene';

export { FIELD_LABELS, FIELD_LIMITS, josa, MULTI_LINE_FIELDS } from './fields';

/** Ids and names picked from lists are short; anything longer is not one of them. */
const MAX_CHOICE_LENGTH = 100;

const enterMessage = (label: string) => `${label}${josa(label, '을', '를')} 입력해 주세요.`;

const tooLongMessage = (label: string, max: number) =>
  `${label}${josa(label, '은', '는')} ${max}자 이내로 입력해 주세요.`;

/**
 * The shape rules of a nomination, field by field, each with its Korean message. Written out rather
 * than with a schema library: the rules are few, and the nominators' bundle stays small.
 * Every reader records at most one message per field path (the first rule that fails).
 */
class ShapeReader {
  readonly errors: FieldErrors = {};

  fail(path: string, message: string): undefined {
    this.errors[path] ??= message;
    return undefined;
  }

  /** A required text: trimmed, not empty, within its limit. */
  text(source: Record<string, unknown>, key: string, field: LimitedField): string | undefined {
    const label = FIELD_LABELS[field];
    const value = source[key];
    if (typeof value !== 'string') return this.fail(field, enterMessage(label));
    const trimmed = value.trim();
    if (trimmed === '') return this.fail(field, enterMessage(label));
    if (trimmed.length > FIELD_LIMITS[field])
      return this.fail(field, tooLongMessage(label, FIELD_LIMITS[field]));
    return trimmed;
  }

  /** An optional text: absent or empty -> undefined. */
  optionalText(source: Record<string, unknown>, key: string, field: LimitedField): string | undefined {
    const label = FIELD_LABELS[field];
    const value = source[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      return this.fail(field, `${label}${josa(label, '은', '는')} 글자로 입력해 주세요.`);
    const trimmed = value.trim();
    if (trimmed.length > FIELD_LIMITS[field])
      return this.fail(field, tooLongMessage(label, FIELD_LIMITS[field]));
    return trimmed === '' ? undefined : trimmed;
  }

  /** A required e-mail address, lower-cased. */
  email(
    source: Record<string, unknown>,
    key: string,
    field: 'nominee.email' | 'submitter.email',
  ): string | undefined {
    const text = this.text(source, key, field);
    if (text === undefined) return undefined;
    if (!EMAIL.test(text)) return this.fail(field, emailFormatMessage(FIELD_LABELS[field]));
    return text.toLowerCase();
  }

  /** An e-mail that may be left empty ('' or absent -> undefined); the business rules decide if it is needed. */
  optionalEmail(source: Record<string, unknown>, key: string, field: 'nominee.email'): string | undefined {
    const value = source[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(field, emailFormatMessage(FIELD_LABELS[field]));
    return value.trim() === '' ? undefined : this.email(source, key, field);
  }

  yearMonth(source: Record<string, unknown>, key: string, field: 'meritPeriod.from' | 'meritPeriod.to') {
    const label = FIELD_LABELS[field];
    const value = source[key];
    if (typeof value !== 'string') return this.fail(field, enterMessage(label));
    const trimmed = value.trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(trimmed))
      return this.fail(field, `${label}${josa(label, '은', '는')} YYYY-MM 형식으로 입력해 주세요.`);
    return trimmed;
  }

  /** A value picked from a list (radio or select): ask to choose, not to type. */
  choice(source: Record<string, unknown>, key: string, path: string, label: string): string | undefined {
    const message = `${label}${josa(label, '을', '를')} 선택해 주세요.`;
    const value = source[key];
    if (typeof value !== 'string') return this.fail(path, message);
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.length > MAX_CHOICE_LENGTH) return this.fail(path, message);
    return trimmed;
  }

  boolean(source: Record<string, unknown>, key: string, message: string): boolean | undefined {
    const value = source[key];
    return typeof value === 'boolean' ? value : this.fail(key, message);
  }

  /** A nested object (nominee, merit period, submitter); its absence is one message on its path. */
  object(source: Record<string, unknown>, key: string, message: string): Record<string, unknown> | undefined {
    const value = source[key];
    return isRecord(value) ? value : this.fail(key, message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const emailFormatMessage = (label: string) => `${label} 형식이 올바르지 않습니다. (예: name@example.go.kr)`;

const NOMINEE_TYPES = ['individual', 'organization'] as const;

function serviceYears(read: ShapeReader, nominee: Record<string, unknown>): number | undefined {
  const value = nominee.serviceYears;
  const path = 'nominee.serviceYears';
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value))
    return read.fail(path, '근무연수는 숫자로 입력해 주세요.');
  if (!Number.isSafeInteger(value)) return read.fail(path, '근무연수는 정수로 입력해 주세요.');
  if (value < 0) return read.fail(path, '근무연수는 0 이상이어야 합니다.');
  if (value > 60) return read.fail(path, '근무연수는 60 이하여야 합니다.');
  return value;
}

/** The nomination's shape, or the Korean message of each field that breaks it. */
function readNomination(raw: unknown): { input?: NominationInput; errors: FieldErrors } {
  const read = new ShapeReader();
  if (!isRecord(raw)) {
    read.fail('_', '추천서 내용이 없습니다. 추천서 항목을 JSON 객체(또는 양식)로 보내 주세요.');
    return { errors: read.errors };
  }
  const nomineeType =
    typeof raw.nomineeType === 'string' && (NOMINEE_TYPES as readonly string[]).includes(raw.nomineeType)
      ? (raw.nomineeType as NominationInput['nomineeType'])
      : read.fail(
          'nomineeType',
          '후보 유형을 개인(individual) 또는 기관(organization) 중에서 선택해 주세요.',
        );
  const cycle = read.text(raw, 'cycle', 'cycle');
  const category = read.choice(raw, 'category', 'category', FIELD_LABELS.category);
  const nomineeSource = read.object(raw, 'nominee', '후보자 정보를 입력해 주세요.');
  const nominee = nomineeSource && {
    name: read.text(nomineeSource, 'name', 'nominee.name'),
    affiliation: read.text(nomineeSource, 'affiliation', 'nominee.affiliation'),
    position: read.optionalText(nomineeSource, 'position', 'nominee.position'),
    email: read.optionalEmail(nomineeSource, 'email', 'nominee.email'),
    serviceYears: serviceYears(read, nomineeSource),
  };
  const periodSource = read.object(raw, 'meritPeriod', '공적기간을 입력해 주세요.');
  const meritPeriod = periodSource && {
    from: read.yearMonth(periodSource, 'from', 'meritPeriod.from'),
    to: read.yearMonth(periodSource, 'to', 'meritPeriod.to'),
  };
  const meritSummary = read.text(raw, 'meritSummary', 'meritSummary');
  const meritDetails = read.optionalText(raw, 'meritDetails', 'meritDetails');
  const priorAwards = read.optionalText(raw, 'priorAwards', 'priorAwards');
  const disciplinaryHistory = read.boolean(raw, 'disciplinaryHistory', '징계 여부를 선택해 주세요.');
  const consent = read.boolean(raw, 'consent', '개인정보 수집·이용 동의 여부를 선택해 주세요.');
  const centerId = read.choice(raw, 'centerId', 'centerId', FIELD_LABELS.centerId);
  const submitterSource = read.object(raw, 'submitter', '제출자 정보를 입력해 주세요.');
  const submitter = submitterSource && {
    name: read.text(submitterSource, 'name', 'submitter.name'),
    email: read.email(submitterSource, 'email', 'submitter.email'),
  };
  if (Object.keys(read.errors).length > 0) return { errors: read.errors };
  // Every required value is present once no field failed.
  const present = <T>(value: T | undefined) => value as T;
  const input: NominationInput = {
    cycle: present(cycle),
    category: present(category),
    nomineeType: present(nomineeType),
    nominee: {
      name: present(nominee?.name),
      affiliation: present(nominee?.affiliation),
      ...(nominee?.position !== undefined ? { position: nominee.position } : {}),
      ...(nominee?.email !== undefined ? { email: nominee.email } : {}),
      ...(nominee?.serviceYears !== undefined ? { serviceYears: nominee.serviceYears } : {}),
    },
    meritPeriod: { from: present(meritPeriod?.from), to: present(meritPeriod?.to) },
    meritSummary: present(meritSummary),
    ...(meritDetails !== undefined ? { meritDetails } : {}),
    ...(priorAwards !== undefined ? { priorAwards } : {}),
    disciplinaryHistory: present(disciplinaryHistory),
    consent: present(consent),
    centerId: present(centerId),
    submitter: { name: present(submitter?.name), email: present(submitter?.email) },
  };
  return { input, errors: {} };
}

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
function businessRuleErrors(input: NominationInput, context: ValidationContext): FieldErrors {
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

/**
 * Validates a nomination; throws ValidationError with one Korean message per field path.
 * Text hygiene runs first; where it refused a field, its message is the one reported.
 */
export function validateNomination(raw: unknown, context: ValidationContext): NominationInput {
  const hygiene = cleanInput(raw, { multiLineFields: MULTI_LINE_FIELDS, labels: FIELD_LABELS });
  const { input, errors } = readNomination(hygiene.value);
  if (input) Object.assign(errors, businessRuleErrors(input, context));
  Object.assign(errors, hygiene.errors);
  if (!input || Object.keys(errors).length > 0) throw new ValidationError(errors);
  const cycle = findCycle(context.cycles, input.cycle);
  // Store the category id even when the Korean name was given (e-mail nominations).
  const category = cycle ? (findCategory(cycle, input.category)?.id ?? input.category) : input.category;
  return { ...input, category };
}
