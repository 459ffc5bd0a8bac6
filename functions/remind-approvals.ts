import { approvalMailing } from './adapters/approval-mailing';
import { DynamoApprovalRepository } from './adapters/dynamo-approvals';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { countMetric } from './adapters/metrics';
import { lambdaHandler, log } from './adapters/middleware';
import { remindApprovals } from './use-cases/remind-approvals';
import { sendReviewDigests } from './use-cases/review-digest';
import { approvalRequestMail } from './views/mails/approval-request';
import { reviewDigestMail } from './views/mails/review-digest';

// Reminders and escalations are approval-request mails; the digest of HQ and the minister's office is its own.
const { config, services: deps } = approvalMailing({
  templates: { approvalRequest: approvalRequestMail, reviewDigest: reviewDigestMail },
  nominations: DynamoNominationRepository,
  approvals: DynamoApprovalRepository,
});

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
