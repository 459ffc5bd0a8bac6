import { DECISION_TIME_NEEDED_MS } from '../contracts/retry-budget';
import type { ApprovalRequest, ClosedReason } from '../domain/approval';
import { type Cycle, cycleOf } from '../domain/cycle';
import { ApprovalClosed, ApprovalNotFound, QuotaReached } from '../domain/errors';
import { isWellFormedNominationId } from '../domain/ids';
import type { Nomination } from '../domain/nomination';
import { inPool } from '../domain/pool';
import type {
  ApprovalReader,
  Clock,
  ReviewLinkRepository,
  ReviewQueue,
  StagePosition,
  WaitingNomination,
} from '../domain/ports';
import { countsAgainstQuota, type QuotaCounter, type QuotaUsage, quotaUsage } from '../domain/quota';
import {
  type BatchDecisionInput,
  type BatchStage,
  groupByCategory,
  isBatchStage,
  isReviewLinkExpired,
  MAX_WAITING_READ,
  parseReviewSort,
  REVIEW_PAGE_SIZE,
  type ReviewLink,
  type ReviewRowState,
  type ReviewSort,
  reviewRowState,
  sameAddress,
  validateBatchDecision,
} from '../domain/review-link';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
import type { Decision } from '../domain/stages';
import { type ApprovalDeps, decideRequest } from './decide-approval';

/* ------------------------------------------------------------------ errors */

/** No batch review link has this id (or it is not even shaped like one): 404, like an approval link. */
export class ReviewLinkNotFound extends ApprovalNotFound {
  readonly link = 'review' as const;
}

/** The review link passed its expiry without a mail renewing it: 410, like a closed approval link. */
export class ReviewLinkExpired extends ApprovalClosed {
  readonly link = 'review' as const;
  constructor() {
    super(
      'expired',
      '일괄 심사 링크의 사용 기한이 지났습니다. 가장 최근에 받은 승인 요청 메일이나 일일 대기 현황 메일의 링크를 사용해 주세요. 새 메일이 발송되면 같은 링크를 다시 사용할 수 있습니다.',
    );
  }
}

/* ------------------------------------------------------------------ the page */

export interface ReviewDeps {
  readonly reviewLinks: ReviewLinkRepository;
  readonly reviewQueue: ReviewQueue;
  readonly approvals: ApprovalReader;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
}

/** A waiting nomination on the batch page, with where its request stands for the link's reviewer. */
export interface ReviewRow {
  readonly nomination: WaitingNomination;
  readonly state: ReviewRowState;
  /** The request's due date (absent before the request is opened). */
  readonly dueAt?: string;
  /** Who the decision was handed to (a name; never an address). */
  readonly delegatedToName?: string;
}

/** The link as found, checked: known, not expired. */
async function openLink(reviewId: string, deps: ReviewDeps): Promise<{ link: ReviewLink; cycle: Cycle }> {
  if (!isWellFormedLinkId(reviewId)) throw new ReviewLinkNotFound();
  const link = await deps.reviewLinks.findByHash(hashLinkId(reviewId));
  if (!link || !isBatchStage(link.stage)) throw new ReviewLinkNotFound();
  if (isReviewLinkExpired(link, deps.clock.now())) throw new ReviewLinkExpired();
  return { link, cycle: cycleOf(deps.cycles, link.cycle) };
}

function rowOf(
  nomination: WaitingNomination,
  request: ApprovalRequest | undefined,
  reviewer: string,
  now: Date,
) {
  const state = reviewRowState(request, reviewer, now);
  if (!state) return undefined;
  const row: ReviewRow = {
    nomination,
    state,
    ...(request ? { dueAt: request.dueAt ?? request.expiresAt } : {}),
    ...(state === 'delegated' && request?.delegatedTo
      ? { delegatedToName: request.delegatedTo.approver.name }
      : {}),
  };
  return row;
}

/**
 * What waits at the stage for the reviewer: the cycle's nominations at the stage (the index), with
 * their newest requests (batched reads); requests addressed to someone else are left out.
 */
