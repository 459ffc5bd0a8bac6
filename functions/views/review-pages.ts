import type { QuotaUsage } from '../domain/quota';
import type { Decision } from '../domain/stages';
import type { BatchResult, BatchRowResult, ReviewPage, ReviewRow } from '../use-cases/batch-review';
import { categoryName, ROLE_LABELS, STAGE_ROLES } from './common';
import { outcomeCounts, outcomeNote } from './pages/batch-result';

/*
 * The batch review link's pages (the `review` function), one file each under views/pages/: the
 * waiting nominations with the batch form, and a batch's result; and their JSON answers (here).
 */

/** What the batch page's anti-forgery token is for (an approval page's token, made from its own link, says another). */
export const REVIEW_TOKEN_PURPOSE = 'batch-review-decision';

export { outcomeCounts, renderBatchResult } from './pages/batch-result';
export { renderReviewPage } from './pages/review';
export { OUTCOME_LABELS } from './texts';

/* ------------------------------------------------------------------ JSON answers (allow-lists) */

function quotaAnswer(usage: QuotaUsage) {
  return {
    nomineeType: usage.nomineeType,
    ...(usage.categoryId !== undefined ? { categoryId: usage.categoryId } : {}),
    limit: usage.limit,
    awarded: usage.awarded,
    remaining: usage.remaining,
  };
}

function rowAnswer(row: ReviewRow) {
  const { nomination } = row;
  return {
    id: nomination.id,
    nomineeType: nomination.nomineeType,
    nominee: {
      name: nomination.nominee.name,
      affiliation: nomination.nominee.affiliation,
      ...(nomination.nominee.position !== undefined ? { position: nomination.nominee.position } : {}),
    },
    centerId: nomination.centerId,
    ...(nomination.centerName !== undefined ? { centerName: nomination.centerName } : {}),
    meritSummary: nomination.meritSummary,
    meritPeriod: { from: nomination.meritPeriod.from, to: nomination.meritPeriod.to },
    createdAt: nomination.createdAt,
    ...(row.dueAt !== undefined ? { dueAt: row.dueAt } : {}),
    state: row.state,
  };
}

/**
 * GET /reviews/{reviewId} as JSON: the link's stage, cycle, role and expiry (never the reviewer's
 * address, nonce or hash), quota usage, and this page's waiting nominations by category (no 세부공적,
 * no addresses, no request internals).
 */
export function reviewPageAnswer(page: ReviewPage) {
  return {
    review: {
      cycle: page.cycle.year,
      stage: page.stage,
      reviewerRole: ROLE_LABELS[STAGE_ROLES[page.stage]],
      expiresAt: page.link.expiresAt,
    },
    total: page.total,
    decidable: page.decidable,
    page: page.page,
    pageCount: page.pageCount,
    pageSize: page.pageSize,
    // Opaque: pass as `?cursor=` (with the same sort) for the next or previous page; '' is the first page.
    ...(page.next !== undefined ? { next: page.next } : {}),
    ...(page.previous !== undefined ? { previous: page.previous } : {}),
    sort: { key: page.sort.key, order: page.sort.descending ? 'desc' : 'asc' },
    truncated: page.truncated,
    quota: page.quota.map(quotaAnswer),
    categories: page.groups.map((group) => ({
      id: group.categoryId,
      name: categoryName(page.cycle, group.categoryId),
      nominations: group.rows.map(rowAnswer),
    })),
  };
}

function resultAnswer(row: BatchRowResult, stage: ReviewPage['stage']) {
  return {
    nominationId: row.nominationId,
    outcome: row.outcome,
    ...(row.decision !== undefined ? { decision: row.decision } : {}),
    ...(row.decidedAt !== undefined ? { decidedAt: row.decidedAt } : {}),
    ...(row.outcome === 'done' ? {} : { message: outcomeNote(row, stage) }),
  };
}

/** POST /reviews/{reviewId} as JSON: the counts and each row's outcome (no file, no internals). */
export function batchAnswer(result: BatchResult) {
  return {
    stage: result.stage,
    decision: result.decision satisfies Decision,
    counts: outcomeCounts(result),
    results: result.results.map((row) => resultAnswer(row, result.stage)),
  };
}
