import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directoryData from '../../config/directory.json';
import { DynamoApprovalRepository } from '../../functions/adapters/dynamo-approvals';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { DynamoReviewLinkRepository } from '../../functions/adapters/dynamo-review-links';
import { DynamoReviewQueue } from '../../functions/adapters/dynamo-review-queue';
import { DynamoSentMailLog } from '../../functions/adapters/dynamo-sent-mail';
import { createDocumentClient, keys } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import type { Cycle, Directory } from '../../functions/domain/cycle';
import { TransientError } from '../../functions/domain/errors';
import { dedupeKey } from '../../functions/domain/ids';
import type { Nomination } from '../../functions/domain/nomination';
import type { DecisionOutput, Handover, OutgoingMail, Workflow } from '../../functions/domain/ports';
import { REVIEW_PAGE_SIZE } from '../../functions/domain/review-link';
import { hashLinkId } from '../../functions/domain/secret-links';
import type { ReviewStage } from '../../functions/domain/stages';
import {
  decideBatch,
  ReviewLinkExpired,
  ReviewLinkNotFound,
  type ReviewPage,
  ROW_TIME_RESERVE_MS,
  viewReviewPage,
} from '../../functions/use-cases/batch-review';
import { remindApprovals } from '../../functions/use-cases/remind-approvals';
import { requestApproval } from '../../functions/use-cases/request-approval';
import { sendReviewDigests } from '../../functions/use-cases/review-digest';
import { ensureReviewLink } from '../../functions/use-cases/review-links';
import { startTestTable } from '../support/dynamodb';
import { MemoryLinkKey, mailing } from '../support/fakes';
import { sampleNomination } from '../support/sample';

/** Batch review's adapters and use cases on DynamoDB Local (GSI, BatchGetItem, transactions). */

class RecordingWorkflow implements Workflow {
  readonly decisions: { token: string; output: DecisionOutput }[] = [];
  throttle = new Set<string>();
  async start() {}
  async sendDecision(token: string, output: DecisionOutput): Promise<Handover> {
    if (this.throttle.has(token)) throw new TransientError('Step Functions throttled');
    this.decisions.push({ token, output });
    return 'taken';
  }
}

class RecordingMailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
  }
}

const DAY = 24 * 60 * 60 * 1000;
let table: Awaited<ReturnType<typeof startTestTable>>;
let now = new Date('2026-11-10T01:00:00Z'); // 10:00 KST
const clock = { now: () => now };
const directory = directoryData as Directory;

beforeAll(async () => {
  table = await startTestTable();
}, 60_000);
afterAll(async () => table?.close());

/** Each test its own cycle year, so their waiting lists stay apart. */
function wiring(year: string, changes: Partial<Cycle> = {}) {
  const db = createDocumentClient();
  const cycle: Cycle = { ...(cycle2026 as Cycle), year, title: `${year}년 올해의 고용서비스상`, ...changes };
  return {
    db,
    cycle,
    nominations: new DynamoNominationRepository(db, table.tableName),
    approvals: new DynamoApprovalRepository(db, table.tableName),
    reviewLinks: new DynamoReviewLinkRepository(db, table.tableName),
    reviewQueue: new DynamoReviewQueue(db, table.tableName),
    sentMail: new DynamoSentMailLog(db, table.tableName, clock.now),
    workflow: new RecordingWorkflow(),
    ...mailing(new RecordingMailer()),
    linkKey: new MemoryLinkKey(),
    ids: randomIds,
    clock,
    cycles: [cycle2023 as Cycle, cycle],
    directory,
    publicUrl: 'http://localhost:3000',
    remainingMs: () => 25_000,
  };
}
type Deps = ReturnType<typeof wiring>;

