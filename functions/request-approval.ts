import { approvalMailing } from './adapters/approval-mailing';
import { DynamoApprovalRepository } from './adapters/dynamo-approvals';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { countMetric } from './adapters/metrics';
import { lambdaHandler } from './adapters/middleware';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { REVIEW_STAGES } from './domain/stages';
import { requestApproval } from './use-cases/request-approval';
import { approvalRequestMail } from './views/mails/approval-request';

const { config, services: deps } = approvalMailing({
  templates: { approvalRequest: approvalRequestMail },
  nominations: DynamoNominationRepository,
  approvals: DynamoApprovalRepository,
});

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
