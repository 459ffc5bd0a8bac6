import { type ApprovalRequest, isBlankText, validateDecision } from './approval';
import type { Cycle, Person } from './cycle';
import { type FieldErrors, ValidationError } from './errors';
import { isWellFormedNominationId } from './ids';
import type { NomineeType } from './nomination';
import { deriveLinkId } from './secret-links';
import type { Decision, ReviewStage } from './stages';

/**
 * Batch review: HQ and the minister's office decide many waiting nominations of their stage at
 * once, on a page reached through a per-reviewer link. These are its rules; the page and mails
 * live in views/, the reads and writes in use-cases/ and adapters/.
 */

/** The stages with a batch review page (center heads decide their few nominations one by one). */
export const BATCH_STAGES = ['hq_review', 'minister_approval'] as const satisfies readonly ReviewStage[];
export type BatchStage = (typeof BATCH_STAGES)[number];

export function isBatchStage(value: unknown): value is BatchStage {
  return typeof value === 'string' && (BATCH_STAGES as readonly string[]).includes(value);
}

/**
 * A reviewer's link to the batch page of one stage of one cycle. Like approval links, the id is
 * derived (HMAC under the link key) from a stored random nonce, so every approval mail and every
 * daily digest can carry the same link; only the id's SHA-256 is stored (the review function finds
 * a link by hashing the id it is given: no key needed for that). One per (cycle, stage, reviewer
 * address), made once.
 */
export interface ReviewLink {
  readonly idHash: string;
  readonly cycle: string;
  readonly stage: BatchStage;
  /** The address the link is bound to: its page lists and decides only requests addressed to it. */
  readonly reviewer: Person;
  readonly linkNonce: string;
  readonly createdAt: string;
  /** Rolling: moved later (never earlier) each time a mail carries the link; see reviewLinkExpiry. */
  readonly expiresAt: string;
}

/** Keeps review link ids apart from approval link ids derived under the same key. */
const REVIEW_LINK_PURPOSE = 'batch-review';

export function reviewLinkId(key: Uint8Array, linkNonce: string): string {
  return deriveLinkId(key, REVIEW_LINK_PURPOSE, linkNonce);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long a review link works after a mail carried it: as long as an approval request of the
 * stage opened at that moment (its review days plus the escalation period). Every approval mail,
 * reminder and digest that carries the link moves its expiry to at least this; a link nobody was
 * mailed for that long stops working (410), and works again when the next mail renews it.
 */
export function reviewLinkExpiry(now: Date, cycle: Cycle, stage: BatchStage): Date {
  return new Date(now.getTime() + (cycle.reviewDays[stage] + (cycle.escalationDays ?? 0)) * DAY_MS);
}

export function isReviewLinkExpired(link: Pick<ReviewLink, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(link.expiresAt);
}

/** Addresses compare case-insensitively (as the directory's do). */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Where a waiting nomination stands for the holder of a review link:
 * - `open`: the reviewer may decide it here;
 * - `delegated`: handed to someone else, who decides it through their own link;
 * - `expired`: the request passed its time (the workflow times it out to an operator);
 * - `decided`: a decision is on record, the workflow is moving it on (or the index lags);
 * - `closed`: void or superseded (a newer request follows);
 * - `pending`: no request opened yet (the workflow is about to mail it).
 * Undefined: the request is addressed to another reviewer; this link neither shows nor decides it.
 */
export type ReviewRowState = 'open' | 'delegated' | 'expired' | 'decided' | 'closed' | 'pending';

export function reviewRowState(
  request: ApprovalRequest | undefined,
  reviewer: string,
  now: Date,
): ReviewRowState | undefined {
  if (!request) return 'pending';
  if (!sameAddress(request.approver.email, reviewer)) return undefined;
  if (request.status === 'decided') return 'decided';
  if (request.status !== 'open') return 'closed';
  if (now.getTime() >= Date.parse(request.expiresAt)) return 'expired';
  if (request.delegatedTo) return 'delegated';
  return 'open';
}

/* ------------------------------------------------------------------ sorting and paging */

export const REVIEW_SORT_KEYS = ['received', 'due', 'name', 'center', 'type'] as const;
export type ReviewSortKey = (typeof REVIEW_SORT_KEYS)[number];

export interface ReviewSort {
  readonly key: ReviewSortKey;
  readonly descending: boolean;
}

export const DEFAULT_REVIEW_SORT: ReviewSort = { key: 'received', descending: false };

/** The sort asked for in the page's query string; anything unknown is the default (oldest first). */
export function parseReviewSort(key: unknown, order: unknown): ReviewSort {
  const known = typeof key === 'string' && (REVIEW_SORT_KEYS as readonly string[]).includes(key);
  return {
    key: known ? (key as ReviewSortKey) : DEFAULT_REVIEW_SORT.key,
    descending: order === 'desc',
  };
}

/** What a row is sorted and grouped by. */
export interface SortableRow {
  readonly nomination: {
    readonly id: string;
    readonly category: string;
    readonly nomineeType: NomineeType;
    readonly nominee: { readonly name: string };
    readonly centerId: string;
    readonly centerName?: string;
    readonly createdAt: string;
  };
  readonly dueAt?: string;
}

const collator = new Intl.Collator('ko');

function sortValue(row: SortableRow, key: ReviewSortKey): string {
  switch (key) {
    case 'received':
      return row.nomination.createdAt;
    case 'due':
      // Rows without a request (not mailed yet) go last.
      return row.dueAt ?? '~';
    case 'name':
      return row.nomination.nominee.name;
    case 'center':
      return row.nomination.centerName ?? row.nomination.centerId;
    case 'type':
      return row.nomination.nomineeType;
  }
}

/** A stable order: the chosen key, then the receipt time, then the id. */
export function compareRows(sort: ReviewSort): (a: SortableRow, b: SortableRow) => number {
  return (a, b) => {
    const primary = collator.compare(sortValue(a, sort.key), sortValue(b, sort.key));
    const order =
      primary !== 0
        ? primary
        : a.nomination.createdAt.localeCompare(b.nomination.createdAt) ||
          a.nomination.id.localeCompare(b.nomination.id);
    return sort.descending ? -order : order;
  };
}

/**
 * Rows grouped by category in the cycle's order (categories the cycle no longer names last), each
 * group sorted as asked; empty groups are left out.
 */
export function groupByCategory<T extends SortableRow>(
  cycle: Cycle,
  rows: readonly T[],
  sort: ReviewSort,
): { readonly categoryId: string; readonly rows: T[] }[] {
  const order = new Map(cycle.categories.map((category, index) => [category.id, index]));
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.nomination.category) ?? [];
    group.push(row);
    groups.set(row.nomination.category, group);
  }
  const compare = compareRows(sort);
  return [...groups.entries()]
    .sort(
      ([a], [b]) =>
        (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) ||
        a.localeCompare(b),
    )
    .map(([categoryId, group]) => ({ categoryId, rows: group.sort(compare) }));
}

