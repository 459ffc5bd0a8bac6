import type { SESEvent, SESEventRecord } from 'aws-lambda';
import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoNominationIntake } from './adapters/dynamo-nominations';
import { DynamoSentMailLog } from './adapters/dynamo-sent-mail';
import { createDocumentClient } from './adapters/dynamo-table';
import { parseIntakeMail } from './adapters/intake-mail';
import { labelForFieldPath, parseNominationTemplate, templateText } from './adapters/mail-template';
import { countMetric } from './adapters/metrics';
import { lambdaHandler, log } from './adapters/middleware';
import { randomIds } from './adapters/random-ids';
import { createS3Client, S3MailStore } from './adapters/s3-mail-store';
import { createNotifier } from './adapters/ses-mailer';
import { createSfnClient, StepFunctionsWorkflow } from './adapters/sfn-workflow';
import { rawMailKey } from './contracts/intake';
import { TransientError } from './domain/errors';
import { receiveIntakeMail } from './use-cases/receive-intake-mail';
import { intakeProblemsMail } from './views/mails/intake-problems';
import { unregisteredSenderMail } from './views/mails/unregistered-sender';

// The SES receipt rule stores the raw mail in S3, then invokes this function (asynchronously).
const env = readEnv(
  'TABLE_NAME',
  'STATE_MACHINE_ARN',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'INTAKE_BUCKET',
  'WORKFLOW_REGION',
  'CONFIG_CACHE_SECONDS',
);
const region = env.WORKFLOW_REGION ? { region: env.WORKFLOW_REGION } : {};
const db = createDocumentClient(region);
const config = createConfigSource(db, env);
const mailStore = new S3MailStore(createS3Client(), env.INTAKE_BUCKET);
const deps = {
  nominations: new DynamoNominationIntake(db, env.TABLE_NAME),
  sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
  notifier: createNotifier(env, {
    intakeProblems: intakeProblemsMail,
    unregisteredSender: unregisteredSenderMail,
  }),
  workflow: new StepFunctionsWorkflow(createSfnClient(region), env.STATE_MACHINE_ARN),
  mailStore,
  template: { parse: parseNominationTemplate, labelFor: labelForFieldPath, blank: () => templateText() },
  clock: systemClock,
  ids: randomIds,
};

async function receive(record: SESEventRecord) {
  const { mail, receipt } = record.ses;
  const raw = await mailStore.readRawMail(rawMailKey(mail.messageId));
  // SES stores before it invokes: a missing object is worth a retry (then the DLQ).
  if (!raw) throw new TransientError(`Received mail ${mail.messageId} is not in the bucket`);
  const parsed = await parseIntakeMail(Buffer.from(raw));
  const result = await receiveIntakeMail(
    {
      messageId: parsed.messageId ?? mail.messageId,
      ...(parsed.from ? { from: parsed.from } : {}),
      subject: parsed.subject,
      text: parsed.text,
      attachments: parsed.attachments,
      verdicts: {
        spf: receipt.spfVerdict.status,
        dkim: receipt.dkimVerdict.status,
        dmarc: receipt.dmarcVerdict.status,
        spam: receipt.spamVerdict.status,
        virus: receipt.virusVerdict.status,
      },
    },
    { ...deps, ...(await config.current()) },
  );
  // No names, addresses or subjects in logs: the SES id and the outcome are enough to trace it.
  log('info', 'intake mail received', { sesMessageId: mail.messageId, ...result });
  if (result.outcome === 'created') countMetric('nominationsSubmitted', { channel: 'email' });
  return result;
}

export const handler = lambdaHandler('inbound-email', async (event: SESEvent) => {
  const results = [];
  for (const record of event.Records) results.push(await receive(record));
  return results;
});
