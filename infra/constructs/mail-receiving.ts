import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';

export interface MailReceivingProps {
  /** Addresses the rule accepts (bare `local@domain`). */
  readonly recipients: readonly string[];
  /** Where SES stores each raw mail, as `<objectKeyPrefix><messageId>`. */
  readonly bucket: s3.IBucket;
  readonly objectKeyPrefix: string;
  /** Invoked asynchronously after the mail is stored. */
  readonly handler: lambda.IFunction;
}

/**
 * SES receiving: a receipt rule set with one rule for the intake address(es): spam and virus
 * scanning on, TLS required from the sending server, then (in this order) store the raw mail in S3
 * and invoke the handler asynchronously (Event) with the receipt notification.
 *
 * SES lets only one rule set per region be active: this one must be activated by hand.
 */
export class MailReceiving extends Construct {
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly rule: ses.ReceiptRule;

  constructor(scope: Construct, id: string, props: MailReceivingProps) {
    super(scope, id);
    for (const address of props.recipients) {
      if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) {
        throw new Error(`intake address "${address}" is not a bare e-mail address (local@domain)`);
      }
    }

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet');
    this.rule = this.ruleSet.addRule('Intake', {
      recipients: [...props.recipients],
      enabled: true,
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new actions.S3({ bucket: props.bucket, objectKeyPrefix: props.objectKeyPrefix }),
        new actions.Lambda({ function: props.handler, invocationType: actions.LambdaInvocationType.EVENT }),
      ],
    });
  }
}
