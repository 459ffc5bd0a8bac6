import { createHash } from 'node:crypto';
import { isReviewStage, type ReviewStage } from './stages';

/**
 * SES's sending events (bounce, complaint, delivery), as the configuration set publishes them to
 * EventBridge: `detail-type` "Email Bounced" / "Email Complaint Received" / "Email Delivered",
 * `detail` the SES event record (`eventType`, `mail`, and `bounce`, `complaint` or `delivery`).
 * Pure: parsing, the message tags our mails carry, and what an event means for a nomination.
 */

/** The message tags every nomination mail carries (functions/use-cases/send-once.ts sets them). */
export const MAIL_TAGS = { nomination: 'nomination', mail: 'mail', stage: 'stage' } as const;

/** SES accepts tag names and values of letters, digits, _ and - only, at most 256 characters. */
export function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}

/** The kind of a mail, from its `mail` tag: the part before the first `_` (`reminder_<hash>_2` -> `reminder`). */
export function mailKind(mailTag: string): string {
  return mailTag.split('_')[0] ?? '';
}

/** Mails that ask an approver to decide: one that does not arrive leaves the stage waiting in silence. */
export const APPROVER_MAIL_KINDS: readonly string[] = [
  'request',
  'reminder',
  'escalation',
  'delegation',
  'resend',
];

export type BounceType = 'Permanent' | 'Transient' | 'Undetermined';

interface MailEventBase {
  /** SES's id of the mail the event is about. */
  readonly messageId: string;
  /** When SES saw the event (ISO 8601). */
  readonly at: string;
  /** Message tags of the mail, first value of each. */
  readonly tags: Readonly<Record<string, string>>;
}

export type MailEvent =
  | (MailEventBase & {
      readonly type: 'bounce';
      readonly bounceType: BounceType;
      readonly bounceSubType: string;
      readonly recipients: readonly string[];
      /** The receiving server's answer, when SES got one (kept short). */
      readonly diagnostic?: string;
    })
  | (MailEventBase & {
      readonly type: 'complaint';
      readonly recipients: readonly string[];
      readonly feedbackType?: string;
    })
  | (MailEventBase & { readonly type: 'delivery'; readonly recipients: readonly string[] });

export type ParsedMailEvent =
  | { readonly ok: true; readonly event: MailEvent }
  | { readonly ok: false; readonly reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

function isoTime(value: unknown, fallback: unknown): string | undefined {
  for (const candidate of [value, fallback]) {
    const raw = text(candidate);
    if (raw && !Number.isNaN(Date.parse(raw))) return new Date(raw).toISOString();
  }
  return undefined;
}

function addresses(list: unknown, field?: string): string[] {
  if (!Array.isArray(list)) return [];
  const found = list
    .map((entry) => (field ? (isObject(entry) ? entry[field] : undefined) : entry))
    .map(text)
    .filter((entry): entry is string => entry !== undefined)
    .map((entry) => /<([^<>]+)>\s*$/.exec(entry)?.[1] ?? entry.trim());
  return [...new Set(found)];
}

function firstTagValues(tags: unknown): Record<string, string> {
  if (!isObject(tags)) return {};
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(tags)) {
    const first = Array.isArray(values) ? text(values[0]) : text(values);
    if (first) result[name] = first;
  }
  return result;
}

/**
 * An SES event as EventBridge delivers it (the envelope with `detail`), or the bare SES record
 * (`eventType` at the top, as SNS delivers it). Anything else is `ok: false` with a reason.
 */