/** `count` nominations of the deps' cycle, each waiting at `stage` with an open request (token `tok-<id>`). */
async function waiting(deps: Deps, count: number, stage: ReviewStage = 'hq_review', organisationsEvery = 0) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 16) {
    const batch = Array.from({ length: Math.min(16, count - start) }, (_, offset) => start + offset);
    ids.push(
      ...(await Promise.all(
        batch.map(async (index) => {
          const organisation =
            organisationsEvery > 0 && index % organisationsEvery === organisationsEvery - 1;
          const input = sampleNomination({
            cycle: deps.cycle.year,
            category: deps.cycle.categories[index % 4]?.id,
            nomineeType: organisation ? 'organization' : 'individual',
            nominee: organisation
              ? { name: `기관${index}`, affiliation: '서울' }
              : {
                  name: `대기${index}`,
                  affiliation: '서울',
                  position: '주무관',
                  email: `w${index}.${deps.cycle.year}@example.test`,
                  serviceYears: 3,
                },
            meritDetails: '세부공적 긴 내용',
          });
          const at = new Date(now.getTime() - (count - index) * 1000).toISOString();
          const nomination = {
            ...(input as unknown as Nomination),
            id: randomIds.nominationId(deps.cycle.year),
            stage: 'center_review',
            version: 1,
            createdAt: at,
            updatedAt: at,
          } satisfies Nomination;
          await deps.nominations.create(nomination, dedupeKey(nomination), {
            type: 'submitted',
            at,
            actor: 't',
          });
          await requestApproval(
            { nominationId: nomination.id, stage: 'hq_review', taskToken: `tok-${nomination.id}` },
            deps,
          );
          if (stage === 'minister_approval')
            await requestApproval(
              {
                nominationId: nomination.id,
                stage: 'minister_approval',
                taskToken: `tok-m-${nomination.id}`,
              },
              deps,
            );
          return nomination.id;
        }),
      )),
    );
  }
  return ids;
}

async function reviewIdOf(deps: Deps, stage: 'hq_review' | 'minister_approval' = 'hq_review') {
  const reviewer = stage === 'hq_review' ? directory.hqReviewer : directory.ministerOffice;
  return ensureReviewLink(deps.cycle, stage, reviewer, now, deps);
}

