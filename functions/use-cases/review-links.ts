import { linkTo } from '../contracts/routes';
import type { Cycle, Person } from '../domain/cycle';
import { TransientError } from '../domain/errors';
import type { Ids, LinkKey, ReviewLinkRepository } from '../domain/ports';
import { type BatchStage, isBatchStage, reviewLinkExpiry, reviewLinkId } from '../domain/review-link';
import { hashLinkId, isWellFormedLinkNonce } from '../domain/secret-links';
import type { ReviewStage } from '../domain/stages';

/**
 * The reviewer's link to the batch page of the stage, for a mail that is about to go out: made
 * once per (cycle, stage, reviewer address) and then the same in every mail; each mail moves its
 * expiry to at least that of a request opened now. Returns the link id (the caller makes the URL).
 */
export async function ensureReviewLink(
  cycle: Cycle,
  stage: BatchStage,
  reviewer: Person,
  now: Date,
  deps: { readonly reviewLinks: ReviewLinkRepository; readonly linkKey: LinkKey; readonly ids: Ids },
): Promise<string> {
  const expiresAt = reviewLinkExpiry(now, cycle, stage).toISOString();
  const key = await deps.linkKey.bytes();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const stored = await deps.reviewLinks.findForReviewer(cycle.year, stage, reviewer.email);
    if (stored && isWellFormedLinkNonce(stored.linkNonce)) {
      await deps.reviewLinks.extend(stored.idHash, expiresAt);
      return reviewLinkId(key, stored.linkNonce);
    }
    if (stored)
      throw new TransientError(`The review link of ${stage} in ${cycle.year} has a malformed nonce`);
    const linkNonce = deps.ids.linkNonce();
    const reviewId = reviewLinkId(key, linkNonce);
    const outcome = await deps.reviewLinks.create({
      idHash: hashLinkId(reviewId),
      cycle: cycle.year,
      stage,
      reviewer: { name: reviewer.name, email: reviewer.email },
      linkNonce,
      createdAt: now.toISOString(),
      expiresAt,
    });
    if (outcome === 'created') return reviewId;
    // Another mailer made it at the same moment: read theirs.
  }
  throw new TransientError(`The review link of ${stage} in ${cycle.year} raced another writer`);
}

/**
 * The batch page's URL for an approval mail to `approver` at `stage`, or undefined where there is
 * none (center reviews; a function wired without review links).
 */
export async function reviewLinkFor(
  cycle: Cycle,
  stage: ReviewStage,
  approver: Person,
  now: Date,
  deps: {
    readonly reviewLinks?: ReviewLinkRepository;
    readonly linkKey: LinkKey;
    readonly ids: Ids;
    readonly publicUrl: string;
  },
): Promise<string | undefined> {
  if (!isBatchStage(stage) || !deps.reviewLinks) return undefined;
  const reviewId = await ensureReviewLink(cycle, stage, approver, now, {
    reviewLinks: deps.reviewLinks,
    linkKey: deps.linkKey,
    ids: deps.ids,
  });
  return linkTo(deps.publicUrl, 'review', { reviewId });
}
