import * as path from 'node:path';
import {
  ArnFormat,
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  CERTIFICATE_FONT_DIR,
  CERTIFICATE_FONT_PACKAGE,
  CERTIFICATE_FONTS,
  type CertificateFontName,
  certificateFontFile,
} from '../../functions/contracts/certificates';
import { mapTasks, NOMINATION_TASKS, type NominationTask } from '../../workflows/nomination-tasks';
import type { CertificateBucket } from '../constructs/certificate-bucket';
import { grantTableAccess } from '../constructs/grants';
import type { LinkKey } from '../constructs/link-key';
import { MailEvents } from '../constructs/mail-events';
import type { MailSender } from '../constructs/mail-sending';
import { NominationStateMachine } from '../constructs/nomination-state-machine';
import { Operations } from '../constructs/operations';
import { ReminderSweep } from '../constructs/reminder-sweep';
import { TaskFunction } from '../constructs/task-function';
import { type ApiThrottles, WebApi } from '../constructs/web-api';
import { WebDistribution } from '../constructs/web-distribution';

const REPO_ROOT = path.join(__dirname, '..', '..');

/** The certificate fonts, from the npm package into `fonts/` of the issue-certificate package. */
function certificateFontAssets(): { from: string; to: string }[] {
  return (Object.keys(CERTIFICATE_FONTS) as CertificateFontName[]).map((font) => ({
    from: path.join(REPO_ROOT, 'node_modules', CERTIFICATE_FONT_PACKAGE, CERTIFICATE_FONTS[font]),
    to: path.posix.join(CERTIFICATE_FONT_DIR, certificateFontFile(font)),
  }));
}

export interface WorkflowStackProps extends StackProps {
  /** The single table (from the stateful stack). */
  readonly table: dynamodb.ITableV2;
  /** SES sending (from the stateful stack). */
  readonly mail: MailSender;
  /** The key approval links are derived under (from the stateful stack). */
  readonly linkKey: LinkKey;
  /** Issued certificates, 표창장 PDFs (from the stateful stack). */
  readonly certificates: CertificateBucket;
  /** Base URL used in e-mailed links. @default the CloudFront distribution's URL */
  readonly publicUrl?: string;
  /** Throttling per route of the HTTP API. @default DEFAULT_THROTTLES (infra/constructs/web-api.ts) */
  readonly throttles?: ApiThrottles;
  /** A WAFv2 WebACL (scope CLOUDFRONT, in us-east-1) for the distribution. @default none */
  readonly webAclArn?: string;
  /** Address subscribed to the alarm topic. @default no subscription */
  readonly alarmEmail?: string;
  /** Directory of the Lambda entry files. @default `<repo>/functions` */
  readonly functionsDir?: string;
  /** The ASL file. @default `<repo>/workflows/nomination.asl.json` */
  readonly definitionFile?: string;
  /**
   * Physical name of the state machine, fixed so that the intake stack (possibly in another region)
   * can build its ARN. @default {@link DEFAULT_STATE_MACHINE_NAME}
   */
  readonly stateMachineName?: string;
}

export { DEFAULT_STATE_MACHINE_NAME } from '../../functions/contracts/names';

import { DEFAULT_STATE_MACHINE_NAME, FUNCTION_TIMEOUT_SECONDS } from '../../functions/contracts/names';

/** Per task function: construct id (kept stable: it names the resources), description, whether it mails. */
const TASK_FUNCTION_SETTINGS: Record<
  NominationTask,
  { id: string; description: string; sendsMail: boolean }
> = {
  recordSubmission: {
    id: 'RecordSubmission',
    description: 'award-workflow task: record a submitted nomination and mail the receipt',
    sendsMail: true,
  },
  requestApproval: {
    id: 'RequestApproval',
    description: 'award-workflow task: store the task token and e-mail the approver a link',
    sendsMail: true,
  },
  requestCorrection: {
    id: 'RequestCorrection',
    description: 'award-workflow task: store the task token and e-mail the center an edit link (correction)',
    sendsMail: true,
  },
  notify: {
    id: 'Notify',
    description: 'award-workflow task: awardee, rejection and return e-mails',
    sendsMail: true,
  },
  issueCertificate: {
    id: 'IssueCertificate',
    description: 'award-workflow task: render and keep the awardee certificate (PDF)',
    sendsMail: false,
  },
  markNeedsAttention: {
    id: 'MarkNeedsAttention',
    description: 'award-workflow task: mark a nomination for operator attention',
    sendsMail: false,
  },
};