export async function waitingRows(
  cycle: Cycle,
  stage: BatchStage,
  reviewer: string,
  deps: Pick<ReviewDeps, 'reviewQueue' | 'clock'>,
): Promise<{ rows: ReviewRow[]; truncated: boolean }> {
  const { nominations, truncated } = await deps.reviewQueue.listAtStage(cycle.year, stage, MAX_WAITING_READ);
  const requests = await deps.reviewQueue.latestRequests(
    nominations.map((nomination) => nomination.id),
    stage,
  );
  const now = deps.clock.now();
  const rows = nominations.flatMap((nomination) => {
    const row = rowOf(nomination, requests.get(nomination.id), reviewer, now);
    return row ? [row] : [];
  });
  return { rows, truncated };
}

export interface ReviewQuery {
  readonly sort?: unknown;
  readonly order?: unknown;
  /** Where the page starts: an opaque cursor from a previous page's `next` or `previous`. */
  readonly cursor?: unknown;
}

/* ------------------------------------------------------------------ paging (cursors) */

/**
 * A page's place in the stage's list, as the URL carries it (`?cursor=`): the rows after (`a`) or
 * before (`b`) a receipt time and id, and the page's number (shown only: the list moves as rows are
 * decided, so the number is where the reviewer counted, not an address). Base64url, so it reads as
 * one opaque token; anything that does not parse is the first page.
 */
