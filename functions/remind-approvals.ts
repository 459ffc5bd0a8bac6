import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { DynamoApprovalRepository } from './adapters/dynamo-approvals';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { DynamoReviewLinkRepository } from './adapters/dynamo-review-links';
import { DynamoReviewQueue } from './adapters/dynamo-review-queue';
import { DynamoSentMailLog } from './adapters/dynamo-sent-mail';
import { createDocumentClient } from './adapters/dynamo-table';
import { countMetric } from './adapters/metrics';
import { lambdaHandler, log } from './adapters/middleware';
import { createLinkKey } from './adapters/secrets-link-key';
import { createMailer } from './adapters/ses-mailer';
import { remindApprovals } from './use-cases/remind-approvals';
import { sendReviewDigests } from './use-cases/review-digest';

const env = readEnv(
  'TABLE_NAME',
  'PUBLIC_URL',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'CONFIG_CACHE_SECONDS',
  'LINK_KEY_SECRET_ID',
);
const db = createDocumentClient();
const config = createConfigSource(db, env);
const deps = {
  nominations: new DynamoNominationRepository(db, env.TABLE_NAME),
  approvals: new DynamoApprovalRepository(db, env.TABLE_NAME),
  sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
  reviewLinks: new DynamoReviewLinkRepository(db, env.TABLE_NAME),
  reviewQueue: new DynamoReviewQueue(db, env.TABLE_NAME),
  mailer: createMailer(env),
  linkKey: createLinkKey(env),
  clock: systemClock,
  publicUrl: env.PUBLIC_URL,
};

/** Run on a schedule (EventBridge; a timer locally): one sweep over the open approval requests. */
export const handler = lambdaHandler('remind-approvals', async () => {
  const result = await remindApprovals({ ...deps, ...(await config.current()) });
  for (const stage of result.reminded) countMetric('approvalReminders', { stage });
  for (const stage of result.escalated) countMetric('approvalEscalations', { stage });
  log(result.failed.length ? 'warn' : 'info', 'reminder sweep done', {
    examined: result.examined,
    reminded: result.reminded.length,
    escalated: result.escalated.length,
    failed: result.failed,
  });
  // The daily digest of HQ and the minister's office (once per KST day, from the morning on).
  const digests = await sendReviewDigests({ ...deps, ...(await config.current()) });
  if (digests.sent.length > 0 || digests.failed.length > 0)
    log(digests.failed.length ? 'warn' : 'info', 'review digests done', {
      sent: digests.sent,
      failed: digests.failed,
    });
  return { ...result, digests: digests.sent };
});
