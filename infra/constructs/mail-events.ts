import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CONFIGURATION_SET_TAG,
  SES_DETAIL_TYPES,
  SES_EVENT_SOURCE,
} from '../../functions/contracts/mail-events';
import { grantTableAccess } from './grants';
import { TaskFunction, type TaskFunctionProps } from './task-function';

export interface MailEventsProps {
  readonly entry: string;
  /** The single table's name and ARN. */
  readonly table: { readonly tableName: string; readonly tableArn: string };
  /** Only this configuration set's events (other senders of the account may publish too). */
  readonly configurationSetName: string;
  readonly depsLockFilePath?: TaskFunctionProps['depsLockFilePath'];
}

/**
 * SES's bounce, complaint and delivery events (published by the configuration set to the default
 * EventBridge bus, infra/constructs/mail-sending.ts) to the `mail-events` function, which records
 * them in the nomination's audit trail, marks a nomination whose approver's address bounced and
 * suppresses addresses that complained. The rule retries a failed invocation twice within a day,
 * then the event goes to the dead-letter queue.
 */
export class MailEvents extends Construct {
  readonly handler: TaskFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);
    this.handler = new TaskFunction(this, 'Handler', {
      entry: props.entry,
      description: 'award-workflow mail events: SES bounces, complaints and deliveries into the audit trail',
      environment: { TABLE_NAME: props.table.tableName },
      ...(props.depsLockFilePath ? { depsLockFilePath: props.depsLockFilePath } : {}),
    });
    // Least privilege: it reads a nomination, writes audit events and suppressions (conditional puts)
    // and marks the nomination (an update, in a transaction with the event). No index, no query.
    grantTableAccess(props.table, this.handler.function, 'mailEvents');

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: the one of the mail-events rule's target, which the rule " +
        'does not recognise.',
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'award-workflow: SES bounce, complaint and delivery events of the configuration set',
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: Object.values(SES_DETAIL_TYPES),
        detail: { mail: { tags: { [CONFIGURATION_SET_TAG]: [props.configurationSetName] } } },
      },
      targets: [
        new targets.LambdaFunction(this.handler.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}
