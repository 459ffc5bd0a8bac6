import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import directory from '../config/directory.json';
import { StatefulStack } from './stacks/stateful-stack';
import { WorkflowStack } from './stacks/workflow-stack';

export const DEFAULT_MAIL_DOMAIN = 'example.test';
/** The sender of the sample directory (config/directory.json), which the local runtime uses too. */
export const DEFAULT_MAIL_FROM = directory.mailFrom;

/** Deployment settings; `infra/app.ts` is the only place that reads them (from CDK context). */
export interface AwardAppConfig {
  /** @default 'example.test' */
  readonly mailDomain?: string;
  /** @default '고용서비스상 사무국 <award-office@example.test>' */
  readonly mailFrom?: string;
  /** Base URL of e-mailed links. @default the HTTP API endpoint */
  readonly publicUrl?: string;
  /** Subscribed to the alarm topic. @default none */
  readonly alarmEmail?: string;
  /** Lambda entry directory (tests). @default `<repo>/functions` */
  readonly functionsDir?: string;
  /** Run the cdk-nag AwsSolutions pack as a synth-time validation plugin. @default true */
  readonly nag?: boolean;
}

export interface AwardStacks {
  readonly stateful: StatefulStack;
  readonly workflow: WorkflowStack;
}

/** Stack ids (= CloudFormation stack names). */
export const STATEFUL_STACK_ID = 'AwardWorkflowStateful';
export const WORKFLOW_STACK_ID = 'AwardWorkflow';

/**
 * Builds the two environment-agnostic stacks into `app` and (unless `nag: false`) registers cdk-nag:
 * any unacknowledged AwsSolutions finding, error or warning, fails synthesis.
 */
export function buildApp(app: App, config: AwardAppConfig = {}): AwardStacks {
  const stateful = new StatefulStack(app, STATEFUL_STACK_ID, {
    description:
      '올해의 고용서비스상 워크플로: 상태 저장 리소스 (DynamoDB table, SES identity and configuration set)',
    mailDomain: config.mailDomain ?? DEFAULT_MAIL_DOMAIN,
    mailFrom: config.mailFrom ?? DEFAULT_MAIL_FROM,
    terminationProtection: true,
  });
  const workflow = new WorkflowStack(app, WORKFLOW_STACK_ID, {
    description: '올해의 고용서비스상 워크플로: functions, state machine, HTTP API, alarms',
    table: stateful.table,
    mail: stateful.mail,
    publicUrl: config.publicUrl,
    alarmEmail: config.alarmEmail,
    functionsDir: config.functionsDir,
  });
  workflow.addStackDependency(stateful);
  Tags.of(app).add('project', 'award-workflow');
  if (config.nag ?? true) addNagChecks(app);
  return { stateful, workflow };
}

/** cdk-nag 3 is a policy validation plugin (not an Aspect): it runs after the templates are written. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/** Reads the optional settings from CDK context (`cdk synth -c mailDomain=... -c alarmEmail=...`). */
export function configFromContext(app: App): AwardAppConfig {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`context "${key}" must be a string`);
    return value;
  };
  return {
    mailDomain: text('mailDomain'),
    mailFrom: text('mailFrom'),
    publicUrl: text('publicUrl'),
    alarmEmail: text('alarmEmail'),
  };
}

if (require.main === module) {
  const app = new App();
  buildApp(app, configFromContext(app));
  app.synth();
}
