import { readEnv } from './adapters/config';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { DynamoSentMailLog } from './adapters/dynamo-sent-mail';
import { createDocumentClient } from './adapters/dynamo-table';
import { lambdaHandler } from './adapters/middleware';
import { randomIds } from './adapters/random-ids';
import { createLinkKey } from './adapters/secrets-link-key';
import { createNotifier } from './adapters/ses-mailer';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { recordSubmission } from './use-cases/record-submission';
import { receiptMail } from './views/mails/receipt';

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
  sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
  notifier: createNotifier(env, { receipt: receiptMail }),
  publicUrl: env.PUBLIC_URL,
  // The status link in the mail is derived under it (use-cases/status-links.ts).
  linkKey: createLinkKey(env),
  ids: randomIds,
};

const eventSchema = z.object({
  nominationId: nominationIdField,
  executionId: z.string().check(z.minLength(1)),
});

export const handler = lambdaHandler('record-submission', async (event: unknown) =>
  recordSubmission(parseTaskEvent(eventSchema, event), { ...deps, ...(await config.current()) }),
);
