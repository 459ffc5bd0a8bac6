import { readEnv } from './adapters/config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { createDocumentClient } from './adapters/dynamo-table';
import { lambdaHandler } from './adapters/middleware';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { recordSubmission } from './use-cases/record-submission';

const env = readEnv('TABLE_NAME');
const nominations = new DynamoNominationRepository(createDocumentClient(), env.TABLE_NAME);

const eventSchema = z.object({
  nominationId: nominationIdField,
  executionId: z.string().check(z.minLength(1)),
});

export const handler = lambdaHandler('record-submission', async (event: unknown) =>
  recordSubmission(parseTaskEvent(eventSchema, event), { nominations }),
);
