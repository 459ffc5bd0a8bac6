import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { randomIds } from '../../functions/adapters/random-ids';
import type { Cycle } from '../../functions/domain/cycle';
import type { Draft, DraftOutcome } from '../../functions/domain/draft';
import { DraftExpired, DraftNotFound, TransientError, ValidationError } from '../../functions/domain/errors';
import type { Nomination } from '../../functions/domain/nomination';
import type { DraftRepository, OutgoingMail } from '../../functions/domain/ports';
import { hashLinkId } from '../../functions/domain/secret-links';
import {
  confirmDraft,
  type DraftDeps,
  submitDraft,
  viewDraft,
} from '../../functions/use-cases/draft-nomination';
import { MemoryNominations, notifierFor, RecordingMailer, RecordingWorkflow } from '../support/fakes';
import { rethrowWorded } from '../support/messages';
import { sampleNomination } from '../support/sample';

/* ------------------------------------------------------------------ in-memory ports */

/**
 * Follows the port: `save` refuses while a pending, unexpired draft holds the guard key;
 * `markConfirmed` moves pending -> confirmed once and releases the guard it holds.
 */
class MemoryDrafts implements DraftRepository {
  readonly drafts = new Map<string, Draft>();
  readonly guards = new Map<string, { idHash: string; expiresAt: string }>();
  readonly lookups: string[] = [];

  async save(draft: Draft, guardKey: string) {
    const guard = this.guards.get(guardKey);
    if (guard && !(guard.expiresAt < draft.createdAt))
      return { saved: false as const, pendingUntil: guard.expiresAt };
    if (this.drafts.has(draft.idHash)) throw new Error('draft id taken');
    this.guards.set(guardKey, { idHash: draft.idHash, expiresAt: draft.expiresAt });
    this.drafts.set(draft.idHash, draft);
    return { saved: true as const };
  }

  async findByHash(idHash: string) {
    this.lookups.push(idHash);
    return this.drafts.get(idHash);
  }

  async markConfirmed(draft: Draft, outcome: DraftOutcome, at: string, guardKey: string) {
    const stored = this.drafts.get(draft.idHash);
    if (stored?.status !== 'pending') return;
    this.drafts.set(draft.idHash, { ...stored, status: 'confirmed', confirmedAt: at, outcome });
    if (this.guards.get(guardKey)?.idHash === draft.idHash) this.guards.delete(guardKey);
  }

  async discard(draft: Draft, guardKey: string) {
    if (this.guards.get(guardKey)?.idHash === draft.idHash) this.guards.delete(guardKey);
    this.drafts.delete(draft.idHash);
  }

  snapshot() {
    return JSON.stringify([[...this.drafts], [...this.guards]]);
  }
}

/* ------------------------------------------------------------------ fixtures */

const START = new Date('2026-11-01T00:00:00Z'); // inside the 2026 cycle
const HOUR_MS = 60 * 60 * 1000;

function wiring(publicUrl = 'https://award.example.test') {
  let now = START;
  const clock = { now: () => now };
  const nominations = new MemoryNominations();
  const drafts = new MemoryDrafts();
  const workflow = new RecordingWorkflow();
  const mailer = new RecordingMailer();
  const deps: DraftDeps = {
    nominations,
    drafts,
    workflow,
    notifier: notifierFor(mailer),
    clock,
    ids: randomIds,
    cycles: [cycle2023 as Cycle, cycle2026 as Cycle],
    directory,
    publicUrl,
  };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { deps, nominations, drafts, workflow, mailer, advance };
}

const LINK = /\/drafts\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;

function linkIdIn(mail: OutgoingMail | undefined): string {
  const id = LINK.exec(mail?.text ?? '')?.[1];
  if (!id) throw new Error('no draft link in the mail');
  return id;
}

/** A sample nomination typed in by someone who is not a registered address. */
function typedByStranger(overrides: Record<string, unknown> = {}) {
  return sampleNomination({ submitter: { name: '홍길동', email: 'stranger@example.test' }, ...overrides });
}

/* ------------------------------------------------------------------ tests */