describe('the batch review reads (gsi1 and BatchGetItem)', () => {
  it('lists 230 waiting oldest first without their 세부공적, and reads their requests and records past 100 keys', async () => {
    const deps = wiring('2101');
    const ids = await waiting(deps, 230);
    const { nominations, truncated } = await deps.reviewQueue.listAtStage('2101', 'hq_review', 5000);
    expect(truncated).toBe(false);
    expect(nominations.map((nomination) => nomination.id)).toEqual(ids);
    expect(nominations[0]).not.toHaveProperty('meritDetails');
    expect(nominations[0]).not.toHaveProperty('submitter');
    expect(nominations[0]?.meritSummary).toBeTruthy();
    const few = await deps.reviewQueue.listAtStage('2101', 'hq_review', 100);
    expect(few).toMatchObject({ truncated: true });
    expect(few.nominations).toHaveLength(100);
    expect((await deps.reviewQueue.listAtStage('2101', 'minister_approval', 100)).nominations).toEqual([]);

    const requests = await deps.reviewQueue.latestRequests(
      [...ids, randomIds.nominationId('2101')],
      'hq_review',
    );
    expect(requests.size).toBe(230);
    expect(requests.get(ids[7] ?? '')).toMatchObject({
      stage: 'hq_review',
      status: 'open',
      taskToken: `tok-${ids[7]}`,
    });
    expect((await deps.reviewQueue.latestRequests(ids, 'minister_approval')).size).toBe(0);
    const records = await deps.reviewQueue.getMany(ids);
    expect(records.size).toBe(230);
    expect(records.get(ids[0] ?? '')?.meritDetails).toBe('세부공적 긴 내용');

    // One page at the index: a Limit and a start key, either way through the list, and a count.
    expect(await deps.reviewQueue.countAtStage('2101', 'hq_review')).toBe(230);
    expect(await deps.reviewQueue.countAtStage('2101', 'minister_approval')).toBe(0);
    const idsOf = (page: { nominations: { id: string }[] }) => page.nominations.map((each) => each.id);
    const first = await deps.reviewQueue.pageAtStage('2101', 'hq_review', { limit: 100, newestFirst: false });
    expect(first.more).toBe(true);
    expect(idsOf(first)).toEqual(ids.slice(0, 100));
    expect(first.nominations[0]).not.toHaveProperty('meritDetails');
    const at = (index: number) => ({
      createdAt: first.nominations[index]?.createdAt ?? '',
      id: ids[index] ?? '',
    });
    const second = await deps.reviewQueue.pageAtStage('2101', 'hq_review', {
      limit: 100,
      newestFirst: false,
      from: at(99),
    });
    expect(idsOf(second)).toEqual(ids.slice(100, 200));
    const back = await deps.reviewQueue.pageAtStage('2101', 'hq_review', {
      limit: 40,
      newestFirst: false,
      from: at(50),
      direction: 'before',
    });
    expect(back).toMatchObject({ more: true });
    expect(idsOf(back)).toEqual(ids.slice(10, 50));
    const newest = await deps.reviewQueue.pageAtStage('2101', 'hq_review', { limit: 100, newestFirst: true });
    expect(idsOf(newest)).toEqual(ids.slice(130).reverse());
    const start = await deps.reviewQueue.pageAtStage('2101', 'hq_review', {
      limit: 100,
      newestFirst: false,
      from: at(20),
      direction: 'before',
    });
    expect(start).toMatchObject({ more: false });
    expect(idsOf(start)).toEqual(ids.slice(0, 20));

    // The page walks the list by cursors, a page at a time, and back; a forged cursor is the first page.
    const reviewId = await reviewIdOf(deps);
    const shown = (page: ReviewPage) =>
      page.groups.flatMap((group) => group.rows.map((row) => row.nomination.id));
    const byReceipt = (page: ReviewPage) => ids.filter((each) => shown(page).includes(each));
    const pages: ReviewPage[] = [await viewReviewPage(reviewId, {}, deps)];
    expect(pages[0]).toMatchObject({ total: 230, page: 1, pageSize: REVIEW_PAGE_SIZE });
    expect(pages[0]?.previous).toBeUndefined();
    for (let page = pages[0]; page?.next !== undefined; page = pages.at(-1))
      pages.push(await viewReviewPage(reviewId, { cursor: page.next }, deps));
    const count = Math.ceil(230 / REVIEW_PAGE_SIZE);
    expect(pages.map((page) => page.page)).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    expect(pages.every((page) => page.pageCount === count && page.total === 230)).toBe(true);
    expect(pages.flatMap(byReceipt)).toEqual(ids);
    expect(pages.map((page) => page.decidable)).toEqual(pages.map((page) => shown(page).length));
    expect(pages[1]?.previous).toBe('');
    let backwards = pages.at(-1) as ReviewPage;
    for (let index = count - 2; index >= 1; index -= 1) {
      backwards = await viewReviewPage(reviewId, { cursor: backwards.previous }, deps);
      expect(backwards.page).toBe(index + 1);
      expect(byReceipt(backwards)).toEqual(byReceipt(pages[index] as ReviewPage));
    }
    const newestPage = await viewReviewPage(reviewId, { sort: 'received', order: 'desc' }, deps);
    // Newest first: the last rows received, grouped by category, each group newest first.
    expect(new Set(shown(newestPage))).toEqual(new Set(ids.slice(-REVIEW_PAGE_SIZE)));
    for (const group of newestPage.groups)
      expect(group.rows.map((row) => row.nomination.id)).toEqual(
        ids.filter((each) => group.rows.some((row) => row.nomination.id === each)).reverse(),
      );
    for (const cursor of ['garbage', Buffer.from('a~2~2026-01-01T00:00:00Z~x').toString('base64url'), ['x']])
      expect(shown(await viewReviewPage(reviewId, { cursor }, deps))).toEqual(shown(pages[0] as ReviewPage));
  }, 120_000);
});

