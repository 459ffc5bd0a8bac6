import {
  APPROVER_MAIL_BOUNCED,
  APPROVER_MAIL_KINDS,
  isPermanentBounce,
  type MailEvent,
  mailEventKey,
  mailKind,
  mailSubject,
} from '../domain/mail-events';
import { type AuditEvent, SES_ACTOR } from '../domain/nomination';
import type { Clock, MailEventLog, NominationReader, SuppressionList } from '../domain/ports';
import type { ReviewStage } from '../domain/stages';

export interface RecordMailEventDeps {
  readonly nominations: Pick<NominationReader, 'get'>;
  readonly mailEvents: MailEventLog;
  readonly suppressions: SuppressionList;
  readonly clock: Clock;
}

export type RecordMailEventResult =
  | {
      readonly outcome: 'recorded' | 'duplicate';
      readonly type: MailEvent['type'];
      readonly nominationId: string;
      /** Set when an approver's address bounced while their stage waits: the nomination is marked. */
      readonly approverBounced?: ReviewStage;
      /** Addresses newly suppressed (complaints). */
      readonly suppressed: number;
    }
  /** Not about a nomination we know (an intake reply, a mail of a purged nomination): only suppression applies. */
  | { readonly outcome: 'no_nomination'; readonly type: MailEvent['type']; readonly suppressed: number };

/**
 * One SES event about a sent mail: recorded once in the nomination's audit trail. A permanent bounce
 * of a mail asking an approver to decide, while that stage still waits, marks the nomination for an
 * operator (the stage keeps waiting: ops fix the directory and resend the link). A complaint
 * suppresses the complaining address for all further mail, whatever the mail was about.
 */
export async function recordMailEvent(
  event: MailEvent,
  deps: RecordMailEventDeps,
): Promise<RecordMailEventResult> {
  let suppressed = 0;
  if (event.type === 'complaint') {
    const subject = mailSubject(event);
    for (const address of event.recipients) {
      await deps.suppressions.suppress({
        address,
        reason: 'complaint',
        at: event.at,
        ...(subject ? { nominationId: subject.nominationId } : {}),
      });
      suppressed++;
    }
  }

  const subject = mailSubject(event);
  const nomination = subject ? await deps.nominations.get(subject.nominationId) : undefined;
  if (!subject || !nomination) return { outcome: 'no_nomination', type: event.type, suppressed };

  const about = {
    at: event.at,
    actor: SES_ACTOR,
    mail: subject.mail,
    ...(subject.stage ? { stage: subject.stage } : {}),
  };
  const approverBounced =
    isPermanentBounce(event) &&
    subject.stage !== undefined &&
    APPROVER_MAIL_KINDS.includes(mailKind(subject.mail)) &&
    nomination.stage === subject.stage
      ? subject.stage
      : undefined;

  let audit: AuditEvent;
  switch (event.type) {
    case 'bounce':
      audit = {
        type: 'mail_bounced',
        ...about,
        recipients: event.recipients,
        bounceType: event.bounceType,
        bounceSubType: event.bounceSubType,
        attention: approverBounced !== undefined,
      };
      break;
    case 'complaint':
      audit = { type: 'mail_complained', ...about, recipients: event.recipients };
      break;
    case 'delivery':
      audit = { type: 'mail_delivered', ...about, recipients: event.recipients };
      break;
  }

  const attention = approverBounced
    ? {
        error: APPROVER_MAIL_BOUNCED,
        cause:
          `The ${subject.mail} mail of stage ${approverBounced} bounced (${event.type === 'bounce' ? event.bounceSubType : ''}): ` +
          'correct the approver address in the directory, then resend the approval link.',
        at: deps.clock.now().toISOString(),
      }
    : undefined;
  const outcome = await deps.mailEvents.recordOnce(nomination, audit, mailEventKey(event), attention);
  return {
    outcome,
    type: event.type,
    nominationId: nomination.id,
    ...(approverBounced && outcome === 'recorded' ? { approverBounced } : {}),
    suppressed,
  };
}

/** Lifts the suppression of an address (ops): false when it was not suppressed. */
export function unsuppressAddress(
  address: string,
  deps: { readonly suppressions: SuppressionList },
): Promise<boolean> {
  return deps.suppressions.clear(address);
}
