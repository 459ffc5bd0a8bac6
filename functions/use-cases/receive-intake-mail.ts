import { createHash } from 'node:crypto';
import { attachmentKey } from '../contracts/intake';
import {
  type AttachmentProblem,
  attachmentExtension,
  checkAttachments,
  safeStorageName,
  WITHHELD_NAME,
} from '../domain/attachments';
import { centersOf, findCenter, isRegisteredAddress } from '../domain/cycle';
import { type FieldProblem, ValidationError } from '../domain/errors';
import type { StoredAttachment } from '../domain/nomination';
import type { MailStore, SentMailLog } from '../domain/ports';
import { containsResidentRegistrationNumber } from '../domain/privacy';
import { validateNomination } from '../domain/validation';
import type { NotificationOf, Notifier } from './notification';
import { sendOnce } from './send-once';
import { type StartDeps, startNomination } from './start-nomination';

/** The receipt verdicts SES stamps on a received mail (receipt.spfVerdict and so on). */
export interface MailVerdicts {
  readonly spf: string;
  readonly dkim: string;
  readonly dmarc: string;
  readonly spam: string;
  readonly virus: string;
}

/** A received mail, decoded by the intake adapter. */
export interface ReceivedMail {
  /** The Message-ID header (the same when a mail is delivered twice), else SES's own id. */
  readonly messageId: string;
  readonly from?: { readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly size: number;
    readonly content: Uint8Array;
  }[];
  readonly verdicts: MailVerdicts;
}

/** The plain-text template of intake mails (adapters/mail-template.ts). */
export interface IntakeTemplate {
  parse(text: string, sender: string): { raw: Record<string, unknown>; errors: Record<string, string> };
  /** The label a validation error's field path is reported by. */
  labelFor(fieldPath: string): string;
  /** A blank template to copy into a new mail. */
  blank(): string;
}

/**
 * One reason an intake mail did not become a nomination; the intakeProblems mail words each
 * (views/messages.ts). `label` is the template's name of the field (IntakeTemplate.labelFor).
 */
export type IntakeProblem =
  /** The subject carries what looks like a resident registration number. */
  | { readonly code: 'subject_rrn' }
  /** A file name does. */
  | { readonly code: 'filename_rrn' }
  | { readonly code: 'attachment'; readonly problem: AttachmentProblem }
  /** A template line the template adapter could not read, in its own words. */
  | { readonly code: 'template'; readonly label: string; readonly text: string }
  | { readonly code: 'field'; readonly label: string; readonly problem: FieldProblem }
  /** The sender is no registered address of the center the mail names. */
  | { readonly code: 'not_this_center'; readonly label: string }
  | { readonly code: 'sender_unverified' }
  | { readonly code: 'already_submitted' };

/** A reply to the sender of intake mail, before it is addressed. */
type IntakeReply =
  | Omit<NotificationOf<'intakeProblems'>, 'to'>
  | Omit<NotificationOf<'unregisteredSender'>, 'to'>;

export interface IntakeDeps extends StartDeps {
  readonly mailStore: MailStore;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'intakeProblems' | 'unregisteredSender'>;
  readonly template: IntakeTemplate;
}

export type IntakeOutcome =
  | 'created'
  /** The same mail delivered again: nothing new, no second receipt or reply. */
  | 'redelivered'
  | 'duplicate'
  | 'refused'
  | 'unregistered'
  | 'unverified'
  /** Spam, virus, or no sender: dropped without a word (no backscatter). */
  | 'dropped';

const PASS = 'PASS';

/** SHA-256 of the Message-ID: recognises the same mail without storing the header. */
export function messageKeyOf(messageId: string): string {
  return createHash('sha256').update(messageId.trim(), 'utf8').digest('hex');
}

/**
 * A mail to the intake address becomes a nomination when its sender is a registered address of
 * the center it names, SES's SPF, DKIM and DMARC verdicts pass, and the template is valid; then it
 * starts at once (the receipt with the status link goes out from the workflow's first step). A bad
 * mail gets one Korean reply listing each problem by label; an unregistered sender one polite
 * reply; replies only where SPF passed, so forged senders get no backscatter. The same mail
 * delivered twice (same Message-ID) yields one nomination and at most one reply.
 */
