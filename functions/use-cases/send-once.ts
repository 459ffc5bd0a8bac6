import { randomUUID } from 'node:crypto';
import { MailInFlight } from '../domain/errors';
import { MAIL_TAGS, tagValue } from '../domain/mail-events';
import type { SentMailLog } from '../domain/ports';
import type { ReviewStage } from '../domain/stages';
import type { NotificationKind, NotificationOf, Notifier } from './notification';

/**
 * The message tags of a nomination's mail (SES EmailTags): bounce and complaint events carry them
 * back to functions/mail-events.ts. `mail` names the mail (its send-once key, e.g. `reminder:<hash>:2`,
 * or `request` for the first approval request); `stage` the review stage it asks a decision of.
 */
export function nominationMailTags(
  nominationId: string,
  mail: string,
  stage?: ReviewStage,
): Readonly<Record<string, string>> {
  return {
    [MAIL_TAGS.nomination]: tagValue(nominationId),
    [MAIL_TAGS.mail]: tagValue(mail),
    ...(stage ? { [MAIL_TAGS.stage]: stage } : {}),
  };
}

/**
 * Sends a one-off mail once per key (the log's partition is the nomination, or a cycle's own id)
 * across retried steps (a send cut off midway may repeat after its lease: at least once beats
 * never). `compose` runs only when the mail is due, and may find there is nothing to send
 * (`undefined`: the key is given back). Returns whether this call sent it. While another attempt
 * may still be sending it: a workflow step throws MailInFlight so it is retried (`inFlight:
 * 'retry'`, the default); a periodic sweep skips it (`'skip'`, the next sweep looks again). The
 * mail is tagged with the log's id, the key and, where given, the review stage it is about.
 */
export async function sendOnce<K extends NotificationKind>(
  deps: { readonly sentMail: SentMailLog; readonly notifier: Notifier<K> },
  nominationId: string,
  key: string,
  compose: () => NotificationOf<K> | undefined | Promise<NotificationOf<K> | undefined>,
  about: { readonly stage?: ReviewStage; readonly inFlight?: 'retry' | 'skip' } = {},
): Promise<boolean> {
  const state = await deps.sentMail.begin(nominationId, key, randomUUID());
  if (state === 'sent') return false;
  if (state === 'in_flight') {
    if (about.inFlight === 'skip') return false;
    throw new MailInFlight(`Mail ${key} of ${nominationId} is being sent by another attempt`);
  }
  try {
    const notification = await compose();
    if (!notification) {
      await deps.sentMail.abandon(nominationId, key);
      return false;
    }
    await deps.notifier.send({
      ...notification,
      tags: { ...notification.tags, ...nominationMailTags(nominationId, key, about.stage) },
    });
  } catch (error) {
    await deps.sentMail.abandon(nominationId, key);
    throw error;
  }
  await deps.sentMail.finish(nominationId, key);
  return true;
}
