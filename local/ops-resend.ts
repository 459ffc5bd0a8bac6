/**
 * The composition root of an operator's re-send (ops console, admin CLI): the functions' own
 * use case and adapters, with clients for the target (local stand-ins or AWS). The mail goes out
 * from the directory's sender, like the workflow's.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../functions/adapters/clock';
import { shippedConfig } from '../functions/adapters/config';
import { DynamoApprovalRepository } from '../functions/adapters/dynamo-approvals';
import { DynamoConfigSource } from '../functions/adapters/dynamo-config';
import { DynamoNominationRepository } from '../functions/adapters/dynamo-nominations';
import { DynamoSentMailLog } from '../functions/adapters/dynamo-sent-mail';
import { DynamoSuppressionLookup } from '../functions/adapters/dynamo-suppressions';
import { MailNotifier } from '../functions/adapters/mail-notifier';
import { SecretsManagerLinkKey } from '../functions/adapters/secrets-link-key';
import { SesMailer } from '../functions/adapters/ses-mailer';
import { SuppressingMailer } from '../functions/adapters/suppressing-mailer';
import {
  type ResendApprovalInput,
  type ResendApprovalResult,
  resendApprovalMail,
} from '../functions/use-cases/resend-approval';
import { approvalRequestMail } from '../functions/views/mails/approval-request';

export interface ResendClients {
  readonly db: DynamoDBDocumentClient;
  readonly ses: SESv2Client;
  readonly secrets: SecretsManagerClient;
  readonly tableName: string;
  readonly publicUrl: string;
  readonly linkKeySecretId: string;
  readonly configurationSet?: string;
}

export type Resend = (input: ResendApprovalInput) => Promise<ResendApprovalResult>;

export function approvalResender(clients: ResendClients): Resend {
  // No cache: an operator acts on what the table says now.
  const config = new DynamoConfigSource(clients.db, clients.tableName, shippedConfig(), 0);
  const linkKey = new SecretsManagerLinkKey(clients.secrets, clients.linkKeySecretId);
  const nominations = new DynamoNominationRepository(clients.db, clients.tableName);
  const approvals = new DynamoApprovalRepository(clients.db, clients.tableName);
  const sentMail = new DynamoSentMailLog(clients.db, clients.tableName);
  return async (input) => {
    const { cycles, directory } = await config.current();
    return resendApprovalMail(input, {
      nominations,
      approvals,
      sentMail,
      linkKey,
      notifier: new MailNotifier(
        // Complaint suppressions hold for an operator's mails too.
        new SuppressingMailer(
          new SesMailer(clients.ses, directory.mailFrom, clients.configurationSet),
          new DynamoSuppressionLookup(clients.db, clients.tableName),
        ),
        {
          approvalRequest: approvalRequestMail,
        },
      ),
      clock: systemClock,
      cycles,
      publicUrl: clients.publicUrl,
    });
  };
}