export function parseSesEvent(input: unknown): ParsedMailEvent {
  if (!isObject(input)) return { ok: false, reason: 'not an object' };
  const record = isObject(input.detail) ? input.detail : input;
  const eventType = text(record.eventType) ?? text(record.notificationType);
  const mail = record.mail;
  if (!isObject(mail)) return { ok: false, reason: 'no mail object' };
  const messageId = text(mail.messageId);
  if (!messageId) return { ok: false, reason: 'no mail.messageId' };
  const tags = firstTagValues(mail.tags);
  const base = { messageId, tags };

  switch (eventType) {
    case 'Bounce': {
      const bounce = record.bounce;
      if (!isObject(bounce)) return { ok: false, reason: 'Bounce without bounce object' };
      const recipients = addresses(bounce.bouncedRecipients, 'emailAddress');
      const at = isoTime(bounce.timestamp, mail.timestamp);
      if (recipients.length === 0 || !at) return { ok: false, reason: 'Bounce without recipients or time' };
      const bounceType = text(bounce.bounceType);
      const diagnostic = Array.isArray(bounce.bouncedRecipients)
        ? bounce.bouncedRecipients
            .map((entry) => (isObject(entry) ? text(entry.diagnosticCode) : undefined))
            .find(Boolean)
        : undefined;
      return {
        ok: true,
        event: {
          ...base,
          type: 'bounce',
          at,
          bounceType: bounceType === 'Permanent' || bounceType === 'Transient' ? bounceType : 'Undetermined',
          bounceSubType: text(bounce.bounceSubType) ?? 'Undetermined',
          recipients,
          ...(diagnostic ? { diagnostic: diagnostic.slice(0, 500) } : {}),
        },
      };
    }
    case 'Complaint': {
      const complaint = record.complaint;
      if (!isObject(complaint)) return { ok: false, reason: 'Complaint without complaint object' };
      const recipients = addresses(complaint.complainedRecipients, 'emailAddress');
      const at = isoTime(complaint.timestamp, mail.timestamp);
      if (recipients.length === 0 || !at)
        return { ok: false, reason: 'Complaint without recipients or time' };
      const feedbackType = text(complaint.complaintFeedbackType);
      return {
        ok: true,
        event: { ...base, type: 'complaint', at, recipients, ...(feedbackType ? { feedbackType } : {}) },
      };
    }
    case 'Delivery': {
      const delivery = record.delivery;
      if (!isObject(delivery)) return { ok: false, reason: 'Delivery without delivery object' };
      const recipients = addresses(delivery.recipients);
      const at = isoTime(delivery.timestamp, mail.timestamp);
      if (recipients.length === 0 || !at) return { ok: false, reason: 'Delivery without recipients or time' };
      return { ok: true, event: { ...base, type: 'delivery', at, recipients } };
    }
    default:
      return {
        ok: false,
        reason: `event type ${JSON.stringify(eventType ?? null).slice(0, 40)} not handled`,
      };
  }
}

/** What an event is about: the nomination, the mail (its `mail` tag) and, where tagged, the stage. */
export function mailSubject(
  event: MailEvent,
): { nominationId: string; mail: string; stage?: ReviewStage } | undefined {
  const nominationId = event.tags[MAIL_TAGS.nomination];
  if (!nominationId) return undefined;
  const stage = event.tags[MAIL_TAGS.stage];
  return {
    nominationId,
    mail: event.tags[MAIL_TAGS.mail] ?? 'unknown',
    ...(stage && isReviewStage(stage) ? { stage } : {}),
  };
}

/** Whether a bounce means the address will not take mail (not a full mailbox or a passing refusal). */
export function isPermanentBounce(event: MailEvent): boolean {
  return event.type === 'bounce' && event.bounceType === 'Permanent';
}

/**
 * The same SES event delivered again (EventBridge is at least once) has the same key: the event
 * type, the message and its recipients.
 */
export function mailEventKey(event: MailEvent): string {
  const recipients = [...event.recipients].map((address) => address.toLowerCase()).sort();
  return createHash('sha256')
    .update([event.type, event.messageId, ...recipients].join('\n'), 'utf8')
    .digest('hex')
    .slice(0, 32);
}

/** An address as a suppression is keyed: SHA-256 of the trimmed, lower-cased address. */
export function addressKey(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase(), 'utf8').digest('hex');
}

/** The error name of the attention note of an approver address that bounced. */
export const APPROVER_MAIL_BOUNCED = 'ApproverMailBounced';
