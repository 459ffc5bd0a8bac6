/**
 * Every notification kind's mail template, for what needs them all (tests, the admin tools).
 * A function's composition root passes only the templates it sends (adapters/mail-notifier.ts), so
 * its bundle carries no other mail.
 */
import type { MailTemplates } from '../adapters/mail-notifier';
import type { NotificationKind } from '../use-cases/notification';
import {
  approvalRequestMail,
  awardedMail,
  correctionRequestMail,
  cycleResultsMail,
  draftConfirmationMail,
  intakeProblemsMail,
  receiptMail,
  rejectedMail,
  returnedMail,
  reviewDigestMail,
  unregisteredSenderMail,
} from './mails';

export const MAIL_TEMPLATES: MailTemplates<NotificationKind> = {
  receipt: receiptMail,
  draftConfirmation: draftConfirmationMail,
  approvalRequest: approvalRequestMail,
  reviewDigest: reviewDigestMail,
  correctionRequest: correctionRequestMail,
  awarded: awardedMail,
  rejected: rejectedMail,
  returned: returnedMail,
  cycleResults: cycleResultsMail,
  intakeProblems: intakeProblemsMail,
  unregisteredSender: unregisteredSenderMail,
};