describe('review links', () => {
  it('are made once per reviewer, stage and cycle, even by ten mailers at once, and renewed only later', async () => {
    const deps = wiring('2102');
    const made = await Promise.all(Array.from({ length: 10 }, () => reviewIdOf(deps)));
    expect(new Set(made).size).toBe(1);
    const reviewId = made[0] ?? '';
    const stored = await deps.reviewLinks.findByHash(hashLinkId(reviewId));
    expect(stored).toMatchObject({ cycle: '2102', stage: 'hq_review', reviewer: directory.hqReviewer });
    expect(stored).not.toHaveProperty('reviewId');
    expect(Date.parse(stored?.expiresAt ?? '')).toBe(now.getTime() + 21 * DAY);
    // The reviewer's pointer names the link by its hash and nonce, and keeps no address in clear.
    const addressHash = createHash('sha256').update('hq.reviewer@example.test').digest('hex');
    const { Item: pointer } = await deps.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: keys.reviewerLink('2102', 'hq_review', addressHash),
      }),
    );
    expect(pointer).toMatchObject({ idHash: hashLinkId(reviewId), linkNonce: expect.any(String) });
    expect(JSON.stringify(pointer)).not.toContain('@');
    // Another stage, another link; a later mail renews; an earlier one never shortens.
    expect(await reviewIdOf(deps, 'minister_approval')).not.toBe(reviewId);
    now = new Date(now.getTime() + 3 * DAY);
    expect(await reviewIdOf(deps)).toBe(reviewId);
    const renewed = await deps.reviewLinks.findByHash(hashLinkId(reviewId));
    expect(Date.parse(renewed?.expiresAt ?? '')).toBe(now.getTime() + 21 * DAY);
    await deps.reviewLinks.extend(hashLinkId(reviewId), new Date(now.getTime() + DAY).toISOString());
    expect((await deps.reviewLinks.findByHash(hashLinkId(reviewId)))?.expiresAt).toBe(renewed?.expiresAt);
    now = new Date(now.getTime() - 3 * DAY);
  });

  it('open the page only while known and unexpired (404, then 410)', async () => {
    const deps = wiring('2103');
    const reviewId = await reviewIdOf(deps);
    await expect(viewReviewPage('A'.repeat(43), {}, deps)).rejects.toBeInstanceOf(ReviewLinkNotFound);
    await expect(viewReviewPage('short', {}, deps)).rejects.toMatchObject({ name: 'ApprovalNotFound' });
    const later = { ...deps, clock: { now: () => new Date(now.getTime() + 22 * DAY) } };
    await expect(viewReviewPage(reviewId, {}, later)).rejects.toBeInstanceOf(ReviewLinkExpired);
    await expect(viewReviewPage(reviewId, {}, later)).rejects.toMatchObject({
      name: 'ApprovalClosed',
      reason: 'expired',
    });
    expect((await viewReviewPage(reviewId, {}, deps)).total).toBe(0);
  });
});

