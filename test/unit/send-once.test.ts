import { MailInFlight } from '../../functions/domain/errors';
import { sendOnce } from '../../functions/use-cases/send-once';
import { MemorySentMail, notifierFor, RecordingMailer } from '../support/fakes';

const mail = {
  kind: 'unregisteredSender' as const,
  to: ['someone@example.test'],
  model: { intakeAddress: 'nominations@example.test' },
};

function wiring() {
  const mailer = new RecordingMailer();
  return {
    mailer,
    sentMail: new MemorySentMail(),
    deps: { sentMail: new MemorySentMail(), notifier: notifierFor(mailer) },
  };
}

describe('sendOnce', () => {
  it('sends once per key however often it is asked', async () => {
    const { deps, mailer } = wiring();
    expect(await sendOnce(deps, 'N-1', 'receipt', () => mail)).toBe(true);
    expect(await sendOnce(deps, 'N-1', 'receipt', () => mail)).toBe(false);
    expect(mailer.sent).toHaveLength(1);
  });

  it('gives the key back when there turns out to be nothing to send, so a later call sends', async () => {
    const { deps, mailer } = wiring();
    expect(await sendOnce(deps, 'DIGEST', 'day-1', () => undefined)).toBe(false);
    expect(deps.sentMail.state.size).toBe(0);
    expect(await sendOnce(deps, 'DIGEST', 'day-1', () => mail)).toBe(true);
    expect(mailer.sent).toHaveLength(1);
  });

  it('while another attempt holds the key: a workflow step throws MailInFlight, a sweep skips', async () => {
    const { deps, mailer } = wiring();
    await deps.sentMail.begin('N-2', 'k', 'another-attempt');
    await expect(sendOnce(deps, 'N-2', 'k', () => mail)).rejects.toBeInstanceOf(MailInFlight);
    expect(await sendOnce(deps, 'N-2', 'k', () => mail, { inFlight: 'skip' })).toBe(false);
    expect(mailer.sent).toEqual([]);
  });
});
