import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { DynamoSentMailLog } from './adapters/dynamo-sent-mail';
import { createDocumentClient } from './adapters/dynamo-table';
import { lambdaHandler } from './adapters/middleware';
import { randomIds } from './adapters/random-ids';
import { S3CertificateStore } from './adapters/s3-certificate-store';
import { createS3Client } from './adapters/s3-mail-store';
import { createLinkKey } from './adapters/secrets-link-key';
import { createNotifier } from './adapters/ses-mailer';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { FINAL_STAGES, REVIEW_STAGES } from './domain/stages';
import { notifyOutcome } from './use-cases/notify-outcome';
import { awardedMail } from './views/mails/awarded';
import { rejectedMail } from './views/mails/rejected';
import { returnedMail } from './views/mails/returned';

const env = readEnv(
  'TABLE_NAME',
  'PUBLIC_URL',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'CONFIG_CACHE_SECONDS',
  'CERTIFICATE_BUCKET',
  'LINK_KEY_SECRET_ID',
);
const db = createDocumentClient();
const config = createConfigSource(db, env);
const deps = {
  nominations: new DynamoNominationRepository(db, env.TABLE_NAME),
  sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
  notifier: createNotifier(env, { awarded: awardedMail, rejected: rejectedMail, returned: returnedMail }),
  // The awardee mail attaches the 표창장 the IssueCertificate step stored.
  certificates: new S3CertificateStore(createS3Client(), env.CERTIFICATE_BUCKET),
  clock: systemClock,
  ids: randomIds,
  publicUrl: env.PUBLIC_URL,
  // The status link in the mail is derived under it (use-cases/status-links.ts).
  linkKey: createLinkKey(env),
};

const eventSchema = z.object({
  nominationId: nominationIdField,
  outcome: z.enum(FINAL_STAGES),
  // `$.decision` of the workflow state: the SendTaskSuccess output of the last review.
  decision: z.optional(z.object({ stage: z.enum(REVIEW_STAGES), comment: z.optional(z.string()) })),
});

export const handler = lambdaHandler('notify', async (event: unknown) =>
  notifyOutcome(parseTaskEvent(eventSchema, event), { ...deps, ...(await config.current()) }),
);
