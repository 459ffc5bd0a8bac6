import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { DynamoCorrectionRepository } from '../../functions/adapters/dynamo-corrections';
import { DynamoDraftRepository } from '../../functions/adapters/dynamo-drafts';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import { type CorrectionOutput, NOTHING_CHANGED, revisionViews } from '../../functions/domain/correction';
import type { Cycle } from '../../functions/domain/cycle';
import { TransientError } from '../../functions/domain/errors';
import type { Nomination } from '../../functions/domain/nomination';
import type { CorrectionHandover, Handover, Mailer, OutgoingMail } from '../../functions/domain/ports';
import type { ReviewStage } from '../../functions/domain/stages';
import {
  correctNomination,
  HANDOVER_RETRY_AFTER_MS,
  viewCorrection,
} from '../../functions/use-cases/correct-nomination';
import { confirmDraft, submitDraft } from '../../functions/use-cases/draft-nomination';
import { requestCorrection } from '../../functions/use-cases/request-correction';
import { enterStage } from '../../functions/use-cases/stage-change';
import { startTestTable } from '../support/dynamodb';
import { mailing } from '../support/fakes';
import { rethrowWorded } from '../support/messages';
import { sampleNomination } from '../support/sample';

/** The 보완요청 use cases on DynamoDB Local (transactions, conditions); Step Functions and mail recorded. */
class RecordingCorrector implements CorrectionHandover {
  readonly calls: { token: string; output: CorrectionOutput }[] = [];
  next: 'take' | 'stale' | 'lost' | 'unreachable' = 'take';
  async sendCorrection(token: string, output: CorrectionOutput): Promise<Handover> {
    if (this.next === 'unreachable') throw new TransientError('Step Functions could not be reached');
    if (this.next === 'stale') return 'stale';
    this.calls.push({ token, output });
    return this.next === 'lost' ? 'uncertain' : 'taken';
  }
}

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
  }
}

let table: Awaited<ReturnType<typeof startTestTable>>;
let now = new Date('2026-11-01T00:00:00Z');
const clock = { now: () => now };

beforeAll(async () => {
  table = await startTestTable('award-corrections');
}, 60_000);
afterAll(async () => table?.close());
beforeEach(() => {
  now = new Date('2026-11-01T00:00:00Z');
});

function wiring(cycleChanges: Partial<Cycle> = {}) {
  const db = createDocumentClient();
  const corrector = new RecordingCorrector();
  return {
    nominations: new DynamoNominationRepository(db, table.tableName),
    corrections: new DynamoCorrectionRepository(db, table.tableName),
    drafts: new DynamoDraftRepository(db, table.tableName),
    workflow: { start: async () => undefined, sendDecision: async (): Promise<Handover> => 'taken' },
    ...mailing(new RecordingMailer()),
    handover: corrector,
    corrector,
    clock,
    ids: randomIds,
    cycles: [cycle2023 as Cycle, { ...(cycle2026 as Cycle), ...cycleChanges }],
    directory,
    publicUrl: 'http://localhost:3000',
  };
}
type Deps = ReturnType<typeof wiring>;

let counter = 0;
function nominee(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `보완${counter}`,
    affiliation: '서울고용복지플러스센터',
    position: '주무관',
    email: `fix${counter}.${Date.now()}@example.test`,
    serviceYears: 6,
    ...overrides,
  };
}

/** A confirmed web nomination, moved on to `stage` as the workflow would. */
async function nominationAt(deps: Deps, stage: ReviewStage, who = nominee()): Promise<Nomination> {
  await submitDraft(sampleNomination({ nominee: who }), deps);
  const link = /\/drafts\/([A-Za-z0-9_-]{43})/.exec(deps.mailer.sent.at(-1)?.text ?? '')?.[1] ?? '';
  const confirmed = await confirmDraft(link, deps);
  if (confirmed.outcome !== 'created') throw new Error('not created');
  let nomination = confirmed.nomination;
  for (const next of ['center_review', 'hq_review', 'minister_approval'] as const) {
    nomination = await enterStage(nomination, next, deps);
    if (next === stage) break;
  }
  return nomination;
}

