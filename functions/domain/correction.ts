/**
 * The 보완요청 loop, as pure rules: a review stage returns the nomination, the nominating center
 * gets an edit link (only to its registered addresses), corrects the nomination in place (same id,
 * same execution) and it goes back to the stage that returned it. At most `maxCorrectionRounds`
 * times per nomination; one more return ends it `returned`.
 */

import { isBlankText } from './approval';
import type { Cycle } from './cycle';
import type { FieldProblem } from './errors';
import { FIELD_NAMES, type FieldName } from './fields';
import type { FieldValue, Nomination, NominationInput, Revision } from './nomination';
import type { ReviewStage } from './stages';
import { cleanText } from './text-hygiene';

/** Days an edit link works when the cycle does not say (the workflow's wait in the ASL is the same). */
export const DEFAULT_CORRECTION_DAYS = 14;
/** Corrections per nomination when the cycle does not say. */
export const DEFAULT_MAX_CORRECTION_ROUNDS = 2;

export function correctionDaysOf(cycle: Cycle): number {
  return cycle.correctionDays ?? DEFAULT_CORRECTION_DAYS;
}

export function maxCorrectionRoundsOf(cycle: Cycle): number {
  return cycle.maxCorrectionRounds ?? DEFAULT_MAX_CORRECTION_ROUNDS;
}

/**
 * The round a new return opens, or `exhausted` when the nomination has had all its corrections
 * (the workflow then ends it `returned`, as before the loop existed).
 */
export function nextCorrectionRound(
  nomination: Pick<Nomination, 'correctionRound'>,
  cycle: Cycle,
): { readonly round: number } | { readonly exhausted: true; readonly used: number } {
  const used = nomination.correctionRound ?? 0;
  if (used >= maxCorrectionRoundsOf(cycle)) return { exhausted: true, used };
  return { round: used + 1 };
}

export function correctionExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

export type CorrectionStatus = 'open' | 'used' | 'superseded' | 'void';
export type CorrectionClosedReason = Exclude<CorrectionStatus, 'open'> | 'expired';

/**
 * An edit link of a returned nomination: the task token the workflow waits with, stored under the
 * hash of the link id (256 random bits; the id itself is only in the mail).
 */
export interface CorrectionRequest {
  readonly idHash: string;
  readonly nominationId: string;
  readonly round: number;
  /** The review stage that returned the nomination, and that the correction goes back to. */
  readonly returnedAt: ReviewStage;
  /** The reviewer's reason, as mailed. */
  readonly comment?: string;
  readonly taskToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: CorrectionStatus;
  readonly usedAt?: string;
  /** Set once the workflow took the correction (or its answer was lost): a repeated POST hands nothing over. */
  readonly handedOver?: boolean;
  /** The nomination's: DynamoDB TTL destroys the request with it. */
  readonly purgeAt?: number;
}

/** Why the link can no longer correct, or undefined while it can. */
export function correctionClosedReason(
  request: Pick<CorrectionRequest, 'status' | 'expiresAt'>,
  now: Date,
): CorrectionClosedReason | undefined {
  if (request.status !== 'open') return request.status;
  return now.getTime() >= Date.parse(request.expiresAt) ? 'expired' : undefined;
}

export class CorrectionNotFound extends Error {
  override readonly name = 'CorrectionNotFound' as const;
  constructor() {
    super('Correction link not found');
  }
}

/** The edit link was used, superseded, has expired or is void: it can no longer correct. */
export class CorrectionClosed extends Error {
  override readonly name = 'CorrectionClosed' as const;
  constructor(readonly reason: CorrectionClosedReason) {
    super(`Correction link closed (${reason})`);
  }
}

/**
 * What the edit link's POST hands to the waiting workflow task (SendTaskSuccess output): the stage
 * to go back to. The RequestCorrection task answers `exhausted` itself when no round is left.
 */
export type CorrectionOutput =
  | { readonly returnTo: ReviewStage; readonly round: number; readonly correctedAt: string }
  | { readonly exhausted: true; readonly rounds: number };

/**
 * The fields a correction may change, in the form's order. The cycle and the nominating center
 * stay what they were: the nomination keeps its id, its execution and its place in the center's count.
 */
/** Fields a correction keeps as they were. */
const FIXED_FIELDS = ['cycle', 'centerId'] as const satisfies readonly FieldName[];

export const CORRECTABLE_FIELDS = FIELD_NAMES.filter(
  (field): field is Exclude<FieldName, (typeof FIXED_FIELDS)[number]> =>
    !(FIXED_FIELDS as readonly string[]).includes(field),
);

