/**
 * Least privilege, function by function (issue 9): each role's statements exactly (actions, resources,
 * conditions), written out here rather than imported from infra/constructs/grants.ts, so a change of
 * a grant must be made twice: there, from what the function's adapters call, and here.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import type { TaskFunction } from '../../infra/constructs/task-function';
import {
  actionsOf,
  type Built,
  build,
  type CfnJson,
  cfnText,
  functionRoleId,
  logicalId,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  type Statement,
} from './support';

const FROM = { StringEquals: { 'ses:FromAddress': 'award-office@example.test' } };
const LOGS = { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['own log group'] };
const SEND_MAIL = {
  actions: ['ses:SendEmail'],
  resources: ['ses configuration set', 'ses identity'],
  condition: FROM,
};
const LINK_KEY = { actions: ['secretsmanager:GetSecretValue'], resources: ['link key'] };
const QUERY_GSI1 = { actions: ['dynamodb:Query'], resources: ['table/index/gsi1'] };
const table = (...actions: string[]) => ({
  actions: actions.map((a) => `dynamodb:${a}`),
  resources: ['table'],
});
/** Reads and writes of a nomination plus the send-once log of its mails (Put, Update, Delete). */
const MAILING_TABLE = table('DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem');

interface Expected {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: unknown;
}

