import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { AwardTable } from '../constructs/award-table';
import { CertificateBucket } from '../constructs/certificate-bucket';
import { LinkKey } from '../constructs/link-key';
import { type MailSender, MailSending } from '../constructs/mail-sending';

export interface StatefulStackProps extends StackProps {
  /** Domain verified in SES for sending. */
  readonly mailDomain: string;
  /** From header of every e-mail; must be an address on `mailDomain`. */
  readonly mailFrom: string;
  /**
   * Physical name of the table, fixed so that the intake stack (possibly in another region) can
   * build its ARN. @default {@link DEFAULT_TABLE_NAME}
   */
  readonly tableName?: string;
}

/** The table's name by default; the local runtime uses the same name. */
export { DEFAULT_TABLE_NAME } from '../../functions/contracts/names';

import { DEFAULT_TABLE_NAME } from '../../functions/contracts/names';

/**
 * Resources that hold data or identity and outlive deployments: the table (retained, deletion
 * protection, PITR) and the SES identity and configuration set, the link key, and the bucket of
 * issued certificates (표창장).
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.ITableV2;
  /** The table's physical name (a plain string, not a token). */
  readonly tableName: string;
  readonly mail: MailSender;
  readonly linkKey: LinkKey;
  readonly certificates: CertificateBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.tableName = props.tableName ?? DEFAULT_TABLE_NAME;
    this.table = new AwardTable(this, 'AwardTable', { tableName: this.tableName }).table;
    const mail = new MailSending(this, 'Mail', { mailDomain: props.mailDomain, mailFrom: props.mailFrom });
    this.mail = mail;
    this.linkKey = new LinkKey(this, 'LinkKey');
    this.certificates = new CertificateBucket(this, 'Certificates');

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'LinkKeySecretArn', { value: this.linkKey.secret.secretArn });
    new CfnOutput(this, 'CertificateBucketName', { value: this.certificates.bucket.bucketName });
    new CfnOutput(this, 'ConfigurationSetName', { value: mail.configurationSetName });
    mail.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DNS CNAME record ${i + 1} of 3 for Easy DKIM on ${props.mailDomain}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }
}