export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export function isCorrectableField(field: string): field is CorrectableField {
  return (CORRECTABLE_FIELDS as readonly string[]).includes(field);
}

/** The value of a field path in a nomination (undefined when it is empty). */
export function fieldValue(input: NominationInput, field: CorrectableField): FieldValue | undefined {
  const [head, tail] = field.split('.') as [string, string | undefined];
  const container = (input as unknown as Record<string, unknown>)[head];
  const value =
    tail === undefined
      ? container
      : typeof container === 'object' && container !== null
        ? (container as Record<string, unknown>)[tail]
        : undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** One field as a correction changed it. */
export interface FieldChange {
  readonly field: CorrectableField;
  readonly before?: FieldValue;
  readonly after?: FieldValue;
}

/** The fields whose values differ, in the form's order. */
export function diffNomination(before: NominationInput, after: NominationInput): FieldChange[] {
  return CORRECTABLE_FIELDS.flatMap((field) => {
    const was = fieldValue(before, field);
    const now = fieldValue(after, field);
    if (was === now) return [];
    return [
      { field, ...(was === undefined ? {} : { before: was }), ...(now === undefined ? {} : { after: now }) },
    ];
  });
}

/** A revision as people read it: each changed field with its value before and after that round. */
export interface RevisionView {
  readonly round: number;
  readonly at: string;
  readonly returnedAt: ReviewStage;
  readonly note?: string;
  readonly changes: readonly FieldChange[];
}

/**
 * The nomination's corrections, oldest first, with the values after each one: a revision stores
 * only the values it replaced, so the value after it is the value the next revision of the same
 * field replaced, or, when none did, the value now. (The item stays small: see config.ts.)
 */
export function revisionViews(nomination: Nomination): RevisionView[] {
  const revisions = nomination.revisions ?? [];
  return revisions.map((revision, index) => ({
    round: revision.round,
    at: revision.at,
    returnedAt: revision.returnedAt,
    ...(revision.note ? { note: revision.note } : {}),
    changes: revision.changes.flatMap((change) => {
      if (!isCorrectableField(change.field)) return [];
      const field = change.field;
      const later = revisions
        .slice(index + 1)
        .flatMap((next) => next.changes.filter((each) => each.field === field))
        .at(0);
      const after = later ? later.before : fieldValue(nomination, field);
      return [
        {
          field,
          ...(change.before === undefined ? {} : { before: change.before }),
          ...(after === undefined ? {} : { after }),
        },
      ];
    }),
  }));
}

/** The revision a correction stores: the values it replaced. */
export function revisionOf(
  changes: readonly FieldChange[],
  details: { round: number; at: string; returnedAt: ReviewStage; note?: string },
): Revision {
  return {
    round: details.round,
    at: details.at,
    returnedAt: details.returnedAt,
    changes: changes.map(({ field, before }) => ({ field, ...(before === undefined ? {} : { before }) })),
    ...(details.note ? { note: details.note } : {}),
  };
}

/**
 * The posted form or JSON body as the nomination rules read it: the cycle and the nominating center
 * are the stored nomination's, whatever was posted (they cannot change), and fields that are not
 * the nomination's (the note, the page token, the form's step) are left out.
 */
export function correctionInput(raw: unknown, nomination: NominationInput): Record<string, unknown> {
  const body =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const {
    note: _note,
    formToken: _token,
    step: _step,
    confirm: _confirm,
    preview: _preview,
    ...fields
  } = body;
  return { ...fields, cycle: nomination.cycle, centerId: nomination.centerId };
}

/** Most characters of the center's note to the reviewer. */
export const MAX_NOTE = 2000;

/** The center's optional note about the correction: same hygiene as reviewers' comments. */
export function validateNote(raw: unknown): { note?: string } | { error: FieldProblem } {
  if (raw === undefined || raw === null || (typeof raw === 'string' && isBlankText(raw))) return {};
  if (typeof raw !== 'string') return { error: { code: 'not_text', field: 'note' } };
  const cleaned = cleanText(raw, { multiLine: true });
  if (!cleaned.ok) return { error: { code: 'bad_text', problem: cleaned.problem, field: 'note' } };
  const note = cleaned.value.trim();
  if (note.length > MAX_NOTE) return { error: { code: 'too_long', field: 'note', max: MAX_NOTE } };
  return note ? { note } : {};
}

/** A correction that changed nothing and gave no note. */
export const NOTHING_CHANGED: FieldProblem = { code: 'nothing_changed' };
