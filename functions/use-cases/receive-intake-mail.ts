import { createHash } from 'node:crypto';
import { attachmentKey } from '../contracts/intake';
import { attachmentExtension, checkAttachments, safeStorageName } from '../domain/attachments';
import { centersOf, findCenter, isRegisteredAddress } from '../domain/cycle';
import { ValidationError } from '../domain/errors';
import { newNominationId } from '../domain/ids';
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
  const problemsMail = (problems: readonly string[]): IntakeReply => ({
    kind: 'intakeProblems',
    model: { subject, problems, template: deps.template.blank() },
  });
  const refuse = async (problems: readonly string[]) => {
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
    await reply(() => problemsMail([SENDER_UNVERIFIED]));
    return { outcome: 'unverified' };
  }

  const problems: string[] = [];
  if (containsResidentRegistrationNumber(mail.subject)) problems.push(`제목: ${RRN_REFUSED}`);
  if (mail.attachments.some((file) => containsResidentRegistrationNumber(file.filename))) {
    problems.push(`첨부 파일: 파일 이름에 ${RRN_REFUSED}`);
  }
  // The policy's messages name each file: never by a name that carries a registration number.
  const nameable = mail.attachments.map((file) =>
    containsResidentRegistrationNumber(file.filename)
      ? { ...file, filename: `(이름 생략).${attachmentExtension(file.filename)}` }
      : file,
  );
  problems.push(...checkAttachments(nameable).errors.map((error) => `첨부 파일: ${error}`));

  const parsed = deps.template.parse(mail.text, sender);
  for (const [label, message] of Object.entries(parsed.errors)) problems.push(`${label}: ${message}`);
  // A sender registered for one center may leave 추천센터 out.
  if (parsed.raw.centerId === undefined && centers.length === 1) parsed.raw.centerId = centers[0]?.id;
  const center =
    typeof parsed.raw.centerId === 'string' ? findCenter(deps.directory, parsed.raw.centerId) : undefined;
  if (center && !isRegisteredAddress(center, sender)) {
    problems.push(`${deps.template.labelFor('centerId')}: ${NOT_THIS_CENTER}`);
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
    for (const [path, message] of Object.entries(error.fields)) {
      const label = deps.template.labelFor(path);
      if (!problems.some((problem) => problem.startsWith(`${label}:`))) problems.push(`${label}: ${message}`);
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
        nominationId: newNominationId(input.cycle),
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
    await reply(() => problemsMail([ALREADY_SUBMITTED]));
    return { outcome: 'duplicate' };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await discardAttachments();
    return refuse(
      Object.entries(error.fields).map(([path, message]) => `${deps.template.labelFor(path)}: ${message}`),
    );
  }
}

const RRN_REFUSED =
  '주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 보낼 수 없습니다.';
const SENDER_UNVERIFIED =
  '보낸 사람 주소를 확인할 수 없습니다(SPF·DKIM·DMARC 검증 실패). 센터의 등록된 메일 계정에서 직접 보내 주세요.';
const NOT_THIS_CENTER = '보낸 주소는 이 센터가 등록한 추천 담당 주소가 아닙니다.';
const ALREADY_SUBMITTED =
  '같은 센터가 같은 분야에 같은 후보자를 이미 추천했습니다. 진행 상황은 접수 확인 메일의 링크에서 확인해 주세요.';
