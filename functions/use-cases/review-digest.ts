import { createHash } from 'node:crypto';
import { linkTo } from '../contracts/routes';
import { approverFor, type Cycle, type Directory } from '../domain/cycle';
import type {
  ApprovalReader,
  Clock,
  Ids,
  LinkKey,
  ReviewLinkRepository,
  ReviewQueue,
  SentMailLog,
} from '../domain/ports';
import { quotaUsage } from '../domain/quota';
import {
  BATCH_STAGES,
  type BatchStage,
  DIGEST_HOUR_KST,
  isDigestTime,
  kstDay,
  reviewLinkExpiry,
} from '../domain/review-link';
import { waitingRows } from './batch-review';
import type { Notifier } from './notification';
import { ensureReviewLink } from './review-links';
import { sendOnce } from './send-once';

export interface ReviewDigestDeps {
  readonly reviewLinks: ReviewLinkRepository;
  readonly reviewQueue: ReviewQueue;
  readonly approvals: ApprovalReader;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'reviewDigest'>;
  readonly linkKey: LinkKey;
  readonly ids: Ids;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly publicUrl: string;
  /** From this hour (KST) of each day the day's digest may go out. @default DIGEST_HOUR_KST */
  readonly digestHourKst?: number;
}

export interface DigestResult {
  /** The stage of each digest mailed by this sweep. */
  readonly sent: readonly BatchStage[];
  readonly failed: readonly { readonly cycle: string; readonly stage: BatchStage; readonly error: string }[];
}

/**
 * The sent-mail log is keyed by nomination id; digests belong to no nomination, so they are
 * logged under this pseudo id of the cycle (it never matches a nomination id's shape).
 */
export function digestLogId(cycle: string): string {
  return `REVIEW#${cycle}`;
}

/** One digest per reviewer, stage and KST day (the address hashed: keys carry no addresses). */
export function digestKey(stage: BatchStage, day: string, reviewerEmail: string): string {
  const reviewer = createHash('sha256').update(reviewerEmail.trim().toLowerCase(), 'utf8').digest('hex');
  return `digest:${stage}:${day}:${reviewer.slice(0, 16)}`;
}

/**
 * The daily digest of HQ and the minister's office (run with each reminder sweep): from
 * DIGEST_HOUR_KST on, once per KST day, each stage's reviewer gets a mail of what waits for them
 * in each cycle (counts by category, the oldest due date, quota usage) with their batch review
 * link, which the mail renews. Nothing waits, no mail (a later sweep of the day may still send
 * one). The send-once lease makes overlapping or repeated sweeps send it once.
 */
export async function sendReviewDigests(deps: ReviewDigestDeps): Promise<DigestResult> {
  const now = deps.clock.now();
  const sent: BatchStage[] = [];
  const failed: { cycle: string; stage: BatchStage; error: string }[] = [];
  if (!isDigestTime(now, deps.digestHourKst ?? DIGEST_HOUR_KST)) return { sent, failed };
  for (const cycle of deps.cycles) {
    for (const stage of BATCH_STAGES) {
      try {
        if (await digestOne(cycle, stage, now, deps)) sent.push(stage);
      } catch (error) {
        failed.push({ cycle: cycle.year, stage, error: (error as Error).name || 'Error' });
      }
    }
  }
  return { sent, failed };
}

async function digestOne(
  cycle: Cycle,
  stage: BatchStage,
  now: Date,
  deps: ReviewDigestDeps,
): Promise<boolean> {
  const reviewer = approverFor(deps.directory, stage, '');
  const logId = digestLogId(cycle.year);
  const key = digestKey(stage, kstDay(now), reviewer.email);
  // Sent today already, or another sweep is sending it right now: nothing to do.
  return sendOnce(
    deps,
    logId,
    key,
    async () => {
      const { rows } = await waitingRows(cycle, stage, reviewer.email, deps);
      const open = rows.filter((row) => row.state === 'open');
      if (open.length === 0) return undefined;
      const [reviewId, awarded] = await Promise.all([
        ensureReviewLink(cycle, stage, reviewer, now, deps),
        deps.approvals.awardedCounts(cycle.year),
      ]);
      return {
        kind: 'reviewDigest',
        to: [reviewer.email],
        model: {
          cycle,
          stage,
          reviewer,
          link: linkTo(deps.publicUrl, 'review', { reviewId }),
          linkExpiresAt: reviewLinkExpiry(now, cycle, stage).toISOString(),
          day: kstDay(now),
          waiting: open.map((row) => ({
            category: row.nomination.category,
            nomineeType: row.nomination.nomineeType,
            ...(row.dueAt ? { dueAt: row.dueAt } : {}),
          })),
          quota: quotaUsage(cycle, awarded),
        },
      };
    },
    { inFlight: 'skip' },
  );
}
