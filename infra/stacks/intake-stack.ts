import * as path from 'node:path';
import {
  ArnFormat,
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { addCountAlarm, createAlarmTopic } from '../constructs/alarm-topic';
import { grantTableAccess } from '../constructs/grants';
import { IntakeBucket } from '../constructs/intake-bucket';
import { MailReceiving } from '../constructs/mail-receiving';
import { addSesReputationAlarms, sesReputationWidget } from '../constructs/mail-reputation';
import { addressDomain, type MailSender, MailSending } from '../constructs/mail-sending';
import { TaskFunction } from '../constructs/task-function';

const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * Where the workflow's table and state machine are. Named, not referenced: a stack in another region
 * cannot import values from the workflow stacks (CloudFormation exports are regional).
 */
export interface WorkflowLocation {
  /** Region of the table and state machine. @default this stack's region (same-region deployment) */
  readonly region?: string;
  /** Physical name of the table (fixed in the stateful stack). */
  readonly tableName: string;
  /** Physical name of the state machine (fixed in the workflow stack). */
  readonly stateMachineName: string;
}

/**
 * Outgoing mail of the inbound function (receipts and Korean replies listing the problems of a mail).
 * `sender`: SES sending of this same region (the stateful stack's identity and configuration set).
 * `mailDomain`/`mailFrom`: this stack is in another region, so it verifies the domain there itself.
 */
export type IntakeMail =
  | { readonly sender: MailSender }
  | { readonly mailDomain: string; readonly mailFrom: string };

export interface IntakeStackProps extends StackProps {
  readonly workflow: WorkflowLocation;
  /** The address that turns mail into nominations (bare `local@domain`, on the mail domain). */
  readonly intakeAddress: string;
  readonly mail: IntakeMail;
  /** Days the attachments of intake mails are kept. @default 1826 */
  readonly attachmentRetentionDays?: number;
  /** Address subscribed to this stack's alarm topic. @default no subscription */
  readonly alarmEmail?: string;
  /** Directory of the Lambda entry files. @default `<repo>/functions` */
  readonly functionsDir?: string;
}

/**
 * E-mail intake (SES receiving, which not every region offers): the incoming-mail bucket, the receipt
 * rule set (store in S3, then invoke), the `inbound-email` function with its failure queue and
 * alarms, and, in another region than the workflow, an SES identity to answer from.
 *
 * The function reaches the table and state machine by ARNs built from their fixed names and the
 * workflow's region (`WORKFLOW_REGION` is set only when that region differs from this stack's).
 */
export class IntakeStack extends Stack {
  readonly intakeBucket: IntakeBucket;
  readonly receiving: MailReceiving;
  readonly inbound: TaskFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly alarms: readonly cloudwatch.Alarm[];
  /** This stack's own small dashboard (the workflow's is in another stack, maybe another region). */
  readonly dashboard: cloudwatch.Dashboard;
  /** Sending used by the inbound function (the stateful stack's, or {@link ownMail}). */
  readonly mail: MailSender;
  /** The SES identity and configuration set created in this region (cross-region only). */
  readonly ownMail?: MailSending;
  readonly tableArn: string;
  readonly stateMachineArn: string;
  readonly intakeAddress: string;

  constructor(scope: Construct, id: string, props: IntakeStackProps) {
    super(scope, id, props);
    // Same region: SES sending comes from the stateful stack as Export/ImportValue (strong).
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    if ('sender' in props.mail) {
      this.mail = props.mail.sender;
    } else {
      this.ownMail = new MailSending(this, 'Mail', props.mail);
      this.mail = this.ownMail;
    }
    const intakeDomain = addressDomain(props.intakeAddress);
    const mailDomain = this.mail.mailDomain.toLowerCase();
    if (intakeDomain !== mailDomain && !intakeDomain.endsWith(`.${mailDomain}`)) {
      throw new Error(
        `intakeAddress "${props.intakeAddress}" is not on the mail domain "${this.mail.mailDomain}": SES ` +
          'receives only for a verified domain (set context "intakeAddress" to an address on it or a subdomain)',
      );
    }
    this.intakeAddress = props.intakeAddress;

    const workflowRegion = props.workflow.region;
    this.tableArn = this.formatArn({
      service: 'dynamodb',
      region: workflowRegion,
      resource: 'table',
      resourceName: props.workflow.tableName,
    });
    this.stateMachineArn = this.formatArn({
      service: 'states',
      region: workflowRegion,
      resource: 'stateMachine',
      resourceName: props.workflow.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.intakeBucket = new IntakeBucket(this, 'IntakeBucket', {
      attachmentRetentionDays: props.attachmentRetentionDays,
    });
    const bucket = this.intakeBucket.bucket;

    const functionsDir = props.functionsDir ?? path.join(REPO_ROOT, 'functions');
    this.inbound = new TaskFunction(this, 'InboundEmail', {
      entry: path.join(functionsDir, 'inbound-email.ts'),
      description: 'award-workflow e-mail intake: turn a received mail into a nomination, answer the sender',
      // Parses MIME mails of up to 40 MB (the SES limit for the S3 action) and stores attachments.
      timeout: Duration.seconds(60),
      memorySize: 512,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        TABLE_NAME: props.workflow.tableName,
        STATE_MACHINE_ARN: this.stateMachineArn,
        MAIL_FROM: this.mail.mailFrom,
        SES_CONFIGURATION_SET: this.mail.configurationSetName,
        INTAKE_BUCKET: bucket.bucketName,
        ...(workflowRegion === undefined ? {} : { WORKFLOW_REGION: workflowRegion }),
      },
    });
    const fn = this.inbound.function;

    // Least privilege.
    this.intakeBucket.grantReadInbound(this.inbound.role);
    this.intakeBucket.grantWriteAttachments(this.inbound.role);
    grantTableAccess({ tableArn: this.tableArn }, fn, 'inboundEmail');
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['states:StartExecution'],
      resourceArns: [this.stateMachineArn],
    });
    this.mail.grantSendEmail(fn);

    // SES invokes asynchronously: two retries, then the event goes to the dead-letter queue.
    this.deadLetterQueue = new sqs.Queue(this, 'InboundDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: the on-failure destination of the inbound function's " +
        'asynchronous invocations (AWS::Lambda::EventInvokeConfig), which the rule does not recognise.',
    });
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SendMessageDestination(this.deadLetterQueue),
    });

    this.receiving = new MailReceiving(this, 'Receiving', {
      recipients: [props.intakeAddress],
      bucket,
      objectKeyPrefix: this.intakeBucket.inboundPrefix,
      handler: fn,
    });

    // Alarms to this stack's topic (CloudWatch alarms act only on topics of their own region).
    this.alarmTopic = createAlarmTopic(this, {
      displayName: '고용서비스상 메일 접수 경보',
      keyDescription: 'Encrypts the award-workflow e-mail intake alarm topic',
      alarmEmail: props.alarmEmail,
    });
    const alarmAction = new cwActions.SnsAction(this.alarmTopic);
    const period = Duration.minutes(5);
    const deadLetters = this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period,
      statistic: 'Maximum',
    });
    this.alarms = [
      addCountAlarm(
        this,
        'InboundErrorsAlarm',
        fn.metricErrors({ period, statistic: 'Sum' }),
        'The inbound-email function reported errors (SES retries it twice).',
        alarmAction,
      ),
      addCountAlarm(
        this,
        'InboundDeadLettersAlarm',
        deadLetters,
        'An intake mail could not be processed after retries: its event is in the dead-letter queue ' +
          '(the raw mail is in the intake bucket under inbound/<messageId>).',
        alarmAction,
      ),
      // In its own region the stack sends from its own SES identity: that region's reputation is its own.
      ...(this.ownMail ? addSesReputationAlarms(this, alarmAction) : []),
    ];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Intake dead-letter queue',
            width: 8,
            left: [deadLetters.with({ label: 'messages' })],
          }),
          new cloudwatch.GraphWidget({
            title: 'inbound-email errors and invocations',
            width: 8,
            left: [
              fn.metricErrors({ period, statistic: 'Sum', label: 'errors' }),
              fn.metricInvocations({ period, statistic: 'Sum', label: 'invocations' }),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'inbound-email duration',
            width: 8,
            left: [
              fn.metricDuration({ period, statistic: 'p95', label: 'p95' }),
              fn.metricDuration({ period, statistic: 'Maximum', label: 'max' }),
            ],
          }),
        ],
        [
          ...(this.ownMail ? [sesReputationWidget()] : []),
          new cloudwatch.AlarmStatusWidget({
            title: 'Alarms',
            width: this.ownMail ? 12 : 24,
            alarms: [...this.alarms],
          }),
        ],
      ],
    });

    const regionText = Token.isUnresolved(this.region) ? "this stack's region" : this.region;
    new CfnOutput(this, 'IntakeBucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'ReceiptRuleSetName', {
      // Output descriptions must be literal strings (no region token in them).
      description:
        `Activate it once, in ${regionText}: aws ses set-active-receipt-rule-set --rule-set-name <this name>. ` +
        'Only one receipt rule set per region is active: activating this one deactivates any other.',
      value: this.receiving.ruleSet.receiptRuleSetName,
    });
    new CfnOutput(this, 'MxRecord', {
      description: `DNS MX record to create for ${intakeDomain} (mail for ${props.intakeAddress} goes to SES)`,
      value: `10 inbound-smtp.${this.region}.amazonaws.com`,
    });
    new CfnOutput(this, 'IntakeAddress', { value: props.intakeAddress });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    this.ownMail?.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DNS CNAME record ${i + 1} of 3 for Easy DKIM on ${this.mail.mailDomain} in ${regionText}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }
}

/**
 * On-failure destination that grants only sqs:SendMessage (the SqsDestination of aws-lambda-destinations
 * also grants GetQueueAttributes and GetQueueUrl, which Lambda does not need).
 */
class SendMessageDestination implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['sqs:SendMessage'],
      resourceArns: [this.queue.queueArn],
    });
    return { destination: this.queue.queueArn };
  }
}