describe('the batch page and batch decisions', () => {
  it('shows only the reviewer’s requests, with delegated ones not decidable', async () => {
    const deps = wiring('2104');
    const ids = await waiting(deps, 6);
    const reviewId = await reviewIdOf(deps);
    // One request addressed to someone else (the directory changed), one delegated.
    const [foreignId, delegatedId] = ids as [string, string];
    const foreign = await deps.approvals.findLatest(foreignId, 'hq_review');
    await deps.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.approval(foreign?.idHash ?? ''),
        UpdateExpression: 'SET approver = :someone',
        ExpressionAttributeValues: { ':someone': { name: '전임자', email: 'former@example.test' } },
      }),
    );
    const delegated = await deps.approvals.findLatest(delegatedId, 'hq_review');
    await deps.db.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.approval(delegated?.idHash ?? ''),
        UpdateExpression: 'SET delegatedTo = :to',
        ExpressionAttributeValues: {
          ':to': { idHash: 'd'.repeat(64), approver: { name: '사무관', email: 'hq.officer@example.test' } },
        },
      }),
    );
    const page = await viewReviewPage(reviewId, { sort: 'name', order: 'desc' }, deps);
    // The total is the stage's (an index count): the request addressed to someone else still waits
    // at HQ; this reviewer's rows leave it out (below).
    expect(page.total).toBe(6);
    expect(page.groups.flatMap((group) => group.rows)).toHaveLength(5);
    expect(page.decidable).toBe(4);
    const rows = page.groups.flatMap((group) => group.rows);
    expect(rows.map((row) => row.nomination.id)).not.toContain(foreignId);
    expect(rows.find((row) => row.nomination.id === delegatedId)).toMatchObject({
      state: 'delegated',
      delegatedToName: '사무관',
    });
    expect(page.sort).toEqual({ key: 'name', descending: true });

    const result = await decideBatch(reviewId, { ids, decision: 'approve', comment: '' }, deps);
    expect(result.results.map((row) => row.outcome)).toEqual([
      'not_found',
      'closed',
      'done',
      'done',
      'done',
      'done',
    ]);
    expect(result.results[1]).toMatchObject({ closedReason: 'delegated' });
    expect(deps.workflow.decisions).toHaveLength(4);
    expect(deps.workflow.decisions[0]?.output).toMatchObject({
      stage: 'hq_review',
      decision: 'approve',
      approver: 'hq.reviewer@example.test',
    });
  }, 60_000);

  it('decides each row once when the same batch is posted twice at the same moment', async () => {
    const deps = wiring('2105');
    const ids = await waiting(deps, 20);
    const reviewId = await reviewIdOf(deps);
    const [first, second] = await Promise.all([
      decideBatch(reviewId, { ids, decision: 'reject', comment: '중복 제출 시험' }, deps),
      decideBatch(reviewId, { ids, decision: 'reject', comment: '중복 제출 시험' }, deps),
    ]);
    const outcomes = [...(first?.results ?? []), ...second.results].map((row) => row.outcome);
    expect(outcomes.filter((outcome) => outcome === 'done')).toHaveLength(20);
    expect(outcomes.filter((outcome) => outcome === 'already_decided')).toHaveLength(20);
    expect(deps.workflow.decisions).toHaveLength(20);
    expect(new Set(deps.workflow.decisions.map((each) => each.token)).size).toBe(20);
    // Each nomination has exactly one decision in its audit trail.
    for (const id of ids.slice(0, 3)) {
      const decided = (await deps.nominations.history(id)).filter((event) => event.type === 'decided');
      expect(decided).toHaveLength(1);
    }
  }, 60_000);

  it('fills the minister’s quotas in the order posted, refuses the rest with the numbers, and reports passing failures per row', async () => {
    const deps = wiring('2106', { quotas: { organization: 1, individual: 3 } });
    const ids = await waiting(deps, 8, 'minister_approval', 4);
    const reviewId = await reviewIdOf(deps, 'minister_approval');
    // Rows 3 and 7 are organisations; one throttled hand-over.
    deps.workflow.throttle.add(`tok-m-${ids[1]}`);
    const result = await decideBatch(reviewId, { ids, decision: 'approve', comment: '' }, deps);
    expect(result.results.map((row) => row.outcome)).toEqual([
      'done',
      'failed',
      'done',
      'done',
      'done',
      'beyond_quota',
      'beyond_quota',
      'beyond_quota',
    ]);
    expect(result.results[5]?.quota).toMatchObject({ awarded: 3, counter: { key: 'individual', limit: 3 } });
    expect(result.results[7]?.quota).toMatchObject({
      awarded: 1,
      counter: { key: 'organization', limit: 1 },
    });
    // The failed row's claim was withdrawn and its place given back: it may be posted again.
    expect(await deps.approvals.awardedCounts('2106')).toEqual({ individual: 3, organization: 1 });
    const page = await viewReviewPage(reviewId, {}, deps);
    expect(page.decidable).toBe(4);
  }, 60_000);

  it('leaves rows for another POST once the function is near its timeout', async () => {
    const deps = wiring('2107');
    const ids = await waiting(deps, 3);
    const reviewId = await reviewIdOf(deps);
    // The function's remaining time runs out after the first row started.
    let asked = 0;
    const slow = { ...deps, remainingMs: () => (asked++ === 0 ? 20_000 : ROW_TIME_RESERVE_MS - 1) };
    const result = await decideBatch(reviewId, { ids, decision: 'approve', comment: '' }, slow);
    expect(result.results.some((row) => row.outcome === 'not_attempted')).toBe(true);
    expect(result.results[0]?.outcome).toBe('done');
  }, 60_000);
});

