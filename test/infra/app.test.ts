import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, configFromContext, STATEFUL_STACK_ID, WORKFLOW_STACK_ID } from '../../infra/app';
import { newApp } from './support';

function synthJson(): Record<string, unknown> {
  const app = newApp();
  const { stateful, workflow } = buildApp(app, { nag: false });
  return {
    [stateful.stackName]: Template.fromStack(stateful).toJSON(),
    [workflow.stackName]: Template.fromStack(workflow).toJSON(),
  };
}

test('synth is deterministic (two apps, identical templates)', () => {
  const first = JSON.stringify(synthJson());
  const second = JSON.stringify(synthJson());
  expect(first).toBe(second);
});

test('two environment-agnostic stacks; the stateless one depends on the stateful one', () => {
  const app = newApp();
  const { stateful, workflow } = buildApp(app, { nag: false });
  expect([stateful.stackName, workflow.stackName]).toEqual([STATEFUL_STACK_ID, WORKFLOW_STACK_ID]);
  for (const stack of [stateful, workflow]) {
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  }
  expect(workflow.dependencies).toContain(stateful);
});

test('no CDK errors or warnings (e.g. deprecated APIs) on either stack', () => {
  const app = newApp();
  const { stateful, workflow } = buildApp(app, { nag: false });
  for (const stack of [stateful, workflow]) {
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
    },
  });
  expect(configFromContext(app)).toEqual({
    mailDomain: 'award.example.kr',
    mailFrom: '사무국 <office@award.example.kr>',
    publicUrl: 'https://award.example.kr',
    alarmEmail: 'ops@example.kr',
  });
  expect(configFromContext(new App())).toEqual({
    mailDomain: undefined,
    mailFrom: undefined,
    publicUrl: undefined,
    alarmEmail: undefined,
  });
  expect(() => configFromContext(new App({ context: { alarmEmail: 42 } }))).toThrow(/must be a string/);
});