function editLinkIn(mail: OutgoingMail | undefined): string {
  const match = /\/corrections\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '');
  if (!match?.[1]) throw new Error(`no edit link in '${mail?.subject}'`);
  return match[1];
}

/** The posted body: the nomination as submitted, with changes (the JSON contract). */
function body(nomination: Nomination, changes: Record<string, unknown> = {}) {
  const { cycle, category, nomineeType, nominee, meritPeriod, meritSummary, meritDetails, priorAwards } =
    nomination;
  return {
    cycle,
    category,
    nomineeType,
    nominee,
    meritPeriod,
    meritSummary,
    meritDetails,
    priorAwards,
    disciplinaryHistory: nomination.disciplinaryHistory,
    consent: true,
    centerId: nomination.centerId,
    submitter: nomination.submitter,
    ...changes,
  };
}

async function returned(deps: Deps, stage: ReviewStage = 'hq_review', who = nominee()) {
  const nomination = await nominationAt(deps, stage, who);
  await requestCorrection(
    {
      nominationId: nomination.id,
      returnedAt: stage,
      comment: '실적 수치 근거를 보완해 주세요',
      taskToken: `token-${nomination.id}`,
    },
    deps,
  );
  const stored = await deps.nominations.get(nomination.id);
  if (!stored) throw new Error('gone');
  return { nomination: stored, linkId: editLinkIn(deps.mailer.sent.at(-1)) };
}

