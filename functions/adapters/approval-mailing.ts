import { approvalRequestMail } from '../views/mails/approval-request';
import { reviewDigestMail } from '../views/mails/review-digest';
import { systemClock } from './clock';
import { readEnv } from './config';
import { DynamoApprovalRepository } from './dynamo-approvals';
import { createConfigSource } from './dynamo-config';
import { DynamoNominationRepository } from './dynamo-nominations';
import { DynamoReviewLinkRepository } from './dynamo-review-links';
import { DynamoReviewQueue } from './dynamo-review-queue';
import { DynamoSentMailLog } from './dynamo-sent-mail';
import { createDocumentClient } from './dynamo-table';
import { createLinkKey } from './secrets-link-key';
import { createNotifier } from './ses-mailer';

/**
 * What the functions that mail approval links (request-approval, remind-approvals, review) work with, from
 * their validated environment: one composition for both, read once at init.
 */
export function approvalMailing() {
  const env = readEnv(
    'TABLE_NAME',
    'PUBLIC_URL',
    'MAIL_FROM',
    'SES_CONFIGURATION_SET',
    'CONFIG_CACHE_SECONDS',
    'LINK_KEY_SECRET_ID',
  );
  const db = createDocumentClient();
  return {
    config: createConfigSource(db, env),
    services: {
      nominations: new DynamoNominationRepository(db, env.TABLE_NAME),
      approvals: new DynamoApprovalRepository(db, env.TABLE_NAME),
      sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
      reviewLinks: new DynamoReviewLinkRepository(db, env.TABLE_NAME),
      reviewQueue: new DynamoReviewQueue(db, env.TABLE_NAME),
      // Request, reminder, escalation, delegation and the HQ/minister digest: the approval mails.
      notifier: createNotifier(env, { approvalRequest: approvalRequestMail, reviewDigest: reviewDigestMail }),
      linkKey: createLinkKey(env),
      clock: systemClock,
      publicUrl: env.PUBLIC_URL,
    },
  };
}
