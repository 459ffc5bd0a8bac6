import { App, Fn, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import directory from '../config/directory.json';
import type { ApiThrottles } from './constructs/web-api';
import { EDGE_REGION, type EdgeRateLimits, EdgeStack, WEB_ACL_ARN_OUTPUT } from './stacks/edge-stack';
import { IntakeStack } from './stacks/intake-stack';
import { StatefulStack } from './stacks/stateful-stack';
import { WorkflowStack } from './stacks/workflow-stack';

export const DEFAULT_MAIL_DOMAIN = 'example.test';
/** The sender of the sample directory (config/directory.json), which the local runtime uses too. */
export const DEFAULT_MAIL_FROM = directory.mailFrom;
/** The intake address of the sample directory (config/directory.json). */
export const DEFAULT_INTAKE_ADDRESS = directory.intakeAddress;

/** Deployment settings; `infra/app.ts` is the only place that reads them (from CDK context). */
export interface AwardAppConfig {
  /** @default 'example.test' */
  readonly mailDomain?: string;
  /** @default '고용서비스상 사무국 <award-office@example.test>' */
  readonly mailFrom?: string;
  /** Base URL of e-mailed links. @default the CloudFront distribution in front of the HTTP API */
  readonly publicUrl?: string;
  /**
   * ARN of a WAFv2 WebACL of scope CLOUDFRONT (it lives in us-east-1) for the distribution.
   * Given, the app uses it and creates no edge stack. @default the edge stack's WebACL
   */
  readonly webAclArn?: string;
  /**
   * Create the edge stack (`AwardWorkflowEdge`, us-east-1): the distribution's WAF WebACL.
   * @default true (false: no WAF, unless `webAclArn`)
   */
  readonly waf?: boolean;
  /** Per-IP rate limits of the WebACL. @default DEFAULT_EDGE_RATE_LIMITS (infra/stacks/edge-stack.ts) */
  readonly wafRateLimits?: EdgeRateLimits;
  /** Throttling per route of the HTTP API. @default DEFAULT_THROTTLES (infra/constructs/web-api.ts) */
  readonly throttles?: ApiThrottles;
  /** Subscribed to the alarm topics. @default none */
  readonly alarmEmail?: string;
  /**
   * Region the stateful and workflow stacks are deployed to (they stay environment-agnostic).
   * Required with `receivingRegion`: the intake stack there names the table and state machine by it.
   */
  readonly region?: string;
  /**
   * Region of the intake stack, one with SES email receiving (Seoul has none), e.g. `us-east-1`.
   * @default the workflow's region (the intake stack is environment-agnostic too)
   */
  readonly receivingRegion?: string;
  /** Address that turns mail into nominations. @default config/directory.json `intakeAddress` */
  readonly intakeAddress?: string;
  /** Days the attachments of intake mails are kept. @default 1826 */
  readonly attachmentRetentionDays?: number;
  /** Physical table name. @default 'award-workflow' */
  readonly tableName?: string;
  /** Physical state machine name. @default 'NominationWorkflow' */
  readonly stateMachineName?: string;
  /** Lambda entry directory (tests). @default `<repo>/functions` */
  readonly functionsDir?: string;
  /** Run the cdk-nag AwsSolutions pack as a synth-time validation plugin. @default true */
  readonly nag?: boolean;
}

export interface AwardStacks {
  readonly stateful: StatefulStack;
  readonly workflow: WorkflowStack;
  readonly intake: IntakeStack;
  /** The WebACL for CloudFront, in us-east-1 (absent with `waf: false` or a given `webAclArn`). */
  readonly edge?: EdgeStack;
}

/** Stack ids (= CloudFormation stack names). */
export const STATEFUL_STACK_ID = 'AwardWorkflowStateful';
export const WORKFLOW_STACK_ID = 'AwardWorkflow';
export const INTAKE_STACK_ID = 'AwardWorkflowIntake';
export const EDGE_STACK_ID = 'AwardWorkflowEdge';

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Builds the stacks (stateful; edge, unless `waf: false` or `webAclArn`; workflow; intake) into `app`
 * and (unless `nag: false`) registers cdk-nag: any unacknowledged AwsSolutions finding, error or
 * warning, fails synthesis. The stateful and workflow stacks are environment-agnostic; the intake stack
 * too, unless `receivingRegion` puts it in another region; the edge stack is always in us-east-1.
 */
export function buildApp(app: App, config: AwardAppConfig = {}): AwardStacks {
  const region = checkRegion(config.region, 'region');
  const receivingRegion = checkRegion(config.receivingRegion, 'receivingRegion');
  if (receivingRegion !== undefined && region === undefined) {
    throw new Error(
      `receivingRegion "${receivingRegion}" needs the region of the workflow: set context "region" too ` +
        `(e.g. cdk synth -c region=ap-northeast-2 -c receivingRegion=${receivingRegion}); the intake stack ` +
        'names the table and state machine there.',
    );
  }
  const crossRegion = receivingRegion !== undefined && receivingRegion !== region;
  const mailDomain = config.mailDomain ?? DEFAULT_MAIL_DOMAIN;
  const mailFrom = config.mailFrom ?? DEFAULT_MAIL_FROM;

  const stateful = new StatefulStack(app, STATEFUL_STACK_ID, {
    description:
      '올해의 고용서비스상 워크플로: 상태 저장 리소스 (DynamoDB table, SES identity and configuration set)',
    mailDomain,
    mailFrom,
    tableName: config.tableName,
    terminationProtection: true,
  });
  // CloudFront takes WebACLs of scope CLOUDFRONT only, and those live in us-east-1: a stack of its own
  // there, read by the (environment-agnostic) workflow stack with Fn::GetStackOutput across regions.
  const webAclArn = checkWebAclArn(config.webAclArn);
  const edge =
    webAclArn === undefined && (config.waf ?? true)
      ? new EdgeStack(app, EDGE_STACK_ID, {
          description: '올해의 고용서비스상 워크플로: WAF WebACL of the CloudFront distribution (us-east-1)',
          rateLimits: config.wafRateLimits,
        })
      : undefined;
  const workflow = new WorkflowStack(app, WORKFLOW_STACK_ID, {
    description: '올해의 고용서비스상 워크플로: functions, state machine, HTTP API, alarms',
    table: stateful.table,
    mail: stateful.mail,
    linkKey: stateful.linkKey,
    certificates: stateful.certificates,
    publicUrl: config.publicUrl,
    webAclArn: edge ? Fn.getStackOutput(edge.stackName, WEB_ACL_ARN_OUTPUT, EDGE_REGION) : webAclArn,
    throttles: config.throttles,
    alarmEmail: config.alarmEmail,
    functionsDir: config.functionsDir,
    stateMachineName: config.stateMachineName,
  });
  workflow.addStackDependency(stateful);
  if (edge) workflow.addStackDependency(edge);
  const intake = new IntakeStack(app, INTAKE_STACK_ID, {
    description: '올해의 고용서비스상 워크플로: 메일 접수 (SES receipt rule, bucket, inbound-email function)',
    env: crossRegion ? { region: receivingRegion } : undefined,
    workflow: {
      region: crossRegion ? region : undefined,
      tableName: stateful.tableName,
      stateMachineName: workflow.stateMachineName,
    },
    intakeAddress: config.intakeAddress ?? DEFAULT_INTAKE_ADDRESS,
    // SES identities are regional: in another region the intake stack verifies the domain itself.
    mail: crossRegion ? { mailDomain, mailFrom } : { sender: stateful.mail },
    attachmentRetentionDays: config.attachmentRetentionDays,
    alarmEmail: config.alarmEmail,
    functionsDir: config.functionsDir,
  });
  // Deploy order only (no references across regions): the table and state machine exist first.
  intake.addStackDependency(workflow);
  Tags.of(app).add('project', 'award-workflow');
  if (config.nag ?? true) addNagChecks(app);
  return { stateful, workflow, intake, ...(edge ? { edge } : {}) };
}

function checkRegion(value: string | undefined, key: string): string | undefined {
  if (value !== undefined && !REGION_PATTERN.test(value)) {
    throw new Error(`context "${key}" must be an AWS region name such as us-east-1, not "${value}"`);
  }
  return value;
}

function checkWebAclArn(value: string | undefined): string | undefined {
  if (
    value !== undefined &&
    !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(value)
  ) {
    throw new Error(
      `context "webAclArn" must be the ARN of a WAFv2 WebACL of scope CLOUDFRONT (in us-east-1, ".../global/webacl/<name>/<id>"), not "${value}"`,
    );
  }
  return value;
}

/** cdk-nag 3 is a policy validation plugin (not an Aspect): it runs after the templates are written. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/**
 * Reads the optional settings from CDK context (`cdk synth -c mailDomain=... -c alarmEmail=...
 * -c region=ap-northeast-2 -c receivingRegion=us-east-1`).
 */
export function configFromContext(app: App): AwardAppConfig {
  const raw = (key: string): unknown => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : value;
  };
  const text = (key: string): string | undefined => {
    const value = raw(key);
    if (value !== undefined && typeof value !== 'string')
      throw new Error(`context "${key}" must be a string`);
    return value;
  };
  const flag = (key: string): boolean | undefined => {
    const value = raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`context "${key}" must be true or false`);
  };
  const wholeNumber = (key: string): number | undefined => {
    const value = raw(key);
    if (value === undefined) return undefined;
    // `-c key=1826` arrives as a string, cdk.json may hold a number.
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
      throw new Error(`context "${key}" must be a positive whole number`);
    }
    return number;
  };
  return {
    mailDomain: text('mailDomain'),
    mailFrom: text('mailFrom'),
    publicUrl: text('publicUrl'),
    webAclArn: text('webAclArn'),
    waf: flag('waf'),
    alarmEmail: text('alarmEmail'),
    region: text('region'),
    receivingRegion: text('receivingRegion'),
    intakeAddress: text('intakeAddress'),
    attachmentRetentionDays: wholeNumber('attachmentRetentionDays'),
    tableName: text('tableName'),
    stateMachineName: text('stateMachineName'),
  };
}

if (require.main === module) {
  const app = new App();
  buildApp(app, configFromContext(app));
  app.synth();
}