const EXPECTED: Record<string, readonly Expected[]> = {
  web: [
    LOGS,
    MAILING_TABLE,
    SEND_MAIL,
    { actions: ['s3:GetObject'], resources: ['certificates/*'] },
    { actions: ['states:StartExecution'], resources: ['state machine'] },
    { actions: ['states:SendTaskSuccess'], resources: ['state machine'] },
  ],
  review: [
    LOGS,
    table('BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
    QUERY_GSI1,
    SEND_MAIL,
    LINK_KEY,
    { actions: ['states:SendTaskSuccess'], resources: ['state machine'] },
  ],
  export: [LOGS, table('GetItem', 'Query'), QUERY_GSI1],
  recordSubmission: [LOGS, MAILING_TABLE, SEND_MAIL, LINK_KEY],
  requestApproval: [LOGS, MAILING_TABLE, SEND_MAIL, LINK_KEY],
  requestCorrection: [
    LOGS,
    table('ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
    SEND_MAIL,
    { actions: ['states:SendTaskSuccess'], resources: ['state machine'] },
  ],
  notify: [
    LOGS,
    MAILING_TABLE,
    SEND_MAIL,
    LINK_KEY,
    { actions: ['s3:GetObject'], resources: ['certificates/*'] },
  ],
  issueCertificate: [
    LOGS,
    table('GetItem', 'PutItem', 'Query', 'UpdateItem'),
    { actions: ['s3:GetObject', 's3:PutObject'], resources: ['certificates/*'] },
  ],
  markNeedsAttention: [LOGS, table('GetItem', 'PutItem', 'UpdateItem')],
  remindApprovals: [
    LOGS,
    table('BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'),
    QUERY_GSI1,
    SEND_MAIL,
    LINK_KEY,
  ],
  mailEvents: [LOGS, table('GetItem', 'PutItem', 'UpdateItem')],
  inboundEmail: [
    LOGS,
    MAILING_TABLE,
    SEND_MAIL,
    { actions: ['s3:GetObject'], resources: ['intake inbound/*'] },
    { actions: ['s3:DeleteObject', 's3:PutObject'], resources: ['intake attachments/*'] },
    { actions: ['states:StartExecution'], resources: ['state machine'] },
    { actions: ['sqs:SendMessage'], resources: ['dead-letter queue'] },
  ],
};

let built: Built;
let fns: Record<string, { fn: TaskFunction; template: Template }>;

beforeAll(() => {
  built = build();
  const { workflow, intake } = built;
  const inWorkflow = (fn: TaskFunction) => ({ fn, template: built.workflowTemplate });
  fns = {
    ...Object.fromEntries(Object.entries(workflow.functions).map(([k, fn]) => [k, inWorkflow(fn)])),
    export: inWorkflow(workflow.exporter),
    mailEvents: inWorkflow(workflow.mailEvents.handler),
    inboundEmail: { fn: intake.inbound, template: built.intakeTemplate },
  };
});

/** A resource ARN by what it is (throws on anything not expected of a function role). */
function resourceName(value: CfnJson, ownLogGroup: string): string {
  const text = cfnText(value);
  if (text === ownLogGroup) return 'own log group';
  const rules: [RegExp, string][] = [
    [/^<Import:AwardWorkflowStateful:ExportsOutputFnGetAttAwardTable\w+Arn\w*>$/, 'table'],
    [
      /^<Import:AwardWorkflowStateful:ExportsOutputFnGetAttAwardTable\w+Arn\w*>\/index\/gsi1$/,
      'table/index/gsi1',
    ],
    [/^arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\/award-workflow$/, 'table'],
    [
      /:ses:<AWS::Region>:<AWS::AccountId>:identity\/<Import:AwardWorkflowStateful:ExportsOutputRefMailIdentity\w+>$/,
      'ses identity',
    ],
    [
      /:ses:<AWS::Region>:<AWS::AccountId>:configuration-set\/<Import:AwardWorkflowStateful:\w+>$/,
      'ses configuration set',
    ],
    [/^<Import:AwardWorkflowStateful:ExportsOutputRefLinkKeySecret\w+>$/, 'link key'],
    [/^<Import:AwardWorkflowStateful-CertificateBucketArn>\/certificates\/\*$/, 'certificates/*'],
    [/^<NominationStateMachine\w+>$/, 'state machine'],
    [
      /^arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:NominationWorkflow$/,
      'state machine',
    ],
    [/^<IntakeBucket\w+\.Arn>\/inbound\/\*$/, 'intake inbound/*'],
    [/^<IntakeBucket\w+\.Arn>\/attachments\/\*$/, 'intake attachments/*'],
    [/^<InboundDeadLetterQueue\w+\.Arn>$/, 'dead-letter queue'],
  ];
  const found = rules.find(([pattern]) => pattern.test(text));
  if (!found) throw new Error(`unexpected resource ${text}`);
  return found[1];
}

function normalised(statements: readonly Statement[], ownLogGroup: string): Expected[] {
  return statements
    .map((s) => {
      expect(s.Effect).toBe('Allow');
      return {
        actions: actionsOf([s]),
        resources: resourcesOf(s)
          .map((r) => resourceName(r, ownLogGroup))
          .sort(),
        ...(s.Condition === undefined ? {} : { condition: s.Condition }),
      };
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function expectedOf(key: string): Expected[] {
  return (EXPECTED[key] ?? [])
    .map((e) => ({ ...e, actions: [...e.actions].sort(), resources: [...e.resources].sort() }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

test('every Lambda function of the app has its expected role here', () => {
  const count = (t: Template) => Object.keys(resourcesOfType(t, 'AWS::Lambda::Function')).length;
  expect(Object.keys(fns).sort()).toEqual(Object.keys(EXPECTED).sort());
  // No function escapes the list (e.g. a new one with a custom resource's or the CDK's own role).
  expect(count(built.workflowTemplate) + count(built.intakeTemplate)).toBe(Object.keys(EXPECTED).length);
});

describe.each(Object.keys(EXPECTED))('role of %s', (key) => {
  test('allows exactly its statements: actions, resources, conditions', () => {
    const { fn, template } = fns[key] as { fn: TaskFunction; template: Template };
    const fnId = logicalId(fn.function);
    const roleId = functionRoleId(template, fnId);
    const ownLogGroup = `<${logicalId(fn.logGroup)}.Arn>`;
    const role = resourcesOfType(template, 'AWS::IAM::Role')[roleId];
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    expect(normalised(roleStatements(template, roleId), ownLogGroup)).toEqual(expectedOf(key));
  });
});

test('no policy anywhere allows dynamodb:Scan, a dynamodb or service wildcard, DescribeTable or batch writes', () => {
  for (const template of [built.statefulTemplate, built.workflowTemplate, built.intakeTemplate]) {
    const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'));
    const roles = Object.values(resourcesOfType(template, 'AWS::IAM::Role'));
    const statements: Statement[] = [
      ...policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]),
      ...roles.flatMap((r) =>
        ((r.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
          (p) => p.PolicyDocument.Statement,
        ),
      ),
    ];
    const actions = actionsOf(statements);
    expect(
      actions.filter((a) => /^dynamodb:(Scan|\*|DescribeTable|BatchWriteItem|Transact)/.test(a)),
    ).toEqual([]);
    expect(actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a))).toEqual([]);
  }
});

test('every ses:SendEmail grant is bound to the configured sender (ses:FromAddress)', () => {
  for (const template of [built.workflowTemplate, built.intakeTemplate]) {
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    const sends = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(sends.length).toBeGreaterThan(0);
    for (const s of sends) expect(s.Condition).toEqual(FROM);
  }
});

test('a custom mailFrom becomes the ses:FromAddress condition (the bare address)', () => {
  const custom = build({
    mailDomain: 'award.example.kr',
    mailFrom: '사무국 <office@award.example.kr>',
    intakeAddress: 'nominations@award.example.kr',
  });
  const statements = Object.values(resourcesOfType(custom.workflowTemplate, 'AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  );
  const conditions = statements
    .filter((s) => actionsOf([s]).includes('ses:SendEmail'))
    .map((s) => s.Condition);
  expect(conditions).toHaveLength(7);
  for (const c of conditions)
    expect(c).toEqual({ StringEquals: { 'ses:FromAddress': 'office@award.example.kr' } });
});