describe('submitDraft', () => {
  it('mails the confirmation link only to the center’s registered addresses, and starts nothing', async () => {
    const { deps, drafts, nominations, workflow, mailer } = wiring('https://award.example.test/');
    const result = await submitDraft(typedByStranger(), deps);

    if (result.alreadyPending) throw new Error('expected a new draft');
    expect(result.center.id).toBe('seoul');
    expect(mailer.sent).toHaveLength(1);
    const mail = mailer.sent[0] as OutgoingMail;
    expect(mail.to).toEqual(['award.seoul@example.test']);
    expect(mail.cc).toBeUndefined();
    expect(JSON.stringify(mail.to)).not.toContain('stranger@example.test');
    expect(mail.subject).toContain('추천서 확정 요청: 김민지');

    const linkId = linkIdIn(mail);
    expect(mail.text).toContain(`https://award.example.test/drafts/${linkId}\n`);
    expect(mail.html).toContain(`href="https://award.example.test/drafts/${linkId}"`);

    // Only the link's hash is stored; the draft's nomination id is fixed now.
    expect(result.draft.idHash).toBe(hashLinkId(linkId));
    expect(drafts.drafts.get(hashLinkId(linkId))).toEqual(result.draft);
    expect(drafts.snapshot()).not.toContain(linkId);
    expect(result.draft).toMatchObject({
      status: 'pending',
      createdAt: START.toISOString(),
      expiresAt: new Date(START.getTime() + 72 * HOUR_MS).toISOString(),
    });
    expect(result.draft.nominationId).toMatch(/^2026-[a-z2-9]{20}$/);
    expect(result.draft.input.submitter.email).toBe('stranger@example.test');

    expect(workflow.calls).toHaveLength(0);
    expect(nominations.items.size).toBe(0);
  });

  it('mails busan’s address for a busan draft, whoever typed it', async () => {
    const { deps, mailer } = wiring();
    await submitDraft(
      typedByStranger({ centerId: 'busan', submitter: { name: 'x', email: 'award.seoul@example.test' } }),
      deps,
    );
    expect(mailer.sent.map((mail) => mail.to)).toEqual([['award.busan@example.test']]);
  });

  it('makes a new link each time', async () => {
    const { deps, mailer } = wiring();
    await submitDraft(typedByStranger(), deps);
    await submitDraft(
      typedByStranger({
        nominee: { ...(sampleNomination().nominee as object), email: 'other@example.test' },
      }),
      deps,
    );
    const [first, second] = mailer.sent.map(linkIdIn);
    expect(first).not.toBe(second);
  });

  it('sends one mail for a double-clicked form', async () => {
    const { deps, drafts, mailer, advance } = wiring();
    const first = await submitDraft(typedByStranger(), deps);
    advance(HOUR_MS);
    const second = await submitDraft(typedByStranger(), deps);
    expect(first.alreadyPending).toBe(false);
    expect(second.alreadyPending).toBe(true);
    // The deadline shown is the pending draft's own, not a fresh one's.
    expect(second.expiresAt).toBe(first.expiresAt);
    expect(mailer.sent).toHaveLength(1);
    expect(drafts.drafts.size).toBe(1);
  });

  it('throws ValidationError and stores and sends nothing for invalid input', async () => {
    const { deps, drafts, mailer, workflow } = wiring();
    const attempt = submitDraft(typedByStranger({ meritDetails: '주민번호 900101-1234567 참고' }), deps);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt.catch(rethrowWorded)).rejects.toMatchObject({
      fields: { meritDetails: expect.stringContaining('주민등록번호') },
    });
    expect(drafts.drafts.size).toBe(0);
    expect(drafts.guards.size).toBe(0);
    expect(mailer.sent).toHaveLength(0);
    expect(workflow.calls).toHaveLength(0);
  });

  it('refuses a closed cycle with ValidationError on cycle', async () => {
    const { deps, drafts } = wiring();
    await expect(
      submitDraft(
        typedByStranger({ cycle: '2023', meritPeriod: { from: '2023-01', to: '2023-10' } }),
        deps,
      ).catch(rethrowWorded),
    ).rejects.toMatchObject({ name: 'ValidationError', fields: { cycle: expect.stringContaining('마감') } });
    expect(drafts.drafts.size).toBe(0);
  });

  it('discards the draft when the mail cannot be sent, so the center can submit again at once', async () => {
    const { deps, drafts, mailer } = wiring();
    mailer.failNext = true;
    await expect(submitDraft(typedByStranger(), deps)).rejects.toBeInstanceOf(TransientError);
    expect(drafts.drafts.size).toBe(0);
    expect(drafts.guards.size).toBe(0);
    const again = await submitDraft(typedByStranger(), deps);
    expect(again.alreadyPending).toBe(false);
    expect(mailer.sent).toHaveLength(1);
    expect(drafts.drafts.get(hashLinkId(linkIdIn(mailer.sent[0])))).toBeDefined();
  });
});

