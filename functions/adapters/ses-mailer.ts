import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../domain/ports';
import { rethrowTransient } from './aws-errors';
import { countMetric } from './metrics';

/** SES v2 sender; the endpoint comes from AWS_ENDPOINT_URL_SESV2 / _SES where set (local runtime). */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: {
            ToAddresses: [...mail.to],
            ...(mail.cc?.length ? { CcAddresses: [...mail.cc] } : {}),
          },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
            },
          },
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
}): SesMailer {
  return new SesMailer(new SESv2Client({}), env.MAIL_FROM, env.SES_CONFIGURATION_SET);
}