export async function receiveIntakeMail(
  mail: ReceivedMail,
  deps: IntakeDeps,
): Promise<{ outcome: IntakeOutcome; nominationId?: string }> {
  const { verdicts } = mail;
  const sender = mail.from?.address;
  if (!sender || verdicts.spam === 'FAIL' || verdicts.virus === 'FAIL') return { outcome: 'dropped' };
  const messageKey = messageKeyOf(mail.messageId);
  // Replies go to the From address: only where SPF passed and DMARC tied the From domain to it
  // (SPF alone vouches for the envelope sender), so a forged From gets no backscatter.
  const canReply = verdicts.spf === PASS && verdicts.dmarc === PASS;
  const reply = async (compose: () => IntakeReply) => {
    if (!canReply) return;
    // One reply per mail, however often it is delivered or the handler retried.
    await sendOnce(deps, `INTAKE-${messageKey.slice(0, 40)}`, 'reply', () => ({
      ...compose(),
      to: [sender],
    }));
  };
  // The reply names the mail by its subject, unless that carries what must never be mailed.
  const subject = containsResidentRegistrationNumber(mail.subject) ? '' : mail.subject.slice(0, 80);
  const problemsMail = (problems: readonly IntakeProblem[]): IntakeReply => ({
    kind: 'intakeProblems',
    model: { subject, problems, template: deps.template.blank() },
  });
  const refuse = async (problems: readonly IntakeProblem[]) => {
    await reply(() => problemsMail(problems));
    return { outcome: 'refused' as const };
  };

  const centers = centersOf(deps.directory, sender);
  if (centers.length === 0) {
    await reply(() => ({
      kind: 'unregisteredSender',
      model: { intakeAddress: deps.directory.intakeAddress },
    }));
    return { outcome: 'unregistered' };
  }
  if (verdicts.spf !== PASS || verdicts.dkim !== PASS || verdicts.dmarc !== PASS) {
    await reply(() => problemsMail([{ code: 'sender_unverified' }]));
    return { outcome: 'unverified' };
  }

  const problems: IntakeProblem[] = [];
  if (containsResidentRegistrationNumber(mail.subject)) problems.push({ code: 'subject_rrn' });
  if (mail.attachments.some((file) => containsResidentRegistrationNumber(file.filename))) {
    problems.push({ code: 'filename_rrn' });
  }
  // The policy's messages name each file: never by a name that carries a registration number.
  const nameable = mail.attachments.map((file) =>
    containsResidentRegistrationNumber(file.filename)
      ? { ...file, filename: `${WITHHELD_NAME}.${attachmentExtension(file.filename)}` }
      : file,
  );
  problems.push(
    ...checkAttachments(nameable).errors.map((problem) => ({ code: 'attachment' as const, problem })),
  );

  const parsed = deps.template.parse(mail.text, sender);
  for (const [label, text] of Object.entries(parsed.errors)) problems.push({ code: 'template', label, text });
  // A sender registered for one center may leave 추천센터 out.
  if (parsed.raw.centerId === undefined && centers.length === 1) parsed.raw.centerId = centers[0]?.id;
  const center =
    typeof parsed.raw.centerId === 'string' ? findCenter(deps.directory, parsed.raw.centerId) : undefined;
  if (center && !isRegisteredAddress(center, sender)) {
    problems.push({ code: 'not_this_center', label: deps.template.labelFor('centerId') });
  }

  let input: ReturnType<typeof validateNomination> | undefined;
  try {
    input = validateNomination(parsed.raw, {
      cycles: deps.cycles,
      directory: deps.directory,
      now: deps.clock.now(),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [path, problem] of Object.entries(error.fields)) {
      const label = deps.template.labelFor(path);
      // One line per label: what the template or the center check said about it already stands.
      if (!problems.some((known) => 'label' in known && known.label === label)) {
        problems.push({ code: 'field', label, problem });
      }
    }
  }
  if (problems.length > 0 || !input) return refuse(problems);

  // Attachments are keyed by the mail, so a redelivery writes the same objects again.
  const attachments: StoredAttachment[] = [];
  for (const [index, file] of mail.attachments.entries()) {
    const key = attachmentKey(messageKey, index + 1, safeStorageName(file.filename));
    await deps.mailStore.putAttachment(key, file.content, file.contentType);
    attachments.push({ filename: file.filename, contentType: file.contentType, size: file.size, key });
  }
  // Files of a mail that started nothing are not kept.
  const discardAttachments = () =>
    Promise.all(attachments.map((file) => deps.mailStore.deleteAttachment(file.key)));
  try {
    const result = await startNomination(
      {
        input,
        // A fresh random id: it is the status page's secret, so never derived from the mail.
        nominationId: deps.ids.nominationId(input.cycle),
        source: { channel: 'email', messageKey },
        actor: sender,
        attachments,
      },
      deps,
    );
    if (result.outcome === 'created') {
      // The same mail again (redelivery, a retried handler) finds what its first delivery stored.
      return {
        outcome: result.alreadyStored ? 'redelivered' : 'created',
        nominationId: result.nomination.id,
      };
    }
    await discardAttachments();
    await reply(() => problemsMail([{ code: 'already_submitted' }]));
    return { outcome: 'duplicate' };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await discardAttachments();
    return refuse(
      Object.entries(error.fields).map(([path, problem]) => ({
        code: 'field' as const,
        label: deps.template.labelFor(path),
        problem,
      })),
    );
  }
}
