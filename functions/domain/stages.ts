/** The life of a nomination. Review stages wait for a human decision via an e-mailed link. */
export const REVIEW_STAGES = ['center_review', 'hq_review', 'minister_approval'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const FINAL_STAGES = ['awarded', 'rejected', 'returned'] as const;
export type FinalStage = (typeof FINAL_STAGES)[number];

/**
 * A review stage returned the nomination to its center for correction (보완 요청): the workflow
 * waits for the corrected nomination, then goes back to the stage that returned it.
 */
export const CORRECTION_STAGE = 'correction_requested' as const;

/** Every stage, in the order a nomination passes them (then the ends). */
export const STAGES = ['submitted', ...REVIEW_STAGES, CORRECTION_STAGE, ...FINAL_STAGES] as const;
export type Stage = (typeof STAGES)[number];

export const DECISIONS = ['approve', 'reject', 'return'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Allowed transitions. A `return` at any review stage asks the nominating center for a correction
 * (`correction_requested`); the corrected nomination goes back to the stage that returned it. It
 * ends `returned` when the cycle's correction rounds are used up (from the review stage) or the
 * correction never comes (from `correction_requested`).
 * Kept for executions started on the earlier definition: an HQ return went to the center review,
 * a minister's return to the HQ review.
 */
const TRANSITIONS: Record<Stage, readonly Stage[]> = {
  submitted: ['center_review'],
  center_review: ['hq_review', 'rejected', 'returned', 'correction_requested'],
  hq_review: ['minister_approval', 'rejected', 'returned', 'correction_requested', 'center_review'],
  minister_approval: ['awarded', 'rejected', 'returned', 'correction_requested', 'hq_review'],
  correction_requested: [...REVIEW_STAGES, 'returned'],
  awarded: [],
  rejected: [],
  returned: [],
};

export function canTransition(from: Stage, to: Stage): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isReviewStage(value: unknown): value is ReviewStage {
  return typeof value === 'string' && (REVIEW_STAGES as readonly string[]).includes(value);
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function isDecision(value: unknown): value is Decision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value);
}

export function isFinal(stage: Stage): stage is FinalStage {
  return (FINAL_STAGES as readonly string[]).includes(stage);
}
