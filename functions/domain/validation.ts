import { EMAIL } from './check';
import { type Cycle, type Directory, findCategory, findCenter, findCycle, isOpen } from './cycle';
import { type FieldErrors, type FieldProblem, ValidationError } from './errors';
import { FIELD_LIMITS, type FieldName, isFieldName, type LimitedField, MULTI_LINE_FIELDS } from './fields';
import type { NominationInput } from './nomination';
import { cleanInput } from './text-hygiene';

export { FIELD_LIMITS, FIELD_NAMES, type FieldName, josa, MULTI_LINE_FIELDS } from './fields';

/** Ids and names picked from lists are short; anything longer is not one of them. */
const MAX_CHOICE_LENGTH = 100;

/**
 * The shape rules of a nomination, field by field, each with its problem code. Written out rather
 * than with a schema library: the rules are few, and the nominators' bundle stays small.
 * Every reader records at most one problem per field path (the first rule that fails).
 */
class ShapeReader {
  readonly errors: FieldErrors = {};

  fail(path: string, problem: FieldProblem): undefined {
    this.errors[path] ??= problem;
    return undefined;
  }

  /** A required text: trimmed, not empty, within its limit. */
  text(source: Record<string, unknown>, key: string, field: LimitedField): string | undefined {
    const value = source[key];
    if (typeof value !== 'string') return this.fail(field, { code: 'required', field });
    const trimmed = value.trim();
    if (trimmed === '') return this.fail(field, { code: 'required', field });
    if (trimmed.length > FIELD_LIMITS[field])
      return this.fail(field, { code: 'too_long', field, max: FIELD_LIMITS[field] });
    return trimmed;
  }

  /** An optional text: absent or empty -> undefined. */
  optionalText(source: Record<string, unknown>, key: string, field: LimitedField): string | undefined {
    const value = source[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(field, { code: 'not_text', field });
    const trimmed = value.trim();
    if (trimmed.length > FIELD_LIMITS[field])
      return this.fail(field, { code: 'too_long', field, max: FIELD_LIMITS[field] });
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
    if (!EMAIL.test(text)) return this.fail(field, { code: 'bad_email', field });
    return text.toLowerCase();
  }

  /** An e-mail that may be left empty ('' or absent -> undefined); the business rules decide if it is needed. */
  optionalEmail(source: Record<string, unknown>, key: string, field: 'nominee.email'): string | undefined {
    const value = source[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(field, { code: 'bad_email', field });
    return value.trim() === '' ? undefined : this.email(source, key, field);
  }

  yearMonth(source: Record<string, unknown>, key: string, field: 'meritPeriod.from' | 'meritPeriod.to') {
    const value = source[key];
    if (typeof value !== 'string') return this.fail(field, { code: 'required', field });
    const trimmed = value.trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(trimmed)) return this.fail(field, { code: 'not_year_month', field });
    return trimmed;
  }

  /** A value picked from a list (radio or select): ask to choose, not to type. */
  choice(source: Record<string, unknown>, key: string, field: FieldName): string | undefined {
    const problem: FieldProblem = { code: 'not_chosen', field };
    const value = source[key];
    if (typeof value !== 'string') return this.fail(field, problem);
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.length > MAX_CHOICE_LENGTH) return this.fail(field, problem);
    return trimmed;
  }

  boolean(source: Record<string, unknown>, key: 'disciplinaryHistory' | 'consent'): boolean | undefined {
    const value = source[key];
    return typeof value === 'boolean' ? value : this.fail(key, { code: 'yes_no_missing', field: key });
  }

  /** A nested object (nominee, merit period, submitter); its absence is one problem on its path. */
  object(
    source: Record<string, unknown>,
    key: 'nominee' | 'meritPeriod' | 'submitter',
  ): Record<string, unknown> | undefined {
    const value = source[key];
    return isRecord(value) ? value : this.fail(key, { code: 'section_missing', section: key });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NOMINEE_TYPES = ['individual', 'organization'] as const;

const MAX_SERVICE_YEARS = 60;

function serviceYears(read: ShapeReader, nominee: Record<string, unknown>): number | undefined {
  const value = nominee.serviceYears;
  const path = 'nominee.serviceYears' as const;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value))
    return read.fail(path, { code: 'not_number', field: path });
  if (!Number.isSafeInteger(value)) return read.fail(path, { code: 'not_integer', field: path });
  if (value < 0) return read.fail(path, { code: 'too_small', field: path, min: 0 });
  if (value > MAX_SERVICE_YEARS)
    return read.fail(path, { code: 'too_large', field: path, max: MAX_SERVICE_YEARS });
  return value;
}

