import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { createDocumentClient } from './adapters/dynamo-table';
import { countMetric } from './adapters/metrics';
import { lambdaHandler, log } from './adapters/middleware';
import { parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { markNeedsAttention } from './use-cases/mark-needs-attention';

const env = readEnv('TABLE_NAME');
const nominations = new DynamoNominationRepository(createDocumentClient(), env.TABLE_NAME);

// Lenient on purpose: this step runs after something went wrong, and must not fail on a bad id.
const eventSchema = z.object({
  nominationId: z.string(),
  error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

export const handler = lambdaHandler('mark-needs-attention', async (event: unknown) => {
  const input = parseTaskEvent(eventSchema, event);
  log('warn', 'nomination needs attention', { nominationId: input.nominationId, error: input.error?.Error });
  const result = await markNeedsAttention(input, { nominations, clock: systemClock });
  if (result.waitPastDeadline) countMetric('waitsPastDeadline', { stage: result.waitPastDeadline });
  return result;
});
