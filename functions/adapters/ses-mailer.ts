import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SDK_BUDGET, sdkClientConfig } from '../contracts/retry-budget';
import type { Mailer, OutgoingMail } from '../domain/ports';
import type { NotificationKind } from '../use-cases/notification';
import { rethrowTransient } from './aws-errors';
import { DynamoSuppressionLookup } from './dynamo-suppressions';
import { createDocumentClient } from './dynamo-table';
import { MailNotifier, type MailTemplates } from './mail-notifier';
import { countMetric } from './metrics';
import { buildMime, parseMailbox } from './mime';
import { SuppressingMailer } from './suppressing-mailer';

/**
 * SES v2 sender of raw MIME built by functions/adapters/mime.ts (attachments, encoded Korean
 * headers); the endpoint comes from AWS_ENDPOINT_URL_SESV2 / _SES where set (local runtime).
 * Message tags go along so bounce and complaint events find their nomination.
 */
export class SesMailer implements Mailer {
  private readonly from: { readonly address: string; readonly name?: string };

  constructor(
    private readonly ses: SESv2Client,
    from: string,
    private readonly configurationSet?: string,
  ) {
    this.from = parseMailbox(from);
  }

  async send(mail: OutgoingMail): Promise<void> {
    const tags = Object.entries(mail.tags ?? {}).map(([Name, Value]) => ({ Name, Value }));
    try {
      await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from.address,
          Destination: {
            ToAddresses: [...mail.to],
            ...(mail.cc?.length ? { CcAddresses: [...mail.cc] } : {}),
          },
          Content: { Raw: { Data: Buffer.from(buildMime(mail, this.from), 'utf8') } },
          ...(tags.length ? { EmailTags: tags } : {}),
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        }),
      );
    } catch (error) {
      countMetric('mailsFailed', {});
      rethrowTransient(error, 'Sending mail');
    }
    countMetric('mailsSent', {});
  }
}

/** The sender every mailing function uses, from its validated environment. */
export function createMailer(env: {
  MAIL_FROM: string;
  SES_CONFIGURATION_SET?: string | undefined;
  /** Where suppressed addresses are kept (functions/adapters/suppressing-mailer.ts); none checked without it. */
  TABLE_NAME?: string | undefined;
  WORKFLOW_REGION?: string | undefined;
}): Mailer {
  const ses = new SesMailer(
    new SESv2Client(sdkClientConfig(SDK_BUDGET.ses)),
    env.MAIL_FROM,
    env.SES_CONFIGURATION_SET,
  );
  if (!env.TABLE_NAME) return ses;
  const db = createDocumentClient(env.WORKFLOW_REGION ? { region: env.WORKFLOW_REGION } : {});
  return new SuppressingMailer(ses, new DynamoSuppressionLookup(db, env.TABLE_NAME));
}

/** The notifier of a function that sends the kinds `templates` has, through createMailer's sender. */
export function createNotifier<K extends NotificationKind>(
  env: Parameters<typeof createMailer>[0],
  templates: MailTemplates<K>,
): MailNotifier<K> {
  return new MailNotifier(createMailer(env), templates);
}