describe('the correction loop on DynamoDB Local', () => {
  it('moves a returned nomination to correction_requested and mails only the registered addresses an edit link; a retried step supersedes it', async () => {
    const deps = wiring();
    const nomination = await nominationAt(deps, 'hq_review');
    const typed = 'someone.else@example.test';
    expect(nomination.submitter.email).not.toBe(typed);

    const first = await requestCorrection(
      { nominationId: nomination.id, returnedAt: 'hq_review', comment: '근거 <b>보완</b>', taskToken: 't-1' },
      deps,
    );
    expect(first).toMatchObject({ round: 1, returnedAt: 'hq_review' });
    const mail = deps.mailer.sent.at(-1);
    expect(mail?.to).toEqual(['award.seoul@example.test']);
    expect(mail?.subject).toContain('보완 요청 (1회차)');
    expect(mail?.text).toContain('근거 <b>보완</b>');
    expect(mail?.html).toContain('근거 &lt;b&gt;보완&lt;/b&gt;');
    const firstLink = editLinkIn(mail);
    const stored = await deps.nominations.get(nomination.id);
    expect(stored).toMatchObject({
      stage: 'correction_requested',
      correctionRound: 1,
      version: nomination.version + 1,
    });
    const events = await deps.nominations.history(nomination.id);
    expect(events.at(-1)).toMatchObject({
      type: 'correction_requested',
      stage: 'hq_review',
      round: 1,
      comment: '근거 <b>보완</b>',
    });

    // The workflow retried the step (a new token): the same round, a fresh link, the first one dead.
    await requestCorrection({ nominationId: nomination.id, returnedAt: 'hq_review', taskToken: 't-2' }, deps);
    const secondLink = editLinkIn(deps.mailer.sent.at(-1));
    expect(secondLink).not.toBe(firstLink);
    expect(await deps.nominations.get(nomination.id)).toMatchObject({
      correctionRound: 1,
      version: nomination.version + 1,
    });
    expect(
      (await deps.nominations.history(nomination.id)).filter((e) => e.type === 'correction_requested'),
    ).toHaveLength(1);
    expect(await viewCorrection(firstLink, deps)).toMatchObject({
      open: false,
      closed: { reason: 'superseded' },
    });
    const open = await viewCorrection(secondLink, deps);
    expect(open).toMatchObject({ open: true, request: { round: 1, taskToken: 't-2', status: 'open' } });
  });

  it('previews without storing, then corrects once: the new version keeps the previous values and the workflow gets the stage back', async () => {
    const deps = wiring();
    const { nomination, linkId } = await returned(deps);
    const changed = body(nomination, {
      meritSummary: '취업률 25%p 향상 (고용보험 DB 근거)',
      priorAwards: '',
    });

    const preview = await correctNomination({ correctionId: linkId, body: changed, preview: true }, deps);
    expect(preview).toMatchObject({
      kind: 'preview',
      changes: [
        {
          field: 'meritSummary',
          before: nomination.meritSummary,
          after: '취업률 25%p 향상 (고용보험 DB 근거)',
        },
        { field: 'priorAwards', before: '-' },
      ],
    });
    expect((await deps.nominations.get(nomination.id))?.version).toBe(nomination.version);
    expect(deps.corrector.calls).toEqual([]);

    // A double click: two POSTs at once correct once.
    const posts = await Promise.all([
      correctNomination(
        { correctionId: linkId, body: { ...changed, note: '수치 근거를 붙였습니다' }, preview: false },
        deps,
      ),
      correctNomination(
        { correctionId: linkId, body: { ...changed, note: '수치 근거를 붙였습니다' }, preview: false },
        deps,
      ),
    ]);
    expect(posts.map((post) => post.kind).sort()).toEqual(['already', 'corrected']);
    expect(deps.corrector.calls).toEqual([
      {
        token: `token-${nomination.id}`,
        output: { returnTo: 'hq_review', round: 1, correctedAt: now.toISOString() },
      },
    ]);
    const stored = await deps.nominations.get(nomination.id);
    expect(stored).toMatchObject({
      stage: 'correction_requested',
      version: nomination.version + 1,
      meritSummary: '취업률 25%p 향상 (고용보험 DB 근거)',
      revisions: [
        {
          round: 1,
          returnedAt: 'hq_review',
          note: '수치 근거를 붙였습니다',
          changes: [
            { field: 'meritSummary', before: nomination.meritSummary },
            { field: 'priorAwards', before: '-' },
          ],
        },
      ],
    });
    expect(stored?.priorAwards).toBeUndefined();
    expect((await deps.nominations.history(nomination.id)).at(-1)).toMatchObject({
      type: 'corrected',
      round: 1,
      stage: 'hq_review',
      fields: ['meritSummary', 'priorAwards'],
    });
    // Used: the link shows the notice only, and posting again changes nothing.
    expect(await viewCorrection(linkId, deps)).toMatchObject({ open: false, closed: { reason: 'used' } });
    expect(
      await correctNomination({ correctionId: linkId, body: changed, preview: false }, deps),
    ).toMatchObject({
      kind: 'already',
    });
    expect(deps.corrector.calls).toHaveLength(1);
    // The workflow's RequestApproval moves it back to the stage that returned it.
    const back = await enterStage(stored as Nomination, 'hq_review', deps);
    expect(back.stage).toBe('hq_review');
  });

  it('applies the rules of a new submission field by field; the cycle and the center stay; an unchanged form needs a note', async () => {
    const deps = wiring();
    const { nomination, linkId } = await returned(deps);
    await expect(
      correctNomination(
        {
          correctionId: linkId,
          body: body(nomination, {
            nominee: { ...nomination.nominee, serviceYears: 0 },
            disciplinaryHistory: true,
            consent: false,
            note: '\u202Egnp.exe',
          }),
          preview: true,
        },
        deps,
      ).catch(rethrowWorded),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      fields: {
        'nominee.serviceYears': expect.stringContaining('1년 이상'),
        disciplinaryHistory: expect.stringContaining('징계'),
        consent: expect.stringContaining('동의'),
        note: expect.any(String),
      },
    });
    await expect(
      correctNomination({ correctionId: linkId, body: body(nomination), preview: true }, deps),
    ).rejects.toMatchObject({
      fields: { _: NOTHING_CHANGED },
    });
    // A note alone is a correction ("nothing to change, here is why").
    expect(
      await correctNomination(
        {
          correctionId: linkId,
          body: { ...body(nomination), note: '근거는 첨부와 같습니다' },
          preview: true,
        },
        deps,
      ),
    ).toMatchObject({ kind: 'preview', changes: [], note: '근거는 첨부와 같습니다' });

    // Posted cycle and center are ignored: the nomination keeps both.
    const result = await correctNomination(
      {
        correctionId: linkId,
        body: body(nomination, { cycle: '2023', centerId: 'busan', meritDetails: '보완한 세부공적' }),
        preview: false,
      },
      deps,
    );
    expect(result.kind).toBe('corrected');
    expect(await deps.nominations.get(nomination.id)).toMatchObject({
      cycle: '2026',
      centerId: 'seoul',
      meritDetails: '보완한 세부공적',
    });
  });

  it('accepts a correction after the submission deadline (the deadline is for submitting), not after its own', async () => {
    const deps = wiring();
    now = new Date('2026-12-30T00:00:00Z');
    const { nomination, linkId } = await returned(deps);
    const late = await returned(deps);
    now = new Date('2027-01-03T00:00:00Z');
    expect(
      (
        await correctNomination(
          { correctionId: linkId, body: body(nomination, { meritSummary: '마감 후 보완' }), preview: false },
          deps,
        )
      ).kind,
    ).toBe('corrected');

    now = new Date('2027-01-14T00:00:01Z');
    expect(await viewCorrection(late.linkId, deps)).toMatchObject({
      open: false,
      closed: { reason: 'expired' },
    });
    await expect(
      correctNomination(
        {
          correctionId: late.linkId,
          body: body(late.nomination, { meritSummary: '늦은 보완' }),
          preview: false,
        },
        deps,
      ),
    ).rejects.toMatchObject({ name: 'CorrectionClosed', reason: 'expired' });
  });

  it("moves the nominee key when the nominee's e-mail is corrected, and refuses a nominee another nomination holds", async () => {
    const deps = wiring();
    const other = nominee();
    await nominationAt(deps, 'center_review', other);
    const { nomination, linkId } = await returned(deps, 'center_review');
    const oldEmail = nomination.nominee.email;

    await expect(
      correctNomination(
        {
          correctionId: linkId,
          body: body(nomination, { nominee: { ...nomination.nominee, email: other.email } }),
          preview: false,
        },
        deps,
      ).catch(rethrowWorded),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      fields: { 'nominee.email': expect.stringContaining('이미') },
    });
    // Nothing was stored: the link is still open.
    expect((await viewCorrection(linkId, deps)).open).toBe(true);

    const fresh = `fixed.${Date.now()}@example.test`;
    const result = await correctNomination(
      {
        correctionId: linkId,
        body: body(nomination, { nominee: { ...nomination.nominee, email: fresh } }),
        preview: false,
      },
      deps,
    );
    expect(result.kind).toBe('corrected');
    // The old address is free again; the new one belongs to this nomination.
    await expect(nominationAt(deps, 'center_review', nominee({ email: oldEmail }))).resolves.toMatchObject({
      stage: 'center_review',
    });
    await submitDraft(sampleNomination({ nominee: nominee({ email: fresh }) }), deps);
    const link = /\/drafts\/([A-Za-z0-9_-]{43})/.exec(deps.mailer.sent.at(-1)?.text ?? '')?.[1] ?? '';
    // The same nominee from the same center and category: a duplicate, nothing new.
    expect(await confirmDraft(link, deps)).toMatchObject({ outcome: 'duplicate' });
  });

  it('keeps every round with its previous values, and ends the loop when the rounds are used up', async () => {
    const deps = wiring({ maxCorrectionRounds: 2 });
    const first = await returned(deps, 'minister_approval');
    await correctNomination(
      { correctionId: first.linkId, body: body(first.nomination, { meritSummary: '2안' }), preview: false },
      deps,
    );
    let current = await enterStage(
      (await deps.nominations.get(first.nomination.id)) as Nomination,
      'minister_approval',
      deps,
    );

    await requestCorrection(
      { nominationId: current.id, returnedAt: 'minister_approval', taskToken: 'round-2' },
      deps,
    );
    const secondLink = editLinkIn(deps.mailer.sent.at(-1));
    expect(deps.mailer.sent.at(-1)?.text).toContain('마지막 보완 기회');
    current = (await deps.nominations.get(current.id)) as Nomination;
    await correctNomination(
      { correctionId: secondLink, body: body(current, { meritSummary: '3안' }), preview: false },
      deps,
    );
    current = await enterStage(
      (await deps.nominations.get(current.id)) as Nomination,
      'minister_approval',
      deps,
    );

    expect(revisionViews(current).map((revision) => revision.changes)).toEqual([
      [{ field: 'meritSummary', before: first.nomination.meritSummary, after: '2안' }],
      [{ field: 'meritSummary', before: '2안', after: '3안' }],
    ]);

    // A third return: no round left. The task is answered at once; nothing is mailed or moved.
    const mails = deps.mailer.sent.length;
    const result = await requestCorrection(
      { nominationId: current.id, returnedAt: 'minister_approval', taskToken: 'round-3' },
      deps,
    );
    expect(result).toEqual({ nominationId: current.id, exhausted: true, rounds: 2 });
    expect(deps.corrector.calls.at(-1)).toEqual({ token: 'round-3', output: { exhausted: true, rounds: 2 } });
    expect(deps.mailer.sent).toHaveLength(mails);
    expect(await deps.nominations.get(current.id)).toMatchObject({
      stage: 'minister_approval',
      correctionRound: 2,
    });
    // NotifyReturned then ends it returned.
    expect((await enterStage(current, 'returned', deps)).stage).toBe('returned');
  });

  it('closes the link when the workflow no longer waits, keeping the correction on record', async () => {
    const deps = wiring();
    const { nomination, linkId } = await returned(deps);
    deps.corrector.next = 'stale';
    await expect(
      correctNomination(
        { correctionId: linkId, body: body(nomination, { meritSummary: '늦은 수정' }), preview: false },
        deps,
      ),
    ).rejects.toMatchObject({ name: 'CorrectionClosed', reason: 'void' });
    expect(await viewCorrection(linkId, deps)).toMatchObject({ open: false, closed: { reason: 'void' } });
    expect((await deps.nominations.get(nomination.id))?.meritSummary).toBe('늦은 수정');
  });

  it('hands over again on a later POST when Step Functions could not be reached, once the first attempt surely ended', async () => {
    const deps = wiring();
    const { nomination, linkId } = await returned(deps);
    deps.corrector.next = 'unreachable';
    await expect(
      correctNomination(
        { correctionId: linkId, body: body(nomination, { meritSummary: '다시 보냄' }), preview: false },
        deps,
      ),
    ).rejects.toBeInstanceOf(TransientError);
    deps.corrector.next = 'take';
    // At once: it may still be in flight (a second tab), so nothing is handed over twice.
    expect((await correctNomination({ correctionId: linkId, body: {}, preview: false }, deps)).kind).toBe(
      'already',
    );
    expect(deps.corrector.calls).toEqual([]);
    now = new Date(now.getTime() + HANDOVER_RETRY_AFTER_MS);
    expect((await correctNomination({ correctionId: linkId, body: {}, preview: false }, deps)).kind).toBe(
      'already',
    );
    expect(deps.corrector.calls).toHaveLength(1);
    expect(deps.corrector.calls[0]?.output).toMatchObject({ returnTo: 'hq_review', round: 1 });
    // Handed over now: later POSTs hand over nothing.
    now = new Date(now.getTime() + HANDOVER_RETRY_AFTER_MS);
    await correctNomination({ correctionId: linkId, body: {}, preview: false }, deps);
    expect(deps.corrector.calls).toHaveLength(1);
  });
});