/** The Lambda functions of the system, by role. */
export type AwardFunctions = {
  readonly web: TaskFunction;
  readonly review: TaskFunction;
  readonly remindApprovals: TaskFunction;
} & Readonly<Record<NominationTask, TaskFunction>>;

/**
 * Stateless part: the functions, the nomination state machine, the HTTP API and operations
 * (alarms, dashboard). Can be destroyed and redeployed without losing data.
 */
export class WorkflowStack extends Stack {
  readonly functions: AwardFunctions;
  /**
   * HQ's download of a cycle (CSV, XLSX): an HTTP function apart from `functions`, whose members all
   * read and write the table; this one only reads it (GetItem, Query).
   */
  readonly exporter: TaskFunction;
  readonly stateMachine: sfn.StateMachine;
  /** The state machine's physical name (a plain string, not a token). */
  readonly stateMachineName: string;
  readonly api: WebApi;
  /** CloudFront in front of the API: security headers on every answer, WAF. */
  readonly edge: WebDistribution;
  readonly operations: Operations;
  readonly reminders: ReminderSweep;
  /** SES's bounce, complaint and delivery events to the mail-events function (apart from `functions`: it may not query). */
  readonly mailEvents: MailEvents;
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

    // The HTTP API's two functions, by audience (functions/contracts/routes.ts says which serves what).
    const web = new TaskFunction(this, 'Web', {
      entry: entry('web'),
      description:
        'award-workflow web: nomination form, draft confirmation, status and correction pages (HTTP API)',
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.web),
      depsLockFilePath,
    });
    const review = new TaskFunction(this, 'Review', {
      entry: entry('review'),
      description: 'award-workflow review: approval pages, decisions, delegation and batch review (HTTP API)',
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.review),
      depsLockFilePath,
    });
    const exporter = new TaskFunction(this, 'Export', {
      entry: entry('export'),
      description: 'award-workflow export: HQ download of a cycle as CSV or XLSX (HTTP API)',
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.export),
      // A cycle of 10,000 nominations in one answer: memory for the rows and the workbook, and the CPU that comes with it.
      memorySize: 1024,
      environment: tableEnv,
      depsLockFilePath,
    });
    this.exporter = exporter;
    this.api = new WebApi(this, 'Api', {
      handlers: { web: web.function, review: review.function, export: exporter.function },
      throttles: props.throttles,
    });
    // The public address: links in mails and the pages' own-host check go through CloudFront. No cycle:
    // the distribution needs only the API's id, the functions' variables only the distribution's domain.
    this.edge = new WebDistribution(this, 'Edge', { httpApi: this.api.httpApi, webAclArn: props.webAclArn });
    this.publicUrl = props.publicUrl ?? this.edge.url;

    const mailEnv = {
      PUBLIC_URL: this.publicUrl,
      MAIL_FROM: props.mail.mailFrom,
      SES_CONFIGURATION_SET: props.mail.configurationSetName,
    };
    const tasks = mapTasks((task) => {
      const { id, description, sendsMail } = TASK_FUNCTION_SETTINGS[task];
      const fn = new TaskFunction(this, id, {
        entry: entry(NOMINATION_TASKS[task].entry),
        description,
        environment: sendsMail ? { ...tableEnv, ...mailEnv } : tableEnv,
        depsLockFilePath,
        // The certificate's fonts ship as files beside its bundle (functions/contracts/certificate-fonts.ts);
        // rendering a page with two 3 MB fonts wants more than the default CPU share.
        ...(task === 'issueCertificate' ? { assets: certificateFontAssets(), memorySize: 1024 } : {}),
      });
      if (sendsMail) props.mail.grantSendEmail(fn.function);
      return fn;
    });
    // Only the functions that mint links read the key they are derived under: approval links (the
    // first request, reminders and escalation, and (review) a delegate's link) and the status link
    // (the receipt in record-submission, the rejection and return mails in notify). Not web: its
    // pages say the status link comes by mail.
    for (const fn of [
      tasks.requestApproval.function,
      review.function,
      tasks.recordSubmission.function,
      tasks.notify.function,
    ]) {
      fn.addEnvironment('LINK_KEY_SECRET_ID', props.linkKey.secret.secretArn);
      props.linkKey.grantRead(fn);
    }
    this.reminders = new ReminderSweep(this, 'Reminders', {
      entry: entry('remind-approvals'),
      environment: { ...tableEnv, ...mailEnv, LINK_KEY_SECRET_ID: props.linkKey.secret.secretArn },
      depsLockFilePath,
    });
    props.linkKey.grantRead(this.reminders.handler.function);
    props.mail.grantSendEmail(this.reminders.handler.function);
    this.functions = { web, review, ...tasks, remindApprovals: this.reminders.handler };
    this.mailEvents = new MailEvents(this, 'MailEvents', {
      entry: entry('mail-events'),
      table: props.table,
      configurationSetName: props.mail.configurationSetName,
      depsLockFilePath,
    });
    const taskFunctions = mapTasks((task) => tasks[task].function);

    this.stateMachineName = props.stateMachineName ?? DEFAULT_STATE_MACHINE_NAME;
    const workflow = new NominationStateMachine(this, 'Nomination', {
      definitionFile: props.definitionFile ?? path.join(REPO_ROOT, 'workflows', 'nomination.asl.json'),
      tasks: taskFunctions,
      stateMachineName: this.stateMachineName,
    });
    this.stateMachine = workflow.stateMachine;
    // request-correction answers its own task when the nomination has no correction round left. By
    // the machine's fixed name: a reference to the machine would be a cycle (it invokes the function).
    tasks.requestCorrection.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: [
          this.formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: this.stateMachineName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );

    // Each HTTP function gets exactly the variables its handler reads (readEnv in functions/web.ts and
    // functions/review.ts). Both mail: web the draft confirmations to the center's registered
    // addresses, review a delegate's link.
    for (const fn of [web.function, review.function]) {
      fn.addEnvironment('TABLE_NAME', props.table.tableName);
      fn.addEnvironment('PUBLIC_URL', this.publicUrl);
      fn.addEnvironment('MAIL_FROM', props.mail.mailFrom);
      fn.addEnvironment('SES_CONFIGURATION_SET', props.mail.configurationSetName);
      props.mail.grantSendEmail(fn);
    }
    web.function.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);

    // Certificates (표창장): issue-certificate writes them (reading first: issued once), the awardee
    // mail attaches them, the status page offers them for download. The prefix only, nothing else.
    const certificateBucket = { CERTIFICATE_BUCKET: props.certificates.bucket.bucketName };
    for (const fn of [tasks.issueCertificate, tasks.notify, web]) {
      for (const [name, value] of Object.entries(certificateBucket)) fn.function.addEnvironment(name, value);
    }
    props.certificates.grantIssue(tasks.issueCertificate.role);
    props.certificates.grantRead(tasks.notify.role);
    props.certificates.grantRead(web.role);

    // Least privilege, function by function: table access from TABLE_ACCESS (infra/constructs/grants.ts).
    for (const [user, fn] of Object.entries({ ...this.functions, export: exporter })) {
      grantTableAccess(props.table, fn.function, user as keyof typeof this.functions | 'export');
    }
    // Only web starts executions (a confirmed draft); web, review (and request-correction, above) answer
    // waiting tasks, and only with SendTaskSuccess: web a correction (edit link), review a decision.
    this.stateMachine.grantStartExecution(web.function);
    for (const fn of [web.function, review.function]) this.stateMachine.grant(fn, 'states:SendTaskSuccess');

    this.operations = new Operations(this, 'Operations', {
      stateMachine: this.stateMachine,
      functions: {
        web: web.function,
        review: review.function,
        export: exporter.function,
        ...taskFunctions,
        remindApprovals: this.reminders.handler.function,
        mailEvents: this.mailEvents.handler.function,
      },
      mailEventsDeadLetterQueue: this.mailEvents.deadLetterQueue,
      alarmEmail: props.alarmEmail,
      // Both HTTP functions hand decisions or corrections to waiting tasks and log a lost answer.
      handoverLogGroups: { web: web.logGroup, review: review.logGroup },
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'The HTTP API itself (no security headers on its own 4xx/5xx, no WAF): use PublicUrl',
      value: this.api.url,
    });
    new CfnOutput(this, 'DistributionDomainName', { value: this.edge.distribution.distributionDomainName });
    new CfnOutput(this, 'PublicUrl', { value: this.publicUrl });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn });
  }
}
