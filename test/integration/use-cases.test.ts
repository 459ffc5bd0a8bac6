import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { DynamoApprovalRepository } from '../../functions/adapters/dynamo-approvals';
import { DynamoDraftRepository } from '../../functions/adapters/dynamo-drafts';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { DynamoSentMailLog } from '../../functions/adapters/dynamo-sent-mail';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import type { Cycle } from '../../functions/domain/cycle';
import { ApprovalClosed, TransientError } from '../../functions/domain/errors';
import type { DecisionOutput, Handover, Mailer, OutgoingMail, Workflow } from '../../functions/domain/ports';
import { hashLinkId } from '../../functions/domain/secret-links';
import { type ApprovalView, decideApproval, viewApproval } from '../../functions/use-cases/decide-approval';
import { confirmDraft, submitDraft } from '../../functions/use-cases/draft-nomination';
import { markNeedsAttention } from '../../functions/use-cases/mark-needs-attention';
import { notifyOutcome } from '../../functions/use-cases/notify-outcome';
import { recordSubmission } from '../../functions/use-cases/record-submission';
import { remindApprovals } from '../../functions/use-cases/remind-approvals';
import { requestApproval } from '../../functions/use-cases/request-approval';
import { resendApprovalMail } from '../../functions/use-cases/resend-approval';
import { enterStage } from '../../functions/use-cases/stage-change';
import { CLOSED_MESSAGES } from '../../functions/views/messages';
import { startTestTable } from '../support/dynamodb';
import { MemoryCertificates, MemoryLinkKey, mailing } from '../support/fakes';
import { messagesOf, wordedRejection } from '../support/messages';
import { sampleNomination } from '../support/sample';

/** What the closed-link page says of a view (undefined while the link still decides). */
const closedMessageOf = (view: ApprovalView) => (view.open ? undefined : CLOSED_MESSAGES[view.closedReason]);

/** Use cases on real DynamoDB Local (conditional writes, transactions); workflow and mail are recorded. */
class RecordingWorkflow implements Workflow {
  readonly started: string[] = [];
  readonly decisions: { token: string; output: DecisionOutput }[] = [];
  next: 'take' | 'stale' | 'lost' | 'throttled' = 'take';
  async start(nominationId: string) {
    this.started.push(nominationId);
  }
  async sendDecision(token: string, output: DecisionOutput): Promise<Handover> {
    if (this.next === 'throttled') throw new TransientError('Step Functions throttled');
    if (this.next === 'stale') return 'stale';
    this.decisions.push({ token, output });
    return this.next === 'lost' ? 'uncertain' : 'taken';
  }
}

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  failNext = false;
  async send(mail: OutgoingMail) {
    if (this.failNext) {
      this.failNext = false;
      throw new TransientError('SES throttled');
    }
    this.sent.push(mail);
  }
}

const DAY = 24 * 60 * 60 * 1000;

let table: Awaited<ReturnType<typeof startTestTable>>;
// Inside the 2026 cycle's submission window (the 2023 one is closed).
let now = new Date('2026-11-01T00:00:00Z');
const clock = { now: () => now };
const cycles = [cycle2023 as Cycle, cycle2026 as Cycle];

beforeAll(async () => {
  table = await startTestTable();
}, 60_000);
afterAll(async () => table?.close());

function wiring() {
  const db = createDocumentClient();
  const workflow = new RecordingWorkflow();
  const mailer = new RecordingMailer();
  const nominations = new DynamoNominationRepository(db, table.tableName);
  const approvals = new DynamoApprovalRepository(db, table.tableName);
  const drafts = new DynamoDraftRepository(db, table.tableName);
  const sentMail = new DynamoSentMailLog(db, table.tableName, clock.now);
  const publicUrl = 'http://localhost:3000';
  const linkKey = new MemoryLinkKey();
  return {
    nominations,
    approvals,
    drafts,
    sentMail,
    workflow,
    ...mailing(mailer),
    linkKey,
    ids: randomIds,
    certificates: new MemoryCertificates(),
    clock,
    cycles,
    directory,
    publicUrl,
    remainingMs: () => 25_000,
  };
}

