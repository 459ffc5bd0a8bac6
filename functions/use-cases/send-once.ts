import { randomUUID } from 'node:crypto';
import { MailInFlight } from '../domain/errors';
import type { Mailer, OutgoingMail, SentMailLog } from '../domain/ports';

/**
 * Sends a one-off mail of a nomination once per key across retried workflow steps (a send cut
 * off midway may repeat after its lease: at least once beats never). `compose` runs only when the
 * mail is due. Returns whether this call sent it; throws MailInFlight while another attempt may
 * still be sending it, so the step is retried rather than finishing without the mail.
 */
export async function sendOnce(
  deps: { readonly sentMail: SentMailLog; readonly mailer: Mailer },
  nominationId: string,
  key: string,
  compose: () => OutgoingMail | Promise<OutgoingMail>,
): Promise<boolean> {
  const state = await deps.sentMail.begin(nominationId, key, randomUUID());
  if (state === 'sent') return false;
  if (state === 'in_flight')
    throw new MailInFlight(`Mail ${key} of ${nominationId} is being sent by another attempt`);
  try {
    await deps.mailer.send(await compose());
  } catch (error) {
    await deps.sentMail.abandon(nominationId, key);
    throw error;
  }
  await deps.sentMail.finish(nominationId, key);
  return true;
}
