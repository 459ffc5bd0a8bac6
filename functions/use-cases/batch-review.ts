import type { ApprovalRequest, ClosedReason } from '../domain/approval';
import { type Cycle, cycleOf } from '../domain/cycle';
import { ApprovalClosed, ApprovalNotFound, QuotaReached } from '../domain/errors';
import type { Nomination } from '../domain/nomination';
import { inPool } from '../domain/pool';
import type {
  ApprovalReader,
  Clock,
  ReviewLinkRepository,
  ReviewQueue,
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
  parsePage,
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
  readonly page?: unknown;
}

export interface ReviewPage {
  readonly link: ReviewLink;
  readonly cycle: Cycle;
  readonly stage: BatchStage;
  /** This page's rows, grouped by category in the cycle's order and sorted as asked. */
  readonly groups: readonly { readonly categoryId: string; readonly rows: readonly ReviewRow[] }[];
  /** Waiting rows in all (every page), and how many of them the reviewer can decide now. */
  readonly total: number;
  readonly decidable: number;
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
  readonly sort: ReviewSort;
  /** The cycle's award quota usage (awarded, remaining). */
  readonly quota: readonly QuotaUsage[];
  /** More nominations wait than one view reads (MAX_WAITING_READ). */
  readonly truncated: boolean;
}

/** What GET of a review link shows. Reading never changes anything: mail scanners follow links. */
export async function viewReviewPage(
  reviewId: string,
  query: ReviewQuery,
  deps: ReviewDeps,
): Promise<ReviewPage> {
  const { link, cycle } = await openLink(reviewId, deps);
  const [{ rows, truncated }, awarded] = await Promise.all([
    waitingRows(cycle, link.stage, link.reviewer.email, deps),
    deps.approvals.awardedCounts(cycle.year),
  ]);
  const sort = parseReviewSort(query.sort, query.order);
  // Category by category, each sorted; pages cut through that order.
  const ordered = groupByCategory(cycle, rows, sort).flatMap((group) => group.rows);
  const page = parsePage(query.page, ordered.length);
  const slice = ordered.slice((page - 1) * REVIEW_PAGE_SIZE, page * REVIEW_PAGE_SIZE);
  return {
    link,
    cycle,
    stage: link.stage,
    groups: groupByCategory(cycle, slice, sort),
    total: rows.length,
    decidable: rows.filter((row) => row.state === 'open').length,
    page,
    pageCount: Math.max(1, Math.ceil(ordered.length / REVIEW_PAGE_SIZE)),
    pageSize: REVIEW_PAGE_SIZE,
    sort,
    quota: quotaUsage(cycle, awarded),
    truncated,
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
 * A row starts only while the function has at least this much time left (one decision's worst
 * case: the claim, a single-attempt hand-over, a withdrawal, with room to answer); the rest come
 * back `not_attempted`, to be posted again.
 */
export const ROW_TIME_RESERVE_MS = 5_000;

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