function draftLinkIdOf(mail: OutgoingMail | undefined): string {
  const match = /\/drafts\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '');
  if (!match?.[1]) throw new Error('no draft link in mail');
  return match[1];
}

/** A web submission, confirmed from the center's registered mailbox. */
async function submitAndConfirm(raw: unknown, deps: ReturnType<typeof wiring>) {
  await submitDraft(raw, deps);
  const confirmed = await confirmDraft(draftLinkIdOf(deps.mailer.sent.at(-1)), deps);
  if (confirmed.outcome !== 'created') throw new Error('not created');
  return confirmed.nomination;
}

let counter = 0;
async function submitted(deps: ReturnType<typeof wiring>) {
  counter += 1;
  const raw = sampleNomination({
    nominee: {
      name: `통합${counter}`,
      affiliation: '서울고용복지플러스센터',
      position: '주무관',
      email: `it${counter}@example.test`,
      serviceYears: 6,
    },
  });
  return submitAndConfirm(raw, deps);
}

function linkIdOf(mail: OutgoingMail | undefined): string {
  const match = /\/approvals\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '');
  if (!match?.[1]) throw new Error('no approval link in mail');
  return match[1];
}

describe('use cases on DynamoDB Local', () => {
  it('makes one draft and one confirmation mail for five simultaneous identical submissions', async () => {
    const deps = wiring();
    const raw = sampleNomination({
      nominee: {
        name: '동시제출',
        affiliation: '서울',
        position: '주무관',
        email: 'same@example.test',
        serviceYears: 3,
      },
      submitter: { name: '누군가', email: 'stranger@example.test' },
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => submitDraft(raw, deps)));
    expect(results.filter((result) => !result.alreadyPending)).toHaveLength(1);
    // Only the center's registered address gets the link, never the typed-in submitter.
    expect(deps.mailer.sent).toHaveLength(1);
    expect(deps.mailer.sent[0]?.to).toEqual(['award.seoul@example.test']);
    expect(deps.workflow.started).toHaveLength(0);
  });

  it('starts one nomination for five simultaneous confirmations of the same draft', async () => {
    const deps = wiring();
    const raw = sampleNomination({
      nominee: {
        name: '동시확정',
        affiliation: '서울',
        position: '주무관',
        email: 'twice@example.test',
        serviceYears: 3,
      },
    });
    await submitDraft(raw, deps);
    const linkId = draftLinkIdOf(deps.mailer.sent.at(-1));
    const results = await Promise.all(Array.from({ length: 5 }, () => confirmDraft(linkId, deps)));
    const ids = new Set(results.map((result) => (result.outcome === 'created' ? result.nomination.id : '')));
    expect(ids.size).toBe(1);
    // Exactly one click stored it (and is counted as a submission); the others were second.
    expect(results.filter((result) => !result.alreadyConfirmed)).toHaveLength(1);
    const [id] = [...ids];
    expect(id).toMatch(/^2026-/);
    expect(await deps.nominations.history(id ?? '')).toHaveLength(1);
    const stored = await deps.nominations.get(id ?? '');
    expect(stored?.centerName).toBe('서울고용복지플러스센터');
    expect(stored?.consentAt).toBe(now.toISOString());
    expect(stored?.purgeAt).toBe(Math.floor(now.getTime() / 1000) + 1826 * 24 * 3600);
    // A later click shows the result and starts nothing new.
    const again = await confirmDraft(linkId, deps);
    expect(again).toMatchObject({ outcome: 'created', alreadyConfirmed: true });
    expect(again.outcome === 'created' && again.nomination.id).toBe(id);
  });

  it('refuses the same nominee from another center or category, and counts a center limit atomically', async () => {
    const deps = wiring();
    const nominee = {
      name: '한번만',
      affiliation: '서울',
      position: '주무관',
      email: 'once@example.test',
      serviceYears: 3,
    };
    await submitAndConfirm(sampleNomination({ nominee }), deps);
    await submitDraft(
      sampleNomination({ nominee, centerId: 'busan', category: 'vocational-training' }),
      deps,
    );
    await expect(
      wordedRejection(confirmDraft(draftLinkIdOf(deps.mailer.sent.at(-1)), deps)),
    ).resolves.toMatchObject({
      name: 'ValidationError',
      fields: { 'nominee.email': expect.stringContaining('이미 2026년 포상에 추천') },
    });

    const limited = { ...(cycle2026 as Cycle), maxNominationsPerCenter: 2 };
    const limitedDeps = { ...wiring(), cycles: [limited] };
    const drafts = [];
    for (let i = 0; i < 3; i += 1) {
      await submitDraft(
        sampleNomination({
          centerId: 'busan',
          nominee: {
            name: `한도${i}`,
            affiliation: '부산',
            position: '주무관',
            email: `limit${i}@example.test`,
            serviceYears: 2,
          },
        }),
        limitedDeps,
      );
      drafts.push(draftLinkIdOf(limitedDeps.mailer.sent.at(-1)));
    }
    const outcomes = await Promise.allSettled(drafts.map((linkId) => confirmDraft(linkId, limitedDeps)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.status === 'rejected' && messagesOf(refused.reason).centerId).toContain('한도(2건)');
  });

  it('records the execution and mails one receipt however often the first step runs', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    const executionId = `arn:aws:states:ap-northeast-2:000000000000:execution:NominationWorkflow:${nomination.id}`;
    await recordSubmission({ nominationId: nomination.id, executionId }, deps);
    await recordSubmission({ nominationId: nomination.id, executionId }, deps);
    expect((await deps.nominations.get(nomination.id))?.executionArn).toBe(executionId);
    const receipts = deps.mailer.sent.filter((mail) => mail.subject.includes('접수 확인'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.to).toEqual(['award.seoul@example.test']);
    // The status link is by its own token (test/integration/status-links.test.ts), never by the id.
    expect(receipts[0]?.text).toMatch(/http:\/\/localhost:3000\/nominations\/[A-Za-z0-9_-]{43}/);
    expect(receipts[0]?.text).not.toContain(`/nominations/${nomination.id}`);
  });

  it('supersedes the first link when the request step is retried, and changes the stage once', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval(
      { nominationId: nomination.id, stage: 'center_review', taskToken: 'token-1' },
      deps,
    );
    await requestApproval(
      { nominationId: nomination.id, stage: 'center_review', taskToken: 'token-2' },
      deps,
    );
    const [first, second] = deps.mailer.sent.slice(-2).map(linkIdOf);

    const stale = await viewApproval(first ?? '', deps);
    expect(closedMessageOf(stale)).toContain('새 승인 링크');
    await expect(
      decideApproval({ approvalId: first ?? '', decision: 'approve', comment: '' }, deps),
    ).rejects.toMatchObject({
      name: 'ApprovalClosed',
      reason: 'superseded',
    });
    await decideApproval({ approvalId: second ?? '', decision: 'approve', comment: '' }, deps);
    expect(deps.workflow.decisions.map((decision) => decision.token)).toEqual(['token-2']);

    const history = await deps.nominations.history(nomination.id);
    expect(history.filter((event) => event.type === 'stage_changed')).toHaveLength(1);
  });

  it('re-sends the open approval mail with the same link, once per request, and the link still decides', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const first = deps.mailer.sent.at(-1);
    const result = await resendApprovalMail({ nominationId: nomination.id, requestKey: 'form-1' }, deps);
    expect(result).toMatchObject({ stage: 'center_review', sent: true, approver: first?.to[0] });
    const again = await resendApprovalMail({ nominationId: nomination.id, requestKey: 'form-1' }, deps);
    expect(again.sent).toBe(false);
    const resent = deps.mailer.sent.at(-1);
    const approvalMails = deps.mailer.sent.filter((mail) => mail.text.includes('/approvals/'));
    expect(approvalMails.map(linkIdOf)).toEqual([linkIdOf(first), linkIdOf(first)]);
    expect(resent?.to).toEqual(first?.to);
    expect(resent?.subject).toBe(first?.subject);

    await decideApproval({ approvalId: linkIdOf(resent), decision: 'approve', comment: '' }, deps);
    expect(deps.workflow.decisions.map((decision) => decision.token)).toEqual(['t']);
    await expect(
      resendApprovalMail({ nominationId: nomination.id, requestKey: 'form-2' }, deps),
    ).rejects.toMatchObject({ name: 'NothingToResend', reason: 'no_open_request' });
  });

  it('awards at most the quota however many minister approvals race, and gives a place back when one is not taken', async () => {
    const base = wiring();
    // 2 individuals in the cycle, and 1 in the nominees' category.
    const limited = cycles.map((cycle) =>
      cycle.year === '2026'
        ? {
            ...cycle,
            quotas: { ...cycle.quotas, individual: 3 },
            categories: cycle.categories.map((category, index) =>
              index === 0 ? { ...category, quotas: { individual: 2 } } : category,
            ),
          }
        : cycle,
    );
    const deps = { ...base, cycles: limited };
    const category = limited[1]?.categories[0]?.id ?? '';
    const waiting: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const nomination = await submitted(deps);
      expect(nomination.category).toBe(category);
      for (const stage of ['center_review', 'hq_review', 'minister_approval'] as const) {
        await requestApproval({ nominationId: nomination.id, stage, taskToken: `t-${i}-${stage}` }, deps);
      }
      waiting.push(linkIdOf(deps.mailer.sent.at(-1)));
    }
    const outcomes = await Promise.allSettled(
      waiting.map((approvalId) => decideApproval({ approvalId, decision: 'approve', comment: '' }, deps)),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(refused).toEqual([
      expect.objectContaining({
        name: 'QuotaReached',
        awarded: 2,
        counter: expect.objectContaining({ key: `individual@${category}`, limit: 2 }),
      }),
    ]);
    expect(await deps.approvals.awardedCounts('2026')).toEqual({
      individual: 2,
      [`individual@${category}`]: 2,
    });

    // The refused one still waits for the minister: it may be returned, which takes no place.
    const refusedIndex = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    const stillOpen = waiting[refusedIndex] ?? '';
    const open = await viewApproval(stillOpen, deps);
    expect(closedMessageOf(open)).toBeUndefined();
    // The minister's page shows the usage as guidance: the category's quota is full.
    expect(open.open && open.quota).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'individual', limit: 3, awarded: 2, remaining: 1 }),
        expect.objectContaining({ key: `individual@${category}`, limit: 2, awarded: 2, remaining: 0 }),
      ]),
    );
    await decideApproval({ approvalId: stillOpen, decision: 'return', comment: '수상 한도 초과' }, deps);
    expect(await deps.approvals.awardedCounts('2026')).toEqual({
      individual: 2,
      [`individual@${category}`]: 2,
    });
  });

  it('gives the quota place back when the workflow no longer waits for the approval', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    for (const stage of ['center_review', 'hq_review', 'minister_approval'] as const) {
      await requestApproval({ nominationId: nomination.id, stage, taskToken: `s-${stage}` }, deps);
    }
    const approvalId = linkIdOf(deps.mailer.sent.at(-1));
    const before = await deps.approvals.awardedCounts('2026');
    deps.workflow.next = 'stale';
    await expect(
      decideApproval({ approvalId, decision: 'approve', comment: '' }, deps),
    ).rejects.toMatchObject({
      reason: 'void',
    });
    expect(await deps.approvals.awardedCounts('2026')).toEqual(before);
  });

  it('reminds on schedule with the same link, escalates when overdue, and the first decision of either link wins', async () => {
    const deps = { ...wiring(), directory: JSON.parse(JSON.stringify(directory)) };
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 'rt' }, deps);
    const first = deps.mailer.sent.at(-1);
    const original = linkIdOf(first);
    const view = await viewApproval(original, deps);
    if (!view.open) throw new Error('the new link should be open');
    const due = Date.parse(view.request.dueAt ?? '');
    const saved = now;
    const mailsTo = (address: string) =>
      deps.mailer.sent.filter((mail) => mail.to.includes(address) && mail.text.includes('/approvals/'));
    const sweep = async (at: number) => {
      now = new Date(at);
      return remindApprovals(deps);
    };
    try {
      expect((await sweep(due - 4 * DAY)).reminded).toEqual([]);
      expect((await sweep(due - 3 * DAY + 1000)).reminded).toEqual(['center_review']);
      expect((await sweep(due - 2 * DAY)).reminded).toEqual([]); // the first reminder went out once
      expect((await sweep(due - 0.4 * DAY)).reminded).toEqual(['center_review']);
      const head = mailsTo('head.seoul@example.test').filter((mail) =>
        mail.subject.includes(nomination.nominee.name),
      );
      expect(head.map(linkIdOf)).toEqual([original, original, original]);
      expect(head[1]?.subject).toContain('[처리 기한 안내]');

      const overdue = await sweep(due + 1000);
      expect(overdue.escalated).toEqual(['center_review']);
      expect((await sweep(due + 2000)).escalated).toEqual([]);
      const deputy = mailsTo('deputy.seoul@example.test').filter((mail) =>
        mail.subject.includes(nomination.nominee.name),
      );
      expect(deputy).toHaveLength(1);
      expect(deputy[0]?.subject).toContain('[기한 경과·대결 요청]');
      const escalation = linkIdOf(deputy[0]);
      expect(escalation).not.toBe(original);

      // Both links decide until one does; the deputy's decision is recorded in the deputy's name.
      expect(closedMessageOf(await viewApproval(original, deps))).toBeUndefined();
      await decideApproval({ approvalId: escalation, decision: 'approve', comment: '' }, deps);
      const again = await decideApproval({ approvalId: original, decision: 'reject', comment: '늦음' }, deps);
      expect(again).toMatchObject({ alreadyDecided: true, decision: 'approve' });
      expect(deps.workflow.decisions.map((decision) => decision.token)).toEqual(['rt']);
      const history = await deps.nominations.history(nomination.id);
      expect(history.filter((event) => event.type === 'decided')).toEqual([
        expect.objectContaining({ actor: 'deputy.seoul@example.test', decision: 'approve' }),
      ]);
      expect(
        history.filter((event) => event.type === 'approval_reminded').map((event) => event.type),
      ).toHaveLength(2);
      expect(history.filter((event) => event.type === 'approval_escalated')).toEqual([
        expect.objectContaining({ stage: 'center_review', toName: '서울부센터장' }),
      ]);
      const after = await sweep(due + 3000);
      expect(after.reminded.length + after.escalated.length).toBe(0);
    } finally {
      now = saved;
    }
  });

  it('refuses to re-send what cannot decide or cannot be made again', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await expect(
      resendApprovalMail({ nominationId: nomination.id, requestKey: 'k' }, deps),
    ).rejects.toMatchObject({ name: 'NothingToResend', reason: 'not_in_review' });
    await expect(
      resendApprovalMail({ nominationId: '2026-unknownunknownunkno', requestKey: 'k' }, deps),
    ).rejects.toMatchObject({ name: 'NominationNotFound' });
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const sentBefore = deps.mailer.sent.length;
    // Another key (a lost or replaced secret) cannot make the link again: nothing is mailed.
    await expect(
      resendApprovalMail(
        { nominationId: nomination.id, requestKey: 'k' },
        { ...deps, linkKey: new MemoryLinkKey() },
      ),
    ).rejects.toMatchObject({ reason: 'not_derivable' });
    const saved = now;
    now = new Date(now.getTime() + 22 * 24 * 3600 * 1000); // past review and escalation
    try {
      await expect(
        resendApprovalMail({ nominationId: nomination.id, requestKey: 'k' }, deps),
      ).rejects.toMatchObject({ reason: 'expired' });
    } finally {
      now = saved;
    }
    expect(deps.mailer.sent.length).toBe(sentBefore);
  });

  it("gives every item holding a nomination's personal data its purgeAt (retention, DynamoDB TTL)", async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const linkId = linkIdOf(deps.mailer.sent.at(-1));
    await decideApproval({ approvalId: linkId, decision: 'reject', comment: '근거 부족' }, deps);
    await markNeedsAttention({ nominationId: nomination.id, error: { Error: 'States.Timeout' } }, deps);
    const purgeAt = (await deps.nominations.get(nomination.id))?.purgeAt;
    expect(purgeAt).toBeGreaterThan(Date.now() / 1000);

    const db = createDocumentClient();
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `NOM#${nomination.id}` },
      }),
    );
    const personal = Items.filter((item) => item.sk === 'NOMINATION' || String(item.sk).startsWith('EVENT#'));
    expect(personal.map((item) => item.type ?? 'record')).toEqual(
      expect.arrayContaining(['record', 'submitted', 'decided', 'needs_attention']),
    );
    for (const item of personal) expect(item.purgeAt).toBe(purgeAt);
    const approval = await db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: `APPROVAL#${hashLinkId(linkId)}`, sk: 'APPROVAL' },
      }),
    );
    expect(approval.Item?.comment).toBe('근거 부족');
    expect(approval.Item?.purgeAt).toBe(purgeAt);
  });

  it('voids a decision the workflow no longer waits for, keeping both in the audit trail', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const approvalId = linkIdOf(deps.mailer.sent.at(-1));
    deps.workflow.next = 'stale';
    const attempt = decideApproval({ approvalId, decision: 'approve', comment: '' }, deps);
    await expect(attempt).rejects.toBeInstanceOf(ApprovalClosed);
    await expect(attempt).rejects.toMatchObject({ reason: 'void' });
    const history = await deps.nominations.history(nomination.id);
    expect(history.filter((event) => event.type === 'decided' || event.type === 'decision_voided')).toEqual([
      expect.objectContaining({ type: 'decided', decision: 'approve' }),
      expect.objectContaining({ type: 'decision_voided', decision: 'approve', reason: 'not_taken' }),
    ]);
    const view = await viewApproval(approvalId, deps);
    expect(view.request.status).toBe('void');
    expect(closedMessageOf(view)).toContain('더 이상 유효하지 않습니다');
    // A closed link gives no caller the file, its history or its id; a voided decision is not on record.
    expect(view).toEqual({
      open: false,
      request: { stage: 'center_review', status: 'void', expiresAt: expect.any(String) },
      closedReason: 'void',
    });
  });

  it('reopens the link when the workflow refuses the hand-over for now', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const approvalId = linkIdOf(deps.mailer.sent.at(-1));
    deps.workflow.next = 'throttled';
    await expect(
      decideApproval({ approvalId, decision: 'approve', comment: '' }, deps),
    ).rejects.toBeInstanceOf(TransientError);
    expect(closedMessageOf(await viewApproval(approvalId, deps))).toBeUndefined();
    deps.workflow.next = 'take';
    const result = await decideApproval({ approvalId, decision: 'approve', comment: '' }, deps);
    expect(result.alreadyDecided).toBe(false);
    const types = (await deps.nominations.history(nomination.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'decided' || type === 'decision_voided')).toEqual([
      'decided',
      'decision_voided',
      'decided',
    ]);
  });

  it('keeps a decision whose hand-over answer was lost, and never asks twice', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const approvalId = linkIdOf(deps.mailer.sent.at(-1));
    deps.workflow.next = 'lost';
    const result = await decideApproval({ approvalId, decision: 'reject', comment: '근거 부족' }, deps);
    expect(result).toMatchObject({ alreadyDecided: false, handoverUncertain: true });
    const again = await decideApproval({ approvalId, decision: 'approve', comment: '' }, deps);
    expect(again).toMatchObject({ alreadyDecided: true, decision: 'reject' });
    expect(deps.workflow.decisions).toHaveLength(1);
  });

  it('closes a link after its deadline', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await requestApproval({ nominationId: nomination.id, stage: 'center_review', taskToken: 't' }, deps);
    const approvalId = linkIdOf(deps.mailer.sent.at(-1));
    const saved = now;
    now = new Date(now.getTime() + 22 * 24 * 3600 * 1000); // past review and escalation
    try {
      expect(closedMessageOf(await viewApproval(approvalId, deps))).toContain('기한');
      await expect(
        decideApproval({ approvalId, decision: 'approve', comment: '' }, deps),
      ).rejects.toMatchObject({
        reason: 'expired',
      });
    } finally {
      now = saved;
    }
  });

  it('sends the outcome mail once across retries, and again after a failed send', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    for (const stage of ['center_review', 'hq_review', 'minister_approval'] as const) {
      const stored = await deps.nominations.get(nomination.id);
      if (stored) await enterStage(stored, stage, deps);
    }
    deps.mailer.failNext = true;
    await expect(
      notifyOutcome({ nominationId: nomination.id, outcome: 'awarded' }, deps),
    ).rejects.toBeInstanceOf(TransientError);
    await notifyOutcome({ nominationId: nomination.id, outcome: 'awarded' }, deps);
    await notifyOutcome({ nominationId: nomination.id, outcome: 'awarded' }, deps);
    const congratulations = deps.mailer.sent.filter((mail) =>
      mail.to.includes(nomination.nominee.email ?? ''),
    );
    expect(congratulations).toHaveLength(1);
    const toAwarded = (await deps.nominations.history(nomination.id)).filter(
      (event) => event.type === 'stage_changed' && event.to === 'awarded',
    );
    expect(toAwarded).toHaveLength(1);
  });

  it('tells the nominator the reason the workflow acted on', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    for (const stage of ['center_review', 'hq_review'] as const) {
      const stored = await deps.nominations.get(nomination.id);
      if (stored) await enterStage(stored, stage, deps);
    }
    await notifyOutcome(
      {
        nominationId: nomination.id,
        outcome: 'rejected',
        decision: { stage: 'hq_review', comment: '실적 근거 부족' },
      },
      deps,
    );
    const mail = deps.mailer.sent.at(-1);
    expect(mail?.to).toEqual(['award.seoul@example.test']);
    expect(mail?.text).toContain('실적 근거 부족');
    expect(mail?.text).toContain('본부 심사');
  });

  it('sends a mail again only when an earlier attempt was cut off mid-send', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    const begin = (attempt: string) => deps.sentMail.begin(nomination.id, 'outcome:test', attempt);
    expect(await begin('a')).toBe('acquired');
    expect(await begin('a')).toBe('acquired'); // the SDK retrying its own Put after a lost answer
    expect(await begin('b')).toBe('in_flight');
    const saved = now;
    now = new Date(now.getTime() + 60 * 1000);
    try {
      expect(await begin('c')).toBe('acquired');
      await deps.sentMail.finish(nomination.id, 'outcome:test');
      now = new Date(now.getTime() + 60 * 60 * 1000);
      expect(await begin('d')).toBe('sent');
    } finally {
      now = saved;
    }
  });

  it('retries, rather than finishes, a step whose mail another attempt may still be sending', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await deps.sentMail.begin(nomination.id, 'receipt', 'a crashed attempt');
    const executionId = `arn:aws:states:ap-northeast-2:000000000000:execution:NominationWorkflow:${nomination.id}`;
    await expect(recordSubmission({ nominationId: nomination.id, executionId }, deps)).rejects.toMatchObject({
      name: 'MailInFlight',
    });
    expect(deps.mailer.sent.filter((mail) => mail.subject.includes('접수 확인'))).toHaveLength(0);
  });

  it('marks a nomination for an operator once, however often the step is retried', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    const input = { nominationId: nomination.id, error: { Error: 'StageConflict', Cause: 'moved' } };
    await markNeedsAttention(input, deps);
    await markNeedsAttention(input, deps);
    const marks = (await deps.nominations.history(nomination.id)).filter(
      (event) => event.type === 'needs_attention',
    );
    expect(marks).toHaveLength(1);
    expect((await deps.nominations.get(nomination.id))?.needsAttention).toMatchObject({
      error: 'StageConflict',
    });
  });

  it('changes a stage once when two attempts race', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    const results = await Promise.all([
      enterStage(nomination, 'center_review', deps),
      enterStage(nomination, 'center_review', deps),
    ]);
    expect(results.map((result) => result.stage)).toEqual(['center_review', 'center_review']);
    const changes = (await deps.nominations.history(nomination.id)).filter(
      (event) => event.type === 'stage_changed',
    );
    expect(changes).toHaveLength(1);
  });

  it('refuses a transition the rules do not allow', async () => {
    const deps = wiring();
    const nomination = await submitted(deps);
    await expect(enterStage(nomination, 'awarded', deps)).rejects.toMatchObject({ name: 'StageConflict' });
  });
});