describe('viewDraft', () => {
  it('shows a pending draft and changes nothing', async () => {
    const { deps, drafts, nominations, workflow, mailer } = wiring();
    const submitted = await submitDraft(typedByStranger(), deps);
    if (submitted.alreadyPending) throw new Error('expected a new draft');
    const { draft } = submitted;
    const linkId = linkIdIn(mailer.sent[0]);
    const before = drafts.snapshot();
    for (let i = 0; i < 3; i += 1) {
      const view = await viewDraft(linkId, deps);
      expect(view.draft).toEqual(draft);
      expect(view.center.id).toBe('seoul');
      expect(view.closed).toBeUndefined();
    }
    expect(drafts.snapshot()).toBe(before);
    expect(nominations.items.size).toBe(0);
    expect(workflow.calls).toHaveLength(0);
    expect(mailer.sent).toHaveLength(1);
  });

  it('says when the link is expired or already confirmed', async () => {
    const { deps, mailer, advance } = wiring();
    await submitDraft(typedByStranger(), deps);
    const expiring = linkIdIn(mailer.sent[0]);
    await submitDraft(
      typedByStranger({ nominee: { ...(sampleNomination().nominee as object), email: 'two@example.test' } }),
      deps,
    );
    const confirming = linkIdIn(mailer.sent[1]);
    await confirmDraft(confirming, deps);
    expect((await viewDraft(confirming, deps)).closed).toBe('confirmed');
    advance(72 * HOUR_MS);
    expect((await viewDraft(expiring, deps)).closed).toBe('expired');
    // A confirmed draft stays "confirmed" after its expiry.
    expect((await viewDraft(confirming, deps)).closed).toBe('confirmed');
  });
});

