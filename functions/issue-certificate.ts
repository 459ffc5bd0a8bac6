/**
 * The `issue-certificate` task: on the awarded path, before the awardee mail, renders the 표창장 PDF
 * and keeps it in the certificates bucket. Its own function (and bundle): the fonts ship with it
 * only, so the other functions stay small.
 */
import { loadCertificateFonts, PdfCertificateRenderer } from './adapters/certificate-pdf';
import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { createDocumentClient } from './adapters/dynamo-table';
import { lambdaHandler } from './adapters/middleware';
import { S3CertificateStore } from './adapters/s3-certificate-store';
import { createS3Client } from './adapters/s3-mail-store';
import { nominationIdField, parseTaskEvent } from './adapters/task-events';
import * as z from './domain/schema';
import { issueCertificate } from './use-cases/issue-certificate';

const env = readEnv('TABLE_NAME', 'CERTIFICATE_BUCKET', 'CONFIG_CACHE_SECONDS');
const db = createDocumentClient();
const config = createConfigSource(db, env);
const deps = {
  nominations: new DynamoNominationRepository(db, env.TABLE_NAME),
  certificates: new S3CertificateStore(createS3Client(), env.CERTIFICATE_BUCKET),
  // Read once per container, at init.
  renderer: new PdfCertificateRenderer(loadCertificateFonts()),
  clock: systemClock,
};

const eventSchema = z.object({
  nominationId: nominationIdField,
  // `$.decision` of the workflow state: the minister's SendTaskSuccess output.
  decision: z.optional(z.object({ decidedAt: z.optional(z.string()) })),
});

export const handler = lambdaHandler('issue-certificate', async (event: unknown) => {
  const { nominationId, decision } = parseTaskEvent(eventSchema, event);
  return issueCertificate(
    { nominationId, ...(decision?.decidedAt ? { decidedAt: decision.decidedAt } : {}) },
    { ...deps, ...(await config.current()) },
  );
});
