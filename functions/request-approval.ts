import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { DynamoApprovalRepository } from './adapters/dynamo-approvals';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { DynamoReviewLinkRepository } from './adapters/dynamo-review-links';
import { createDocumentClient } from './adapters/dynamo-table';
import { countMetric } from './adapters/metrics';
import { lambdaHandler } from './adapters/middleware';
import { createLinkKey } from './adapters/secrets-link-key';
import { createMailer } from './adapters/ses-mailer';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { REVIEW_STAGES } from './domain/stages';
import { requestApproval } from './use-cases/request-approval';

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
  reviewLinks: new DynamoReviewLinkRepository(db, env.TABLE_NAME),
  mailer: createMailer(env),
  linkKey: createLinkKey(env),
  clock: systemClock,
  publicUrl: env.PUBLIC_URL,
};

const eventSchema = z.object({
  nominationId: nominationIdField,
  stage: z.enum(REVIEW_STAGES),
  taskToken: z.string().check(z.minLength(1)),
});

export const handler = lambdaHandler('request-approval', async (event: unknown) => {
  const result = await requestApproval(parseTaskEvent(eventSchema, event), {
    ...deps,
    ...(await config.current()),
  });
  countMetric('approvalsRequested', { stage: result.stage });
  return result;
});
