/**
 * The mails, one file each under views/mails/: each is written once as blocks and rendered as
 * plain text and as HTML (views/mails/render-mail.ts).
 */
export { approvalRequestMail } from './mails/approval-request';
export { awardedMail } from './mails/awarded';
export { correctionRequestMail } from './mails/correction-request';
export { cycleResultsMail } from './mails/cycle-results';
export { draftConfirmationMail } from './mails/draft-confirmation';
export { intakeProblemsMail } from './mails/intake-problems';
export { receiptMail } from './mails/receipt';
export { rejectedMail } from './mails/rejected';
export type { RenderedMail } from './mails/render-mail';
export { returnedMail } from './mails/returned';
export { reviewDigestMail } from './mails/review-digest';
export { unregisteredSenderMail } from './mails/unregistered-sender';
