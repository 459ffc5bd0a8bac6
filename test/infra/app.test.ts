import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  buildApp,
  configFromContext,
  EDGE_STACK_ID,
  INTAKE_STACK_ID,
  STATEFUL_STACK_ID,
  WORKFLOW_STACK_ID,
} from '../../infra/app';
import { newApp } from './support';

const CROSS_REGION = { region: 'ap-northeast-2', receivingRegion: 'us-east-1' };

function synthJson(config = {}): Record<string, unknown> {
  const app = newApp();
  const stacks = buildApp(app, { nag: false, ...config });
  return Object.fromEntries(
    Object.values(stacks).map((stack) => [stack.stackName, Template.fromStack(stack).toJSON()]),
  );
}

test.each([
  ['one region', {}],
  ['another receiving region', CROSS_REGION],
])('synth is deterministic (two apps, identical templates): %s', (_, config) => {
  const first = JSON.stringify(synthJson(config));
  const second = JSON.stringify(synthJson(config));
  expect(first).toBe(second);
});

test('three environment-agnostic stacks and the edge stack in us-east-1; workflow depends on stateful and edge, intake on workflow', () => {
  const app = newApp();
  const { stateful, workflow, intake, edge } = buildApp(app, { nag: false });
  expect(app.node.children.map((c) => c.node.id)).toEqual([
    STATEFUL_STACK_ID,
    EDGE_STACK_ID,
    WORKFLOW_STACK_ID,
    INTAKE_STACK_ID,
  ]);
  expect(edge?.environment).toBe('aws://unknown-account/us-east-1');
  expect(workflow.dependencies).toContain(edge);
  expect([stateful.stackName, workflow.stackName, intake.stackName]).toEqual([
    STATEFUL_STACK_ID,
    WORKFLOW_STACK_ID,
    INTAKE_STACK_ID,
  ]);
  for (const stack of [stateful, workflow, intake]) {
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  }
  expect(workflow.dependencies).toContain(stateful);
  expect(intake.dependencies).toContain(workflow);
});

test.each([
  ['one region', {}],
  ['another receiving region', CROSS_REGION],
])('no CDK errors or warnings (e.g. deprecated APIs) on any stack: %s', (_, config) => {
  const app = newApp();
  const stacks = buildApp(app, { nag: false, ...config });
  for (const stack of Object.values(stacks)) {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  }
});

test('configFromContext reads the optional settings', () => {
  const app = new App({
    context: {
      mailDomain: 'award.example.kr',
      mailFrom: '사무국 <office@award.example.kr>',
      publicUrl: 'https://award.example.kr',
      alarmEmail: 'ops@example.kr',
      region: 'ap-northeast-2',
      receivingRegion: 'us-east-1',
      intakeAddress: 'intake@in.award.example.kr',
      attachmentRetentionDays: '3650',
      tableName: 'award',
      stateMachineName: 'Nominations',
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/award/abc',
      waf: 'false',
    },
  });
  expect(configFromContext(app)).toEqual({
    mailDomain: 'award.example.kr',
    mailFrom: '사무국 <office@award.example.kr>',
    publicUrl: 'https://award.example.kr',
    alarmEmail: 'ops@example.kr',
    region: 'ap-northeast-2',
    receivingRegion: 'us-east-1',
    intakeAddress: 'intake@in.award.example.kr',
    attachmentRetentionDays: 3650,
    tableName: 'award',
    stateMachineName: 'Nominations',
    webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/award/abc',
    waf: false,
  });
  expect(Object.values(configFromContext(new App())).every((v) => v === undefined)).toBe(true);
  expect(
    configFromContext(new App({ context: { attachmentRetentionDays: 30 } })).attachmentRetentionDays,
  ).toBe(30);
  expect(() => configFromContext(new App({ context: { alarmEmail: 42 } }))).toThrow(/must be a string/);
  expect(() => configFromContext(new App({ context: { waf: 'no' } }))).toThrow(/must be true or false/);
  expect(configFromContext(new App({ context: { waf: true } })).waf).toBe(true);
  for (const bad of ['1.5', '-3', 'forever', 0]) {
    expect(() => configFromContext(new App({ context: { attachmentRetentionDays: bad } }))).toThrow(
      /must be a positive whole number/,
    );
  }
});