/** The nomination's shape, or the problem of each field that breaks it. */
function readNomination(raw: unknown): { input?: NominationInput; errors: FieldErrors } {
  const read = new ShapeReader();
  if (!isRecord(raw)) {
    read.fail('_', { code: 'no_body' });
    return { errors: read.errors };
  }
  const nomineeType =
    typeof raw.nomineeType === 'string' && (NOMINEE_TYPES as readonly string[]).includes(raw.nomineeType)
      ? (raw.nomineeType as NominationInput['nomineeType'])
      : read.fail('nomineeType', { code: 'nominee_type' });
  const cycle = read.text(raw, 'cycle', 'cycle');
  const category = read.choice(raw, 'category', 'category');
  const nomineeSource = read.object(raw, 'nominee');
  const nominee = nomineeSource && {
    name: read.text(nomineeSource, 'name', 'nominee.name'),
    affiliation: read.text(nomineeSource, 'affiliation', 'nominee.affiliation'),
    position: read.optionalText(nomineeSource, 'position', 'nominee.position'),
    email: read.optionalEmail(nomineeSource, 'email', 'nominee.email'),
    serviceYears: serviceYears(read, nomineeSource),
  };
  const periodSource = read.object(raw, 'meritPeriod');
  const meritPeriod = periodSource && {
    from: read.yearMonth(periodSource, 'from', 'meritPeriod.from'),
    to: read.yearMonth(periodSource, 'to', 'meritPeriod.to'),
  };
  const meritSummary = read.text(raw, 'meritSummary', 'meritSummary');
  const meritDetails = read.optionalText(raw, 'meritDetails', 'meritDetails');
  const priorAwards = read.optionalText(raw, 'priorAwards', 'priorAwards');
  const disciplinaryHistory = read.boolean(raw, 'disciplinaryHistory');
  const consent = read.boolean(raw, 'consent');
  const centerId = read.choice(raw, 'centerId', 'centerId');
  const submitterSource = read.object(raw, 'submitter');
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

/** The years of the cycles accepting nominations at `now`. */
function openYears(cycles: readonly Cycle[], now: Date): string[] {
  return cycles.filter((cycle) => isOpen(cycle, now)).map((cycle) => cycle.year);
}

/** Why the cycle does not accept nominations at `now`, or undefined when it does. */
function cycleClosedProblem(cycle: Cycle, context: ValidationContext): FieldProblem | undefined {
  const at = context.now.getTime();
  const open = openYears(context.cycles, context.now);
  if (at < Date.parse(cycle.submissionOpens)) {
    return { code: 'cycle_not_open_yet', year: cycle.year, opens: cycle.submissionOpens, open };
  }
  if (!isOpen(cycle, context.now)) {
    return { code: 'cycle_closed', year: cycle.year, deadline: cycle.submissionDeadline, open };
  }
  return undefined;
}

/** Rules that need the cycle and directory data, checked once the shape is right. */
function businessRuleErrors(input: NominationInput, context: ValidationContext): FieldErrors {
  const errors: FieldErrors = {};
  const cycle = findCycle(context.cycles, input.cycle);
  if (!cycle) {
    errors.cycle = { code: 'cycle_unknown', year: input.cycle, open: openYears(context.cycles, context.now) };
  } else {
    const closed = cycleClosedProblem(cycle, context);
    if (closed) errors.cycle = closed;
    if (!findCategory(cycle, input.category)) {
      errors.category = { code: 'category_unknown', choices: cycle.categories.map((c) => c.name) };
    }
  }
  if (!findCenter(context.directory, input.centerId)) {
    errors.centerId = { code: 'center_unknown' };
  }
  if (input.meritPeriod.from > input.meritPeriod.to) {
    errors['meritPeriod.to'] = { code: 'period_order' };
  }
  if (input.nomineeType === 'individual') {
    if (!input.nominee.position) errors['nominee.position'] = { code: 'required', field: 'nominee.position' };
    if (!input.nominee.email) errors['nominee.email'] = { code: 'nominee_email_required' };
    const years = input.nominee.serviceYears;
    if (years === undefined) {
      errors['nominee.serviceYears'] = { code: 'service_years_required' };
    } else if (cycle && years < cycle.minServiceYears) {
      errors['nominee.serviceYears'] = { code: 'service_years_below', min: cycle.minServiceYears };
    }
    if (input.disciplinaryHistory) {
      errors.disciplinaryHistory = { code: 'disciplinary_history' };
    }
  }
  if (!input.consent) errors.consent = { code: 'consent_refused' };
  return errors;
}

/**
 * Validates a nomination; throws ValidationError with one problem per field path.
 * Text hygiene runs first; where it refused a field, its problem is the one reported.
 */
export function validateNomination(raw: unknown, context: ValidationContext): NominationInput {
  const hygiene = cleanInput(raw, { multiLineFields: MULTI_LINE_FIELDS, isField: isFieldName });
  const { input, errors } = readNomination(hygiene.value);
  if (input) Object.assign(errors, businessRuleErrors(input, context));
  Object.assign(errors, hygiene.errors);
  if (!input || Object.keys(errors).length > 0) throw new ValidationError(errors);
  const cycle = findCycle(context.cycles, input.cycle);
  // Store the category id even when the Korean name was given (e-mail nominations).
  const category = cycle ? (findCategory(cycle, input.category)?.id ?? input.category) : input.category;
  return { ...input, category };
}
