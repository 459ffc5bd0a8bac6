import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** SNS display name (the sender name of the alarm e-mails). */
  readonly displayName: string;
  /** Description of the topic's KMS key. */
  readonly keyDescription: string;
  /** Subscribed when given (the subscription must be confirmed from the mailbox). */
  readonly alarmEmail?: string;
}

/**
 * An SNS topic for CloudWatch alarms, encrypted with a customer managed key (rotated) and TLS-only.
 * CloudWatch cannot publish to a topic encrypted with the AWS managed key (alias/aws/sns), so the
 * key policy lets CloudWatch use the key, and the topic policy lets this account's alarms publish.
 *
 * A function rather than a construct: it adds `AlarmTopicKey` and `AlarmTopic` directly to `scope`,
 * so the logical ids of the deployed topic and key (which name the e-mail subscription) stay stable.
 */
export function createAlarmTopic(scope: Construct, props: AlarmTopicProps): sns.Topic {
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: props.keyDescription,
    enableKeyRotation: true,
  });
  key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: props.displayName,
    masterKey: key,
    enforceSSL: true,
  });
  // enforceSSL gives the topic a resource policy, which replaces SNS's default one: let this
  // account's CloudWatch alarms publish explicitly.
  const stack = Stack.of(scope);
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarms',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  if (props.alarmEmail) {
    topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }
  return topic;
}

/** An alarm on a count, to an alarm topic: one or more in a period (no data is no breach). */
export function addCountAlarm(
  scope: Construct,
  id: string,
  metric: cloudwatch.IMetric,
  description: string,
  action: cloudwatch.IAlarmAction,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric,
    alarmDescription: description,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(action);
  return alarm;
}
