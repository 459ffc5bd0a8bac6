import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { DynamoMailEventLog, DynamoSuppressionList } from './adapters/dynamo-mail-events';
import { DynamoNominationReader } from './adapters/dynamo-nominations';
import { createDocumentClient } from './adapters/dynamo-table';
import { countMetric } from './adapters/metrics';
import { lambdaHandler, log } from './adapters/middleware';
import { parseSesEvent } from './domain/mail-events';
import { maskEmail } from './domain/privacy';
import { recordMailEvent } from './use-cases/record-mail-event';

// SES's configuration set publishes bounce, complaint and delivery events to EventBridge; a rule
// invokes this function with each (asynchronously: retried twice, then the dead-letter queue).
const env = readEnv('TABLE_NAME');
const db = createDocumentClient();
const deps = {
  nominations: new DynamoNominationReader(db, env.TABLE_NAME),
  mailEvents: new DynamoMailEventLog(db, env.TABLE_NAME),
  suppressions: new DynamoSuppressionList(db, env.TABLE_NAME),
  clock: systemClock,
};

export const handler = lambdaHandler('mail-events', async (event: unknown) => {
  const parsed = parseSesEvent(event);
  if (!parsed.ok) {
    // Not ours to retry: a malformed or unexpected event would fail the same way every time.
    log('warn', 'mail event dropped', { reason: parsed.reason });
    return { outcome: 'dropped' as const, reason: parsed.reason };
  }
  const mail = parsed.event;
  const result = await recordMailEvent(mail, deps);
  // Addresses masked, never the subject: the SES id and the tags trace the mail.
  log(mail.type === 'delivery' ? 'info' : 'warn', `mail ${mail.type} recorded`, {
    sesMessageId: mail.messageId,
    recipients: mail.recipients.map(maskEmail),
    mail: mail.tags.mail,
    ...(mail.type === 'bounce' ? { bounceType: mail.bounceType, bounceSubType: mail.bounceSubType } : {}),
    ...result,
  });
  if (result.outcome !== 'duplicate') {
    if (mail.type === 'bounce') countMetric('mailsBounced', { bounceType: mail.bounceType });
    if (mail.type === 'complaint') countMetric('mailComplaints', {});
  }
  if (result.outcome === 'recorded' && result.approverBounced) {
    log('error', 'approver mail bounced', {
      nominationId: result.nominationId,
      stage: result.approverBounced,
    });
    countMetric('approverMailBounced', { stage: result.approverBounced });
  }
  return result;
});