describe('confirmDraft', () => {
  it('stores the nomination under the draft’s id and starts its workflow once', async () => {
    const { deps, drafts, nominations, workflow, mailer, advance } = wiring();
    const submitted = await submitDraft(typedByStranger(), deps);
    if (submitted.alreadyPending) throw new Error('expected a new draft');
    const { draft } = submitted;
    const linkId = linkIdIn(mailer.sent[0]);
    advance(HOUR_MS);
    const confirmed = await confirmDraft(linkId, deps);

    expect(confirmed.outcome).toBe('created');
    expect(confirmed.alreadyConfirmed).toBe(false);
    const nomination = confirmed.outcome === 'created' ? confirmed.nomination : undefined;
    expect(nomination?.id).toBe(draft.nominationId);
    expect(workflow.calls).toEqual([draft.nominationId]);
    expect(nominations.items.get(draft.nominationId)).toMatchObject({
      stage: 'submitted',
      source: { channel: 'web', confirmedBy: 'registered_address' },
      centerName: '서울고용복지플러스센터',
      createdAt: new Date(START.getTime() + HOUR_MS).toISOString(),
      // Consent was given with the submission, not with the click.
      consentAt: START.toISOString(),
    });
    const history = await nominations.history(draft.nominationId);
    expect(history).toEqual([
      expect.objectContaining({ type: 'submitted', actor: expect.stringContaining('서울') }),
    ]);
    expect(drafts.drafts.get(draft.idHash)).toMatchObject({
      status: 'confirmed',
      outcome: 'created',
      confirmedAt: new Date(START.getTime() + HOUR_MS).toISOString(),
    });
    // Confirming sends no mail of its own (the receipt comes from the workflow).
    expect(mailer.sent).toHaveLength(1);
  });

  it('answers a second confirmation with alreadyConfirmed and creates nothing new', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    const submitted = await submitDraft(typedByStranger(), deps);
    if (submitted.alreadyPending) throw new Error('expected a new draft');
    const { draft } = submitted;
    const linkId = linkIdIn(mailer.sent[0]);
    await confirmDraft(linkId, deps);
    const again = await confirmDraft(linkId, deps);
    expect(again).toMatchObject({ outcome: 'created', alreadyConfirmed: true });
    expect(again.outcome === 'created' && again.nomination.id).toBe(draft.nominationId);
    expect(nominations.items.size).toBe(1);
    expect(await nominations.history(draft.nominationId)).toHaveLength(1);
    expect(workflow.executions).toEqual(new Set([draft.nominationId]));
  });

  it('starts nothing on a late click once the workflow has moved the nomination on', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    const submitted = await submitDraft(typedByStranger(), deps);
    if (submitted.alreadyPending) throw new Error('expected a new draft');
    const { draft } = submitted;
    const linkId = linkIdIn(mailer.sent[0]);
    await confirmDraft(linkId, deps);
    const stored = nominations.items.get(draft.nominationId) as Nomination;
    await nominations.changeStage(stored, 'center_review', {
      type: 'stage_changed',
      at: START.toISOString(),
      actor: 'workflow',
      from: 'submitted',
      to: 'center_review',
    });
    expect(await confirmDraft(linkId, deps)).toMatchObject({ outcome: 'created', alreadyConfirmed: true });
    expect(workflow.calls).toHaveLength(1);
  });

  it('frees the nominee after confirming: a new draft can be made, and confirming it is a duplicate', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    await submitDraft(typedByStranger(), deps);
    await confirmDraft(linkIdIn(mailer.sent[0]), deps);
    const second = await submitDraft(typedByStranger(), deps);
    expect(second.alreadyPending).toBe(false);
    expect(mailer.sent).toHaveLength(2);
    const linkId = linkIdIn(mailer.sent[1]);
    expect(await confirmDraft(linkId, deps)).toEqual({ outcome: 'duplicate', alreadyConfirmed: false });
    expect(await confirmDraft(linkId, deps)).toEqual({ outcome: 'duplicate', alreadyConfirmed: true });
    expect(nominations.items.size).toBe(1);
    expect(workflow.executions.size).toBe(1);
  });

  it('refuses an expired draft with DraftExpired, and the nominee may be submitted again', async () => {
    const { deps, drafts, nominations, workflow, mailer, advance } = wiring();
    const submitted = await submitDraft(typedByStranger(), deps);
    if (submitted.alreadyPending) throw new Error('expected a new draft');
    const { draft } = submitted;
    const linkId = linkIdIn(mailer.sent[0]);
    advance(72 * HOUR_MS - 1);
    expect((await viewDraft(linkId, deps)).closed).toBeUndefined();
    advance(1);
    await expect(confirmDraft(linkId, deps)).rejects.toBeInstanceOf(DraftExpired);
    expect(nominations.items.size).toBe(0);
    expect(workflow.calls).toHaveLength(0);
    expect(drafts.drafts.get(draft.idHash)?.status).toBe('pending');
    advance(1);
    expect((await submitDraft(typedByStranger(), deps)).alreadyPending).toBe(false);
    expect(mailer.sent).toHaveLength(2);
  });

  it.each([
    ['an unknown well-formed link', () => randomIds.linkId(), true],
    ['a short link', () => 'abc', false],
    ['a link one character too long', () => `${randomIds.linkId()}A`, false],
    ['a link with a path in it', () => `../${'A'.repeat(40)}`, false],
    ['a link with a space', () => `${'A'.repeat(42)} `, false],
    ['an empty link', () => '', false],
  ])('answers %s with DraftNotFound', async (_name, makeLinkId, looksUp) => {
    const { deps, drafts, nominations, workflow } = wiring();
    await submitDraft(typedByStranger(), deps);
    const linkId = makeLinkId();
    await expect(viewDraft(linkId, deps)).rejects.toBeInstanceOf(DraftNotFound);
    await expect(confirmDraft(linkId, deps)).rejects.toBeInstanceOf(DraftNotFound);
    expect(drafts.lookups).toHaveLength(looksUp ? 2 : 0);
    expect(nominations.items.size).toBe(0);
    expect(workflow.calls).toHaveLength(0);
  });

  it('does not accept the stored hash in place of the link', async () => {
    const { deps, mailer } = wiring();
    await submitDraft(typedByStranger(), deps);
    const hash = hashLinkId(linkIdIn(mailer.sent[0]));
    await expect(confirmDraft(hash, deps)).rejects.toBeInstanceOf(DraftNotFound);
  });
});
