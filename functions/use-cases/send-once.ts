import type { Mailer, OutgoingMail, SentMailLog } from '../domain/ports';

/**
 * Sends a one-off mail of a nomination at most once per key across retried workflow steps (a
 * send cut off midway may repeat: at least once beats never). `compose` runs only when the mail
 * is due. Returns whether this call sent it.
 */
export async function sendOnce(
  deps: { readonly sentMail: SentMailLog; readonly mailer: Mailer },
  nominationId: string,
  key: string,
  compose: () => OutgoingMail | Promise<OutgoingMail>,
): Promise<boolean> {
  if (!(await deps.sentMail.begin(nominationId, key))) return false;
  try {
    await deps.mailer.send(await compose());
  } catch (error) {
    await deps.sentMail.abandon(nominationId, key);
    throw error;
  }
  await deps.sentMail.finish(nominationId, key);
  return true;
}
