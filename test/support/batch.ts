import { systemClock } from '../../functions/adapters/clock';
import { shippedConfig } from '../../functions/adapters/config';
import { DynamoApprovalRepository } from '../../functions/adapters/dynamo-approvals';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { DynamoReviewLinkRepository } from '../../functions/adapters/dynamo-review-links';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import { dedupeKey } from '../../functions/domain/ids';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import { inPool } from '../../functions/domain/pool';
import type { LinkKey } from '../../functions/domain/ports';
import { requestApproval } from '../../functions/use-cases/request-approval';
import { ensureReviewLink } from '../../functions/use-cases/review-links';
import { notifierFor } from './fakes';
import { local, submitAndConfirm } from './flow';
import { postJson } from './http';
import { allMail, approvalLinkIn, mailTo, type StoredMail } from './outbox';
import { sampleNomination } from './sample';

/** Helpers of the batch review tests: many nominations brought to HQ review on the local stack. */

export const CATEGORIES = [
  'job-matching',
  'regional-cooperation',
  'vocational-training',
  'insurance-integrity',
] as const;

/** The batch review link in a mail (approval request or digest). */
export function reviewLinkIn(mail: StoredMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/reviews\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No review link in mail '${mail.subject}'`);
  return match[0];
}

/** Waits until `address` has `count` mails matching `filter`; returns them all (oldest first). */
export async function mailsFor(
  sesUrl: string,
  address: string,
  filter: (mail: StoredMail) => boolean,
  count: number,
  timeoutMs = 60_000,
): Promise<StoredMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = mailTo(await allMail(sesUrl), address).filter(filter);
    if (matching.length >= count) return matching;
    if (Date.now() > deadline)
      throw new Error(`Only ${matching.length} of ${count} mails to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Nominee {
  readonly name: string;
  readonly email: string;
  readonly category: (typeof CATEGORIES)[number];
  readonly nomineeType: 'individual' | 'organization';
}

let sequence = 0;

/** `count` distinct nominees across the four categories, every fifth an organisation. */
export function nominees(prefix: string, count: number): Nominee[] {
  const stamp = Date.now().toString(36);
  sequence += 1;
  const batch = sequence;
  return Array.from({ length: count }, (_, index) => ({
    // Hangul names that sort differently from their creation order.
    name: `${prefix}${String.fromCharCode(0xac00 + ((index * 37) % 400) * 28)}${index}`,
    email: `batch.${stamp}.${batch}.${index}@example.test`,
    category: CATEGORIES[index % CATEGORIES.length] as (typeof CATEGORIES)[number],
    nomineeType: index % 5 === 4 ? 'organization' : 'individual',
  }));
}

/** The JSON a center posts for `nominee` (the contract's sample, the nominee's own fields). */
export function nominationBody(nominee: Nominee): Record<string, unknown> {
  return sampleNomination({
    category: nominee.category,
    nomineeType: nominee.nomineeType,
    nominee:
      nominee.nomineeType === 'organization'
        ? { name: nominee.name, affiliation: '서울고용복지플러스센터' }
        : {
            name: nominee.name,
            affiliation: '서울고용복지플러스센터',
            position: '주무관',
            email: nominee.email,
            serviceYears: 6,
          },
    meritSummary: `${nominee.name}: 구직자 맞춤형 상담으로 취업률 향상 (요약 ${nominee.category})`,
  });
}

/**
 * Submits and confirms every nominee, and has the center head approve each through the link in
 * their mail: the nominations wait at HQ review, each with its HQ approval mail sent. Returns the
 * nomination ids (in the order of `list`).
 */
export async function nominateToHq(
  urls: { web: string; ses: string },
  list: readonly Nominee[],
): Promise<string[]> {
  const ids = await inPool(list, 8, async (nominee) => {
    const confirmed = await submitAndConfirm(urls, nominationBody(nominee));
    if (confirmed.status !== 201) throw new Error(`confirmation answered ${confirmed.status}`);
    return String(confirmed.json.id);
  });
  const names = new Set(list.map((nominee) => nominee.name));
  const subjectName = (mail: StoredMail) => /요청: (.+?) \(/.exec(mail.subject)?.[1] ?? '';
  const centerMails = await mailsFor(
    urls.ses,
    'head.seoul@example.test',
    (mail) => mail.subject.includes('센터 심사 요청') && names.has(subjectName(mail)),
    list.length,
  );
  await inPool(centerMails, 8, async (mail) => {
    const answer = await postJson(local(approvalLinkIn(mail), urls.web), { decision: 'approve' });
    if (answer.status !== 200) throw new Error(`center approval answered ${answer.status}`);
  });
  await mailsFor(
    urls.ses,
    'hq.reviewer@example.test',
    (mail) => mail.subject.includes('본부 심사 요청') && names.has(subjectName(mail)),
    list.length,
  );
  return ids;
}

/** Mails nothing: seeded requests need no mail (a seeded 500 would bury the outbox). */
const quietMailer = { send: async () => undefined };

/**
 * Puts `count` nominations straight into HQ review on the local stack's table, each with an open
 * approval request (a made-up task token: no execution waits for it, so it must never be decided),
 * through the same repositories and request-approval use case the functions use. For measuring the
 * batch page's reads at scale without running hundreds of workflows.
 */
export async function seedWaitingAtHq(options: {
  readonly tableName: string;
  readonly count: number;
  readonly linkKey: LinkKey;
  readonly publicUrl: string;
}): Promise<{ ids: string[]; reviewId: string }> {
  const db = createDocumentClient();
  const { cycles, directory } = shippedConfig();
  const deps = {
    nominations: new DynamoNominationRepository(db, options.tableName),
    approvals: new DynamoApprovalRepository(db, options.tableName),
    reviewLinks: new DynamoReviewLinkRepository(db, options.tableName),
    notifier: notifierFor(quietMailer),
    linkKey: options.linkKey,
    ids: randomIds,
    clock: systemClock,
    cycles,
    directory,
    publicUrl: options.publicUrl,
  };
  const cycle = cycles.find((each) => each.year === '2026');
  if (!cycle) throw new Error('no 2026 cycle');
  const list = nominees('대기', options.count);
  const ids = await inPool(list, 16, async (nominee, index) => {
    const at = new Date(Date.now() - (options.count - index) * 1000).toISOString();
    const input = nominationBody(nominee) as unknown as NominationInput;
    const nomination: Nomination = {
      ...input,
      id: randomIds.nominationId('2026'),
      centerName: '서울고용복지플러스센터',
      consentAt: at,
      stage: 'center_review',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const created = await deps.nominations.create(nomination, dedupeKey(nomination), {
      type: 'submitted',
      at,
      actor: 'bench',
    });
    if (created.outcome !== 'created') throw new Error(`seeding answered ${created.outcome}`);
    await requestApproval(
      { nominationId: nomination.id, stage: 'hq_review', taskToken: `seed-${nomination.id}` },
      deps,
    );
    return nomination.id;
  });
  const reviewId = await ensureReviewLink(cycle, 'hq_review', directory.hqReviewer, new Date(), deps);
  db.destroy();
  return { ids, reviewId };
}