describe('approval mails', () => {
  it('HQ requests and their reminders carry the reviewer’s one review link; center reviews none', async () => {
    const deps = wiring('2109');
    await waiting(deps, 2);
    const reviewId = await reviewIdOf(deps);
    const requests = deps.mailer.sent.filter((mail) => mail.subject.includes('본부 심사 요청'));
    expect(requests).toHaveLength(2);
    for (const mail of requests) expect(mail.text).toContain(`/reviews/${reviewId}`);
    const later = { ...deps, cycles: [deps.cycle], clock: { now: () => new Date(now.getTime() + 12 * DAY) } };
    const swept = await remindApprovals(later);
    expect(swept.reminded).toEqual(['hq_review', 'hq_review']);
    const reminders = deps.mailer.sent.filter((mail) => mail.subject.includes('[처리 기한 안내]'));
    expect(reminders).toHaveLength(2);
    for (const mail of reminders) expect(mail.text).toContain(`/reviews/${reviewId}`);
    const center = wiring('2110');
    const input = sampleNomination({ cycle: '2110' });
    const at = now.toISOString();
    const nomination = {
      ...(input as unknown as Nomination),
      id: randomIds.nominationId('2110'),
      stage: 'submitted',
      version: 1,
      createdAt: at,
      updatedAt: at,
    } satisfies Nomination;
    await center.nominations.create(nomination, dedupeKey(nomination), { type: 'submitted', at, actor: 't' });
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, center);
    expect(center.mailer.sent.at(-1)?.text).not.toContain('/reviews/');
  }, 60_000);
});

describe('the daily digest', () => {
  it('goes to each reviewer with waiting nominations once per KST day from 08:00, with their review link', async () => {
    const deps = wiring('2108');
    await waiting(deps, 5);
    const reviewId = await reviewIdOf(deps);
    const at = (iso: string) => ({ ...deps, cycles: [deps.cycle], clock: { now: () => new Date(iso) } });

    expect((await sendReviewDigests(at('2026-11-10T22:59:00Z'))).sent).toEqual([]); // 07:59 KST
    const first = await sendReviewDigests(at('2026-11-10T23:05:00Z')); // 08:05 KST, 11 Nov
    expect(first).toEqual({ sent: ['hq_review'], failed: [] });
    const mail = deps.mailer.sent.at(-1);
    expect(mail?.to).toEqual(['hq.reviewer@example.test']);
    expect(mail?.subject).toBe('[고용서비스상] 본부 심사 대기 현황 (11월 11일): 5건');
    expect(mail?.text).toContain(`/reviews/${reviewId}`);
    // Repeated sweeps that day send nothing more; the minister has nothing waiting.
    expect((await sendReviewDigests(at('2026-11-11T05:00:00Z'))).sent).toEqual([]);
    expect(deps.mailer.sent.filter((each) => each.subject.includes('대기 현황'))).toHaveLength(1);
    // The next KST day, again.
    expect((await sendReviewDigests(at('2026-11-11T23:30:00Z'))).sent).toEqual(['hq_review']);
    // The digest renewed the link.
    const stored = await deps.reviewLinks.findByHash(hashLinkId(reviewId));
    expect(Date.parse(stored?.expiresAt ?? '')).toBe(Date.parse('2026-11-11T23:30:00Z') + 21 * DAY);
  }, 60_000);
});
