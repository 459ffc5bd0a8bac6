import * as path from 'node:path';
import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { grantTableReadWrite } from '../constructs/award-table';
import type { MailSender } from '../constructs/mail-sending';
import { NominationStateMachine } from '../constructs/nomination-state-machine';
import { Operations } from '../constructs/operations';
import { TaskFunction } from '../constructs/task-function';
import { WebApi } from '../constructs/web-api';

const REPO_ROOT = path.join(__dirname, '..', '..');

export interface WorkflowStackProps extends StackProps {
  /** The single table (from the stateful stack). */
  readonly table: dynamodb.ITableV2;
  /** SES sending (from the stateful stack). */
  readonly mail: MailSender;
  /** Base URL used in e-mailed links. @default the HTTP API's endpoint URL */
  readonly publicUrl?: string;
  /** Address subscribed to the alarm topic. @default no subscription */
  readonly alarmEmail?: string;
  /** Directory of the Lambda entry files. @default `<repo>/functions` */
  readonly functionsDir?: string;
  /** The ASL file. @default `<repo>/workflows/nomination.asl.json` */
  readonly definitionFile?: string;
}

/** The Lambda functions of the system, by role. */
export interface AwardFunctions {
  readonly web: TaskFunction;
  readonly recordSubmission: TaskFunction;
  readonly requestApproval: TaskFunction;
  readonly notify: TaskFunction;
  readonly markNeedsAttention: TaskFunction;
}

/**
 * Stateless part: the functions, the nomination state machine, the HTTP API and operations
 * (alarms, dashboard). Can be destroyed and redeployed without losing data.
 */
export class WorkflowStack extends Stack {
  readonly functions: AwardFunctions;
  readonly stateMachine: sfn.StateMachine;
  readonly api: WebApi;
  readonly operations: Operations;
  /** Base URL of the links in e-mails. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    // Table and SES names/ARNs come from the stateful stack as Export/ImportValue (strong), so the
    // stateful stack cannot drop a value this stack still uses. Set explicitly (the CDK default).
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    const functionsDir = props.functionsDir ?? path.join(REPO_ROOT, 'functions');
    const depsLockFilePath = path.join(REPO_ROOT, 'package-lock.json');
    const entry = (name: string) => path.join(functionsDir, `${name}.ts`);
    const tableEnv = { TABLE_NAME: props.table.tableName };

    const web = new TaskFunction(this, 'Web', {
      entry: entry('web'),
      description: 'award-workflow web: nomination form, status and approval pages (HTTP API)',
      timeout: Duration.seconds(10),
      depsLockFilePath,
    });
    this.api = new WebApi(this, 'Api', { handler: web.function });
    this.publicUrl = props.publicUrl ?? this.api.url;

    const mailEnv = {
      PUBLIC_URL: this.publicUrl,
      MAIL_FROM: props.mail.mailFrom,
      SES_CONFIGURATION_SET: props.mail.configurationSetName,
    };
    const recordSubmission = new TaskFunction(this, 'RecordSubmission', {
      entry: entry('record-submission'),
      description: 'award-workflow task: record a submitted nomination and mail the receipt',
      environment: { ...tableEnv, ...mailEnv },
      depsLockFilePath,
    });
    const requestApproval = new TaskFunction(this, 'RequestApproval', {
      entry: entry('request-approval'),
      description: 'award-workflow task: store the task token and e-mail the approver a link',
      environment: { ...tableEnv, ...mailEnv },
      depsLockFilePath,
    });
    const notify = new TaskFunction(this, 'Notify', {
      entry: entry('notify'),
      description: 'award-workflow task: awardee, rejection and return e-mails',
      environment: { ...tableEnv, ...mailEnv },
      depsLockFilePath,
    });
    const markNeedsAttention = new TaskFunction(this, 'MarkNeedsAttention', {
      entry: entry('mark-needs-attention'),
      description: 'award-workflow task: mark a nomination for operator attention',
      environment: tableEnv,
      depsLockFilePath,
    });
    this.functions = { web, recordSubmission, requestApproval, notify, markNeedsAttention };

    const workflow = new NominationStateMachine(this, 'Nomination', {
      definitionFile: props.definitionFile ?? path.join(REPO_ROOT, 'workflows', 'nomination.asl.json'),
      tasks: {
        recordSubmission: recordSubmission.function,
        requestApproval: requestApproval.function,
        notify: notify.function,
        markNeedsAttention: markNeedsAttention.function,
      },
    });
    this.stateMachine = workflow.stateMachine;

    web.function.addEnvironment('TABLE_NAME', props.table.tableName);
    web.function.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    web.function.addEnvironment('PUBLIC_URL', this.publicUrl);

    // Least privilege, function by function.
    for (const fn of Object.values(this.functions) as TaskFunction[]) {
      grantTableReadWrite(props.table, fn.function);
    }
    this.stateMachine.grantStartExecution(web.function);
    this.stateMachine.grantTaskResponse(web.function);
    props.mail.grantSendEmail(recordSubmission.function);
    props.mail.grantSendEmail(requestApproval.function);
    props.mail.grantSendEmail(notify.function);

    this.operations = new Operations(this, 'Operations', {
      stateMachine: this.stateMachine,
      functions: {
        web: web.function,
        'record-submission': recordSubmission.function,
        'request-approval': requestApproval.function,
        notify: notify.function,
        'mark-needs-attention': markNeedsAttention.function,
      },
      alarmEmail: props.alarmEmail,
      webLogGroup: web.logGroup,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PublicUrl', { value: this.publicUrl });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn });
  }
}
