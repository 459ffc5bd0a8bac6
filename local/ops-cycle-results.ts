/**
 * The composition root of an operator's cycle close (admin CLI `close-cycle`): the functions' own
 * use case and adapters over the target's clients (local stand-ins or AWS).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../functions/adapters/clock';
import { shippedConfig } from '../functions/adapters/config';
import { DynamoConfigSource } from '../functions/adapters/dynamo-config';
import { DynamoCycleExportReader } from '../functions/adapters/dynamo-cycle-export';
import { DynamoNominationRepository } from '../functions/adapters/dynamo-nominations';
import { DynamoSentMailLog } from '../functions/adapters/dynamo-sent-mail';
import { DynamoSuppressionLookup } from '../functions/adapters/dynamo-suppressions';
import { MailNotifier } from '../functions/adapters/mail-notifier';
import { randomIds } from '../functions/adapters/random-ids';
import { SecretsManagerLinkKey } from '../functions/adapters/secrets-link-key';
import { SesMailer } from '../functions/adapters/ses-mailer';
import { SuppressingMailer } from '../functions/adapters/suppressing-mailer';
import { type CycleResultsOutcome, sendCycleResults } from '../functions/use-cases/cycle-results';
import { cycleResultsMail } from '../functions/views/mails/cycle-results';

export interface CycleResultsClients {
  readonly db: DynamoDBDocumentClient;
  readonly ses: SESv2Client;
  readonly secrets: SecretsManagerClient;
  readonly tableName: string;
  readonly publicUrl: string;
  /** The status links of the rows are derived under it (functions/use-cases/status-links.ts). */
  readonly linkKeySecretId: string;
  readonly configurationSet?: string;
}

export async function sendCycleResultsWith(
  year: string,
  clients: CycleResultsClients,
): Promise<CycleResultsOutcome> {
  // No cache: an operator acts on what the table says now.
  const { cycles, directory } = await new DynamoConfigSource(
    clients.db,
    clients.tableName,
    shippedConfig(),
    0,
  ).current();
  return sendCycleResults(year, {
    reader: new DynamoCycleExportReader(clients.db, clients.tableName),
    sentMail: new DynamoSentMailLog(clients.db, clients.tableName),
    notifier: new MailNotifier(
      // Complaint suppressions hold for an operator's mails too.
      new SuppressingMailer(
        new SesMailer(clients.ses, directory.mailFrom, clients.configurationSet),
        new DynamoSuppressionLookup(clients.db, clients.tableName),
      ),
      {
        cycleResults: cycleResultsMail,
      },
    ),
    cycles,
    directory,
    clock: systemClock,
    ids: randomIds,
    publicUrl: clients.publicUrl,
    statusLinks: new DynamoNominationRepository(clients.db, clients.tableName),
    linkKey: new SecretsManagerLinkKey(clients.secrets, clients.linkKeySecretId),
  });
}
