import type { SESEvent } from 'aws-lambda';
import { readEnv } from './adapters/config';
import { lambdaHandler } from './adapters/middleware';

// The SES receipt rule stores the raw mail in S3, then invokes this function (asynchronously).
const env = readEnv(
  'TABLE_NAME',
  'STATE_MACHINE_ARN',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'INTAKE_BUCKET',
  'INTAKE_PREFIX',
  'WORKFLOW_REGION',
);

export const handler = lambdaHandler('inbound-email', async (event: SESEvent) => {
  void env;
  return { records: event.Records.length };
});
