import { Match } from 'aws-cdk-lib/assertions';
import { SES_DETAIL_TYPES } from '../../functions/contracts/mail-events';
import { METRICS, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/contracts/observability';
import {
  actionsOf,
  type Built,
  build,
  functionRoleId,
  logicalId,
  only,
  resourcesOf,
  resourcesOfType,
  roleStatements,
} from './support';

/** SES events to the mail-events function: the rule, its dead-letter queue, the role, the alarms. */
let built: Built;
let fnId: string;
beforeAll(() => {
  built = build();
  fnId = logicalId(built.workflow.mailEvents.handler.function);
});
const template = () => built.workflowTemplate;

test("a rule on the default bus for the configuration set's bounce, complaint and delivery events only", () => {
  const rule = only(
    Object.values(resourcesOfType(template(), 'AWS::Events::Rule')).filter((r) => r.Properties.EventPattern),
    'event pattern rule',
  );
  expect(rule.Properties.EventBusName).toBeUndefined(); // the default bus: the only one SES publishes to
  expect(rule.Properties.EventPattern).toEqual({
    source: ['aws.ses'],
    'detail-type': Object.values(SES_DETAIL_TYPES),
    detail: { mail: { tags: { 'ses:configuration-set': [expect.anything()] } } },
  });
  expect(JSON.stringify(rule.Properties.EventPattern)).not.toMatch(/Opened|Clicked/);
  expect(rule.Properties.Targets).toEqual([
    expect.objectContaining({
      Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 86400 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    }),
  ]);
});

test('the dead-letter queue is encrypted, TLS only, and EventBridge may send to it', () => {
  const queueId = logicalId(built.workflow.mailEvents.deadLetterQueue);
  template().hasResourceProperties('AWS::SQS::Queue', {
    SqsManagedSseEnabled: true,
    MessageRetentionPeriod: 1209600,
  });
  template().hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [{ Ref: queueId }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
      ]),
    },
  });
});

test('least privilege: item reads and writes on the table only (no index, no query, no scan, no delete), no SES', () => {
  const statements = roleStatements(template(), functionRoleId(template(), fnId));
  const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
  expect(actionsOf(dynamo).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  const resources = JSON.stringify(dynamo.flatMap(resourcesOf));
  expect(resources).not.toContain('/index/');
  expect(resources).not.toContain('*');
  expect(actionsOf(statements).filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual(
    [],
  );
  const fn = resourcesOfType(template(), 'AWS::Lambda::Function')[fnId];
  expect(Object.keys(fn?.Properties.Environment.Variables)).toContain('TABLE_NAME');
  expect(Object.keys(fn?.Properties.Environment.Variables)).not.toContain('MAIL_FROM');
});

test('alarms: an approver address that bounced, a complaint, dead letters, errors', () => {
  const alarm = (id: string) => {
    const alarms = built.workflow.operations.alarms.filter((a) => a.node.id === id);
    return resourcesOfType(template(), 'AWS::CloudWatch::Alarm')[logicalId(only(alarms, id))]?.Properties;
  };
  for (const [id, key] of [
    ['ApproverMailBouncedAlarm', 'approverMailBounced'],
    ['MailComplaintsAlarm', 'mailComplaints'],
  ] as const) {
    expect(alarm(id)).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRICS[key].name,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  }
  expect(alarm('MailEventsDeadLettersAlarm')).toMatchObject({
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
  });
  expect(alarm('MailEventsErrorsAlarm')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
});
