import type { Cycle } from '../../domain/cycle';
import type { Nomination, NominationInput } from '../../domain/nomination';
import { categoryName, formatKst, formatMeritPeriod, NOMINEE_TYPE_LABELS } from '../common';
import { ROW_LABELS, STAGE_LABELS } from '../texts';
import type { Rows } from './summary-list';

/** A nomination, or what a center wrote before it became one (a draft has no number or stage). */
export type NominationLike = NominationInput &
  Partial<Pick<Nomination, 'id' | 'stage' | 'createdAt' | 'centerName' | 'source'>>;

export type RowKey = keyof typeof ROW_LABELS;

/** The submitted page and the status page. */
export const SUMMARY_ROWS = [
  'id',
  'award',
  'category',
  'nomineeType',
  'nominee',
  'affiliation',
  'center',
  'createdAt',
  'stage',
] as const satisfies readonly RowKey[];

/** Every mail that names the nomination. */
export const MAIL_ROWS = [
  'id',
  'category',
  'nomineeType',
  'name',
  'affiliation',
  'position',
  'meritPeriod',
] as const satisfies readonly RowKey[];

/** What the center wrote (the draft confirmation page). */
export const INPUT_ROWS = [
  'award',
  'category',
  'nomineeType',
  'name',
  'affiliation',
  'position',
  'email',
  'serviceYears',
  'meritPeriod',
  'meritSummary',
  'meritDetails',
  'priorAwards',
  'disciplinary',
  'submitter',
] as const satisfies readonly RowKey[];

/** The approver's file: the number, what the center wrote, and how it came in. */
export const FILE_ROWS = [
  'id',
  ...INPUT_ROWS,
  'center',
  'channel',
  'createdAt',
  'stage',
] as const satisfies readonly RowKey[];

function rowValue(key: RowKey, subject: NominationLike, cycle: Cycle): string | undefined {
  const { nominee } = subject;
  switch (key) {
    case 'id':
      return subject.id;
    case 'award':
      return cycle.title;
    case 'category':
      return categoryName(cycle, subject.category);
    case 'nomineeType':
      return NOMINEE_TYPE_LABELS[subject.nomineeType];
    case 'name':
    case 'nominee':
      return nominee.name;
    case 'affiliation':
      return nominee.affiliation;
    case 'position':
      return nominee.position;
    case 'email':
      return nominee.email;
    case 'serviceYears':
      return nominee.serviceYears === undefined ? undefined : `${nominee.serviceYears}년`;
    case 'meritPeriod':
      return formatMeritPeriod(subject.meritPeriod);
    case 'meritSummary':
      return subject.meritSummary;
    case 'meritDetails':
      return subject.meritDetails ?? '(없음)';
    case 'priorAwards':
      return subject.priorAwards ?? '(없음)';
    case 'disciplinary':
      return subject.disciplinaryHistory ? '유' : '무';
    case 'submitter':
      return `${subject.submitter.name} <${subject.submitter.email}>`;
    case 'center':
      return subject.centerName ?? subject.centerId;
    case 'channel':
      return subject.source?.channel === 'email' ? '이메일' : '웹 양식';
    case 'createdAt':
      return subject.createdAt === undefined ? undefined : formatKst(subject.createdAt);
    case 'stage':
      return subject.stage === undefined ? undefined : STAGE_LABELS[subject.stage];
  }
}

/**
 * The nomination's label/value rows, the one list behind the pages' summaries and the mails' tables
 * (`keys` picks which, in order). Text: the pages render it with summaryList, the mails as fields.
 */
export function nominationRows(subject: NominationLike, cycle: Cycle, keys: readonly RowKey[]): Rows {
  return keys.map((key) => [ROW_LABELS[key], rowValue(key, subject, cycle)] as const);
}
