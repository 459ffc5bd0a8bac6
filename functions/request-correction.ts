import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoCorrectionRepository } from './adapters/dynamo-corrections';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { createDocumentClient } from './adapters/dynamo-table';
import { lambdaHandler } from './adapters/middleware';
import { randomIds } from './adapters/random-ids';
import { createNotifier } from './adapters/ses-mailer';
import { createSfnClient, StepFunctionsCorrections } from './adapters/sfn-workflow';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { REVIEW_STAGES } from './domain/stages';
import { requestCorrection } from './use-cases/request-correction';
import { correctionRequestMail } from './views/mails/correction-request';

const env = readEnv('TABLE_NAME', 'PUBLIC_URL', 'MAIL_FROM', 'SES_CONFIGURATION_SET', 'CONFIG_CACHE_SECONDS');
const db = createDocumentClient();
const config = createConfigSource(db, env);
const deps = {
  nominations: new DynamoNominationRepository(db, env.TABLE_NAME),
  corrections: new DynamoCorrectionRepository(db, env.TABLE_NAME),
  // Only to answer its own task when the nomination has no correction round left.
  handover: new StepFunctionsCorrections(createSfnClient({ singleAttempt: true })),
  notifier: createNotifier(env, { correctionRequest: correctionRequestMail }),
  clock: systemClock,
  ids: randomIds,
  publicUrl: env.PUBLIC_URL,
};

const eventSchema = z.object({
  nominationId: nominationIdField,
  // `$.decision` of the workflow state: the return the workflow acted on (stage and reason).
  decision: z.object({ stage: z.enum(REVIEW_STAGES), comment: z.optional(z.string()) }),
  taskToken: z.string().check(z.minLength(1)),
});

export const handler = lambdaHandler('request-correction', async (event: unknown) => {
  const { nominationId, decision, taskToken } = parseTaskEvent(eventSchema, event);
  return requestCorrection(
    {
      nominationId,
      returnedAt: decision.stage,
      taskToken,
      ...(decision.comment ? { comment: decision.comment } : {}),
    },
    { ...deps, ...(await config.current()) },
  );
});
