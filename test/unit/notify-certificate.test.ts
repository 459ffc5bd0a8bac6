import { shippedConfig } from '../../functions/adapters/config';
import { randomIds } from '../../functions/adapters/random-ids';
import { certificateKey } from '../../functions/contracts/certificates';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import type { Stage } from '../../functions/domain/stages';
import { notifyOutcome } from '../../functions/use-cases/notify-outcome';
import {
  MemoryCertificates,
  MemoryLinkKey,
  MemoryNominations,
  MemorySentMail,
  mailing,
  RecordingMailer,
} from '../support/fakes';
import { sampleNomination } from '../support/sample';

const ID = '2026-abcdefghijkmnpqrstuv';
const PDF = new TextEncoder().encode('%PDF-1.7 test');

async function wiring(stage: Stage, name = '김민지') {
  const nominations = new MemoryNominations();
  const base = sampleNomination({ cycle: '2026' }) as unknown as NominationInput;
  const nomination: Nomination = {
    ...base,
    nominee: { ...base.nominee, name },
    id: ID,
    stage,
    version: 4,
    createdAt: '2026-09-01T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
  };
  await nominations.create(nomination, 'k', { type: 'submitted', at: nomination.createdAt, actor: 'x' });
  return {
    nominations,
    certificates: new MemoryCertificates(),
    sentMail: new MemorySentMail(),
    ...mailing(new RecordingMailer()),
    clock: { now: () => new Date('2026-11-27T00:00:00.000Z') },
    publicUrl: 'http://localhost:3000',
    linkKey: new MemoryLinkKey(),
    ids: randomIds,
    ...shippedConfig(),
  };
}

describe('notifyOutcome and the certificate', () => {
  test('the awardee mail attaches the stored 표창장 under a safe file name', async () => {
    const deps = await wiring('minister_approval', '김/민지\r\n');
    await deps.certificates.put(certificateKey('2026', ID), PDF);
    await notifyOutcome({ nominationId: ID, outcome: 'awarded' }, deps);
    const [mail] = deps.mailer.sent;
    expect(mail?.attachments).toEqual([
      { filename: '표창장_김_민지.pdf', contentType: 'application/pdf', content: PDF },
    ]);
  });

  test('without a stored certificate (an execution older than the step) the mail still goes out, without it', async () => {
    const deps = await wiring('minister_approval');
    await notifyOutcome({ nominationId: ID, outcome: 'awarded' }, deps);
    expect(deps.mailer.sent).toHaveLength(1);
    expect(deps.mailer.sent[0]?.attachments).toBeUndefined();
    expect(deps.mailer.sent[0]?.text).not.toContain('첨부');
  });

  test('rejection and return mails carry nothing and read no certificate', async () => {
    const deps = await wiring('hq_review');
    await deps.certificates.put(certificateKey('2026', ID), PDF);
    const get = jest.spyOn(deps.certificates, 'get');
    await notifyOutcome({ nominationId: ID, outcome: 'rejected', decision: { stage: 'hq_review' } }, deps);
    expect(deps.mailer.sent[0]?.attachments).toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });
});