/**
 * Rows on one page of the batch page; more waiting nominations continue on the next page. At most
 * what one batch POST decides (MAX_BATCH_ROWS): "select all" of a page always fits one decision.
 * Each view reads this many index rows, pointers and requests, so a page costs the same whatever waits.
 */
export const REVIEW_PAGE_SIZE = 50;

/** The most waiting nominations the daily digest reads from the index (the page reads one page). */
export const MAX_WAITING_READ = 5000;

/* ------------------------------------------------------------------ batch decisions */

/**
 * The most rows one POST decides: every row is a claim, a transaction and a hand-over, and the
 * review function answers within 10 s (the minister's approvals run one after another, for the quotas).
 */
export const MAX_BATCH_ROWS = 100;

export interface BatchDecisionInput {
  /** The nomination ids ticked (checkboxes `ids`, or a JSON array). */
  readonly ids: unknown;
  readonly decision: unknown;
  /** The comment for every row. */
  readonly comment: unknown;
  /** Comments of single rows by nomination id (form fields `comment.<id>`); they replace the common one. */
  readonly comments?: unknown;
}

export interface BatchRow {
  readonly nominationId: string;
  readonly comment?: string;
}

export interface ValidBatch {
  readonly decision: Decision;
  readonly rows: readonly BatchRow[];
}

/** The field a row's own comment is posted in (and its error reported under). */
export function rowCommentField(nominationId: string): string {
  return `comment.${nominationId}`;
}

function rowComments(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * A batch decision as posted: at least one and at most MAX_BATCH_ROWS well-formed ids (duplicates
 * count once), one of the three decisions, and for reject and return a reason on every row (its
 * own comment, or the common one). Each row's decision and comment pass the single decision's
 * rules. Nothing is decided unless the whole batch is valid.
 */
export function validateBatchDecision(input: BatchDecisionInput): ValidBatch {
  const errors: FieldErrors = {};
  const raw = typeof input.ids === 'string' ? [input.ids] : input.ids;
  const ids = Array.isArray(raw) ? [...new Set(raw)] : [];
  if (ids.length === 0) errors.ids = { code: 'batch_empty' };
  else if (ids.some((id) => typeof id !== 'string' || !isWellFormedNominationId(id)))
    errors.ids = { code: 'batch_bad_ids' };
  else if (ids.length > MAX_BATCH_ROWS)
    errors.ids = { code: 'batch_too_many', max: MAX_BATCH_ROWS, selected: ids.length };

  const common = typeof input.comment === 'string' ? input.comment : '';
  const own = rowComments(input.comments);
  const rows: BatchRow[] = [];
  let decision: Decision | undefined;
  // The common comment is checked even where every row has its own: a bad one is never dropped silently.
  try {
    decision = validateDecision({
      decision: input.decision,
      comment: isBlankText(common) ? 'ok' : common,
    }).decision;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(errors, error.fields);
  }
  if (decision && !errors.ids) {
    let missingReason = 0;
    for (const id of ids as string[]) {
      const rowText = own[id];
      const hasOwn = typeof rowText === 'string' && !isBlankText(rowText);
      try {
        const valid = validateDecision({ decision, comment: hasOwn ? rowText : common });
        rows.push({ nominationId: id, ...(valid.comment ? { comment: valid.comment } : {}) });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const problem = error.fields.comment;
        if (problem === undefined) continue;
        if (hasOwn) errors[rowCommentField(id)] = problem;
        else missingReason += 1;
      }
    }
    if (missingReason > 0 && !errors.comment)
      errors.comment = { code: 'reason_required', missing: missingReason };
  }
  if (Object.keys(errors).length > 0 || !decision) throw new ValidationError(errors);
  return { decision, rows };
}

/* ------------------------------------------------------------------ daily digest */

/** The digest goes out with the first sweep at or after this hour (KST) of each day. */
export const DIGEST_HOUR_KST = 8;

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The KST calendar day of an instant, `2026-11-03`: one digest per reviewer, stage and day. */
export function kstDay(now: Date): string {
  return new Date(now.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether today's digest may go out now (from DIGEST_HOUR_KST on, KST). */
export function isDigestTime(now: Date, hourKst = DIGEST_HOUR_KST): boolean {
  return new Date(now.getTime() + KST_OFFSET_MS).getUTCHours() >= hourKst;
}