interface Cursor {
  readonly from: StagePosition;
  readonly direction: 'after' | 'before';
  readonly page: number;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const MAX_PAGE_NUMBER = 99_999;

export function encodeCursor(cursor: Cursor): string {
  const { from, direction, page } = cursor;
  return Buffer.from(`${direction === 'after' ? 'a' : 'b'}~${page}~${from.createdAt}~${from.id}`).toString(
    'base64url',
  );
}

export function decodeCursor(value: unknown): Cursor | undefined {
  if (typeof value !== 'string' || value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const parts = Buffer.from(value, 'base64url').toString('utf8').split('~');
  if (parts.length !== 4) return undefined;
  const [direction, page, createdAt, id] = parts as [string, string, string, string];
  if (direction !== 'a' && direction !== 'b') return undefined;
  if (!/^[1-9]\d{0,4}$/.test(page) || !ISO_UTC.test(createdAt) || !isWellFormedNominationId(id))
    return undefined;
  return {
    from: { createdAt, id },
    direction: direction === 'a' ? 'after' : 'before',
    page: Math.min(Number(page), MAX_PAGE_NUMBER),
  };
}

const positionOf = (row: StagePosition): StagePosition => ({ createdAt: row.createdAt, id: row.id });

export interface ReviewPage {
  readonly link: ReviewLink;
  readonly cycle: Cycle;
  readonly stage: BatchStage;
  /** This page's rows, grouped by category in the cycle's order and sorted as asked. */
  readonly groups: readonly { readonly categoryId: string; readonly rows: readonly ReviewRow[] }[];
  /** Nominations waiting at the stage in all (every page: an index count, not a read of them). */
  readonly total: number;
  /** How many of this page's rows the reviewer can decide now. */
  readonly decidable: number;
  /** The page's number as counted from the first (shown only; the cursor is the address). */
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
  readonly sort: ReviewSort;
  /** The cursors of the next and the previous page (absent: none; the previous of page 2 is the first page, ''). */
  readonly next?: string;
  readonly previous?: string;
  /** The cycle's award quota usage (awarded, remaining). */
  readonly quota: readonly QuotaUsage[];
  /** Always false now: a view reads one page at the index, never a bounded whole (kept for the answer). */
  readonly truncated: boolean;
}

/**
 * What GET of a review link shows: one page of the stage's waiting list, read as a page at the
 * index (a Limit and a start key on gsi1, in receipt order: oldest first, or newest first when
 * sorted by receipt descending), only that page's requests batch-read, and the total from an index
 * count. Pages follow receipt order; the other sorts (due date, name, center, type) order the rows
 * within the page, category by category. Reading never changes anything: mail scanners follow links.
 */
export async function viewReviewPage(
  reviewId: string,
  query: ReviewQuery,
  deps: ReviewDeps,
): Promise<ReviewPage> {
  const { link, cycle } = await openLink(reviewId, deps);
  const sort = parseReviewSort(query.sort, query.order);
  const cursor = decodeCursor(query.cursor);
  const newestFirst = sort.key === 'received' && sort.descending;
  const readPage = async () => {
    const listed = await deps.reviewQueue.pageAtStage(cycle.year, link.stage, {
      limit: REVIEW_PAGE_SIZE,
      newestFirst,
      ...(cursor ? { from: cursor.from, direction: cursor.direction } : {}),
    });
    const requests = await deps.reviewQueue.latestRequests(
      listed.nominations.map((nomination) => nomination.id),
      link.stage,
    );
    return { ...listed, requests };
  };
  const [{ nominations, more, requests }, total, awarded] = await Promise.all([
    readPage(),
    deps.reviewQueue.countAtStage(cycle.year, link.stage),
    deps.approvals.awardedCounts(cycle.year),
  ]);
  const now = deps.clock.now();
  const rows = nominations.flatMap((nomination) => {
    const row = rowOf(nomination, requests.get(nomination.id), link.reviewer.email, now);
    return row ? [row] : [];
  });
  // Rows past the page's end: read (`after`), or where the reviewer came from (`before`).
  const before = cursor?.direction === 'before';
  const hasNext = before || more;
  const hasPrevious = before ? more : cursor !== undefined;
  const page = !cursor || (before && !more) ? 1 : Math.max(1, cursor.page);
  const first = nominations[0] ?? cursor?.from;
  const last = nominations.at(-1) ?? cursor?.from;
  const next =
    hasNext && last
      ? encodeCursor({ from: positionOf(last), direction: 'after', page: page + 1 })
      : undefined;
  const previous = !hasPrevious
    ? undefined
    : page <= 2 || !first
      ? ''
      : encodeCursor({ from: positionOf(first), direction: 'before', page: page - 1 });
  const pageCount = Math.max(1, Math.ceil(total / REVIEW_PAGE_SIZE), page + (next === undefined ? 0 : 1));
  return {
    link,
    cycle,
    stage: link.stage,
    groups: groupByCategory(cycle, rows, sort),
    total,
    decidable: rows.filter((row) => row.state === 'open').length,
    page,
    pageCount,
    pageSize: REVIEW_PAGE_SIZE,
    sort,
    ...(next === undefined ? {} : { next }),
    ...(previous === undefined ? {} : { previous }),
    quota: quotaUsage(cycle, awarded),
    truncated: false,
  };
}

/* ------------------------------------------------------------------ batch decisions */

/**
 * What became of one row of a batch:
 * - `done`: decided now (claimed and handed to the workflow);
 * - `already_decided`: a decision was on record (a double submit, another tab, the single link);
 * - `beyond_quota`: the minister's approval would pass a quota; the nomination keeps waiting;
 * - `closed`: the request can no longer decide (expired, delegated, superseded, void);
 * - `not_found`: no request of this stage for this reviewer (a wrong or foreign id);
 * - `failed`: a passing failure (throttling, the hand-over refused for now): try that row again;
 * - `not_attempted`: left for another POST, the batch ran out of time.
 */
export type BatchOutcome =
  | 'done'
  | 'already_decided'
  | 'beyond_quota'
  | 'closed'
  | 'not_found'
  | 'failed'
  | 'not_attempted';

export interface BatchRowResult {
  readonly nominationId: string;
  readonly outcome: BatchOutcome;
  /** The nomination (only where the row is the reviewer's: never for `not_found`). */
  readonly nomination?: Nomination;
  /** The decision on record: this batch's (`done`) or the earlier one (`already_decided`). */
  readonly decision?: Decision;
  readonly decidedAt?: string;
  readonly comment?: string;
  /** The quota that was full (`beyond_quota`), with its count. */
  readonly quota?: { readonly counter: QuotaCounter; readonly awarded: number };
  readonly closedReason?: ClosedReason;
  /** Recorded, but the workflow's answer was lost (operators are told, as for a single decision). */
  readonly handoverUncertain?: boolean;
  /** The error's name of a `failed` row (for the log; never shown). */
  readonly error?: string;
}

export interface BatchResult {
  readonly link: ReviewLink;
  readonly cycle: Cycle;
  readonly stage: BatchStage;
  readonly decision: Decision;
  /** One per posted id, in the order posted (duplicates once). */
  readonly results: readonly BatchRowResult[];
}

export type BatchDeps = ReviewDeps &
  ApprovalDeps & {
    /** Time left before the function is cut off (the Lambda context's). */
    readonly remainingMs: () => number;
  };

/** Rows decided at once (HQ, and the minister's rejections and returns: they touch no shared item). */
const BATCH_CONCURRENCY = 8;

/**
 * A row starts only while the function has at least this much time left: one decision's worst
 * case from the retry budget (the claim, a single-attempt hand-over, a withdrawal, room to
 * answer); the rest come back `not_attempted`, to be posted again.
 */
export const ROW_TIME_RESERVE_MS = DECISION_TIME_NEEDED_MS;

/**
 * Decides every selected row as a single decision would (decideRequest: the claim, the quota
 * counters, the hand-over, the withdrawal), and reports each row's outcome. The whole input is
 * checked first: nothing is decided unless every row is valid. A batch posted twice decides each
 * row once (the claims see to it); the second answer shows them `already_decided`. The minister's
 * approvals go one by one, in the order posted, so the quotas fill in that order.
 */
export async function decideBatch(
  reviewId: string,
  input: BatchDecisionInput,
  deps: BatchDeps,
): Promise<BatchResult> {
  const { link, cycle } = await openLink(reviewId, deps);
  const batch = validateBatchDecision(input);
  const ids = batch.rows.map((row) => row.nominationId);
  const [requests, nominations] = await Promise.all([
    deps.reviewQueue.latestRequests(ids, link.stage),
    deps.reviewQueue.getMany(ids),
  ]);
  const concurrency = countsAgainstQuota(link.stage, batch.decision) ? 1 : BATCH_CONCURRENCY;
  const results = await inPool(batch.rows, concurrency, async (row): Promise<BatchRowResult> => {
    const nominationId = row.nominationId;
    const request = requests.get(nominationId);
    const nomination = nominations.get(nominationId);
    if (
      !request ||
      !nomination ||
      nomination.cycle !== link.cycle ||
      !sameAddress(request.approver.email, link.reviewer.email)
    )
      return { nominationId, outcome: 'not_found' };
    if (deps.remainingMs() < ROW_TIME_RESERVE_MS)
      return { nominationId, nomination, outcome: 'not_attempted' };
    try {
      const result = await decideRequest(
        request,
        nomination,
        { decision: batch.decision, comment: row.comment ?? '' },
        deps,
      );
      return {
        nominationId,
        nomination,
        outcome: result.alreadyDecided ? 'already_decided' : 'done',
        decision: result.decision,
        decidedAt: result.decidedAt,
        ...(result.comment ? { comment: result.comment } : {}),
        ...(result.handoverUncertain ? { handoverUncertain: true } : {}),
      };
    } catch (error) {
      if (error instanceof QuotaReached)
        return {
          nominationId,
          nomination,
          outcome: 'beyond_quota',
          quota: { counter: error.counter, awarded: error.awarded },
        };
      if (error instanceof ApprovalClosed)
        return {
          nominationId,
          nomination,
          outcome: error.reason === 'decided' ? 'already_decided' : 'closed',
          closedReason: error.reason,
        };
      // One row's failure must not lose the report of the rows already decided.
      return {
        nominationId,
        nomination,
        outcome: 'failed',
        error: error instanceof Error ? error.name : 'Error',
      };
    }
  });
  return { link, cycle, stage: link.stage, decision: batch.decision, results };
}
