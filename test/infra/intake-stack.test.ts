import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ENV_NAMES } from '../../functions/adapters/config';
import { buildApp } from '../../infra/app';
import { RUNTIME_ENVIRONMENT } from '../../infra/constructs/task-function';
import {
  actionsOf,
  allowing,
  type Built,
  build,
  type CfnJson,
  cfnText,
  functionRoleId,
  logicalId,
  must,
  newApp,
  only,
  resourcesOf,
  resourcesOfType,
  roleStatements,
} from './support';

let built: Built;
let fnId: string;
let bucketId: string;
let logBucketId: string;
let dlqId: string;
let topicId: string;

beforeAll(() => {
  built = build();
  fnId = logicalId(built.intake.inbound.function);
  bucketId = logicalId(built.intake.intakeBucket.bucket);
  logBucketId = logicalId(built.intake.intakeBucket.accessLogBucket);
  dlqId = logicalId(built.intake.deadLetterQueue);
  topicId = logicalId(built.intake.alarmTopic);
});

const template = () => built.intakeTemplate;
const getAttArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const resource = (t: Template, type: string, id: string) =>
  must(resourcesOfType(t, type)[id], `${type} ${id}`) as { Properties: CfnJson };
const envOf = (t: Template, id: string): Record<string, CfnJson> =>
  resource(t, 'AWS::Lambda::Function', id).Properties.Environment.Variables;
const statementsOf = (t: Template, id: string) => roleStatements(t, functionRoleId(t, id));
const rule = () => only(Object.values(resourcesOfType(template(), 'AWS::SES::ReceiptRule')), 'receipt rule');

describe('intake bucket', () => {
  test.each([
    ['intake', () => bucketId],
    ['access log', () => logBucketId],
  ])(
    '%s bucket: S3-managed encryption, all public access blocked, ACLs off, unversioned, retained',
    (_, id) => {
      const bucket = template().toJSON().Resources[id()];
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
      expect(bucket.Properties.AccessControl).toBeUndefined();
    },
  );

  test.each([
    ['intake', () => bucketId],
    ['access log', () => logBucketId],
  ])('%s bucket policy denies requests without TLS', (_, id) => {
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('lifecycle: inbound/ expires after 30 days, attachments/ after the retention (1826 days)', () => {
    const rules = resource(template(), 'AWS::S3::Bucket', bucketId).Properties.LifecycleConfiguration.Rules;
    const byPrefix = (prefix: string) =>
      only(
        rules.filter((r: CfnJson) => r.Prefix === prefix),
        prefix,
      );
    expect(byPrefix('inbound/')).toMatchObject({ ExpirationInDays: 30, Status: 'Enabled' });
    expect(byPrefix('attachments/')).toMatchObject({ ExpirationInDays: 1826, Status: 'Enabled' });
  });

  test('attachmentRetentionDays setting; a non-positive or fractional value is refused', () => {
    const custom = build({ attachmentRetentionDays: 3650 });
    const rules = resource(custom.intakeTemplate, 'AWS::S3::Bucket', bucketId).Properties
      .LifecycleConfiguration.Rules;
    expect(rules.find((r: CfnJson) => r.Prefix === 'attachments/')?.ExpirationInDays).toBe(3650);
    for (const days of [0, -1, 1.5]) {
      expect(() => buildApp(newApp(), { nag: false, attachmentRetentionDays: days })).toThrow(
        /attachmentRetentionDays/,
      );
    }
  });

  test('server access logs go to the separate log bucket, delivered by bucket policy for this bucket only', () => {
    expect(resource(template(), 'AWS::S3::Bucket', bucketId).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logBucketId },
      LogFilePrefix: 'intake/',
    });
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': getAttArn(bucketId) },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      },
    });
  });

  test('SES may put objects only under inbound/, from this account', () => {
    const policy = only(
      Object.values(resourcesOfType(template(), 'AWS::S3::BucketPolicy')).filter(
        (p) => p.Properties.Bucket.Ref === bucketId,
      ),
      'intake bucket policy',
    );
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: CfnJson) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [getAttArn(bucketId), '/inbound/*']] },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });
});

describe('receipt rule', () => {
  test('one rule set with one rule for the intake address: spam and virus scan, TLS required', () => {
    template().resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    expect(rule().Properties).toMatchObject({
      RuleSetName: { Ref: logicalId(built.intake.receiving.ruleSet) },
      Rule: {
        Enabled: true,
        Recipients: ['nominations@example.test'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
      },
    });
  });

  test('actions in order: store in S3 under inbound/, then invoke the inbound function asynchronously', () => {
    expect(rule().Properties.Rule.Actions).toEqual([
      { S3Action: { BucketName: { Ref: bucketId }, ObjectKeyPrefix: 'inbound/' } },
      { LambdaAction: { FunctionArn: getAttArn(fnId), InvocationType: 'Event' } },
    ]);
  });

  test('SES may invoke the function, for this account only; the rule waits for both permissions', () => {
    const permissions = Object.entries(resourcesOfType(template(), 'AWS::Lambda::Permission'));
    const [permissionId, permission] = only(permissions, 'Lambda permission');
    expect(permission.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: getAttArn(fnId),
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    const bucketPolicyId = logicalId(must(built.intake.intakeBucket.bucket.policy, 'bucket policy'));
    const ruleResource = template().toJSON().Resources[logicalId(built.intake.receiving.rule)];
    expect(ruleResource.DependsOn).toEqual(expect.arrayContaining([permissionId, bucketPolicyId]));
  });

  test('intakeAddress setting; an address off the mail domain or not bare is refused', () => {
    const custom = build({ intakeAddress: 'award-intake@in.example.test' });
    custom.intakeTemplate.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({ Recipients: ['award-intake@in.example.test'] }),
    });
    expect(() => buildApp(newApp(), { nag: false, intakeAddress: 'nominations@elsewhere.test' })).toThrow(
      /not on the mail domain/,
    );
    expect(() =>
      buildApp(newApp(), { nag: false, intakeAddress: '접수 <nominations@example.test>' }),
    ).toThrow(/bare e-mail address/);
  });
});

describe('inbound-email function', () => {
  test('nodejs22.x on arm64, no X-Ray, JSON logs filtered at INFO to its own log group (90 days)', () => {
    const fn = resource(template(), 'AWS::Lambda::Function', fnId).Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'INFO',
        LogGroup: { Ref: expect.any(String) },
      },
    });
    expect(fn.TracingConfig).toBeUndefined();
    const logGroup = resource(template(), 'AWS::Logs::LogGroup', fn.LoggingConfig.LogGroup.Ref);
    expect(logGroup.Properties.RetentionInDays).toBe(90);
  });

  test('environment: the handler contract, names of the workflow resources, no WORKFLOW_REGION in one region', () => {
    const env = envOf(template(), fnId);
    expect(Object.keys(env).sort()).toEqual(
      [
        'INTAKE_BUCKET',
        'MAIL_FROM',
        'NODE_OPTIONS',
        'POWERTOOLS_METRICS_DISABLED',
        'SES_CONFIGURATION_SET',
        'STATE_MACHINE_ARN',
        'TABLE_NAME',
      ].sort(),
    );
    expect(env).toMatchObject(RUNTIME_ENVIRONMENT);
    for (const name of Object.keys(env).filter((n) => !(n in RUNTIME_ENVIRONMENT))) {
      expect(ENV_NAMES).toContain(name);
    }
    expect(env).toMatchObject({
      TABLE_NAME: 'award-workflow',
      MAIL_FROM: '고용서비스상 사무국 <award-office@example.test>',
      INTAKE_BUCKET: { Ref: bucketId },
    });
    expect(cfnText(env.STATE_MACHINE_ARN)).toBe(
      'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:NominationWorkflow',
    );
    // Same names as the workflow's resources.
    const table = only(Object.values(resourcesOfType(built.statefulTemplate, 'AWS::DynamoDB::GlobalTable')));
    expect(table.Properties.TableName).toBe(env.TABLE_NAME);
    const machine = resource(
      built.workflowTemplate,
      'AWS::StepFunctions::StateMachine',
      logicalId(built.workflow.stateMachine),
    );
    expect(cfnText(env.STATE_MACHINE_ARN)).toMatch(
      new RegExp(`:stateMachine:${machine.Properties.StateMachineName}$`),
    );
  });

  test('async invocation: two retries, then the dead-letter queue', () => {
    const configs = Object.values(resourcesOfType(template(), 'AWS::Lambda::EventInvokeConfig'));
    expect(only(configs, 'event invoke config').Properties).toEqual({
      FunctionName: { Ref: fnId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: getAttArn(dlqId) } },
    });
  });

  test('dead-letter queue: SSE, 14 days retention, TLS-only', () => {
    expect(resource(template(), 'AWS::SQS::Queue', dlqId).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template().hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('least privilege of the inbound function', () => {
  const statements = () => statementsOf(template(), fnId);
  const resourcesAllowed = (action: string) =>
    allowing(statements(), action).flatMap((s) => resourcesOf(s).map(cfnText));

  test('exactly these actions, none with a wildcard', () => {
    expect(actionsOf(statements())).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
      'ses:SendEmail',
      'sqs:SendMessage',
      'states:StartExecution',
    ]);
    expect(statements().filter((s) => resourcesOf(s).includes('*'))).toEqual([]);
  });

  test('s3:GetObject only under inbound/, s3:PutObject and DeleteObject only under attachments/', () => {
    expect(resourcesAllowed('s3:GetObject')).toEqual([`<${bucketId}.Arn>/inbound/*`]);
    expect(resourcesAllowed('s3:PutObject')).toEqual([`<${bucketId}.Arn>/attachments/*`]);
    expect(resourcesAllowed('s3:DeleteObject')).toEqual([`<${bucketId}.Arn>/attachments/*`]);
  });

  test("states:StartExecution only on the workflow's state machine", () => {
    expect(resourcesAllowed('states:StartExecution')).toEqual([
      'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:NominationWorkflow',
    ]);
  });

  test('item read/write on the table only (no index: the function queries none)', () => {
    const table = 'arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/award-workflow';
    for (const action of actionsOf(statements()).filter((a) => a.startsWith('dynamodb:'))) {
      expect(resourcesAllowed(action)).toEqual([table]);
    }
  });

  test('ses:SendEmail through the identity and configuration set; sqs:SendMessage to the DLQ only', () => {
    const send = resourcesAllowed('ses:SendEmail');
    expect(send).toHaveLength(2);
    expect(send.some((a) => a.includes(':identity/'))).toBe(true);
    expect(send.some((a) => a.includes(':configuration-set/'))).toBe(true);
    expect(resourcesAllowed('sqs:SendMessage')).toEqual([`<${dlqId}.Arn>`]);
  });
});

describe('alarms', () => {
  const alarms = () =>
    Object.values(resourcesOfType(template(), 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);

  test("on the function's errors and on messages in the dead-letter queue, to this stack's topic", () => {
    expect(alarms()).toHaveLength(2);
    expect(alarms().find((a) => a.MetricName === 'Errors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    expect(alarms().find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  test('dashboard: dead-letter queue depth, errors, invocations and duration of inbound-email, alarms', () => {
    const dashboard = only(Object.values(resourcesOfType(template(), 'AWS::CloudWatch::Dashboard')));
    const body = JSON.parse(cfnText(dashboard.Properties.DashboardBody)) as {
      widgets: { properties: { title: string; metrics?: unknown[][]; alarms?: string[] } }[];
    };
    const metricsOf = (title: string) =>
      must(
        body.widgets.find((w) => w.properties.title === title),
        title,
      ).properties.metrics?.map((m) => JSON.stringify(m));
    expect(metricsOf('Intake dead-letter queue')).toEqual([
      expect.stringContaining(
        `"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","<${dlqId}.QueueName>"`,
      ),
    ]);
    for (const metric of ['Errors', 'Invocations']) {
      expect(metricsOf('inbound-email errors and invocations')).toContainEqual(
        expect.stringContaining(`"AWS/Lambda","${metric}","FunctionName","<${fnId}>"`),
      );
    }
    expect(metricsOf('inbound-email duration')).toContainEqual(expect.stringContaining('"stat":"p95"'));
    const alarmWidget = must(body.widgets.find((w) => w.properties.title === 'Alarms'));
    expect(alarmWidget.properties.alarms).toHaveLength(2);
    // SES reputation is the workflow stack's concern in one region (same account and region).
    expect(JSON.stringify(body)).not.toContain('Reputation');
  });

  test('topic: customer managed key (rotated, usable by CloudWatch), TLS-only; alarmEmail subscribes', () => {
    const keyId = logicalId(must(built.intake.alarmTopic.masterKey, 'topic key'));
    template().hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAttArn(keyId) });
    template().hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
        ]),
      },
    });
    template().hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template().resourceCountIs('AWS::SNS::Subscription', 0);
    build({ alarmEmail: 'ops@example.test' }).intakeTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.test',
      TopicArn: { Ref: topicId },
    });
  });
});

describe('outputs', () => {
  test('bucket name, rule set name (to activate), MX record; descriptions are literal strings', () => {
    const outputs = template().toJSON().Outputs as Record<string, { Value: CfnJson; Description?: unknown }>;
    expect(outputs.IntakeBucketName?.Value).toEqual({ Ref: bucketId });
    expect(outputs.ReceiptRuleSetName?.Value).toEqual({ Ref: logicalId(built.intake.receiving.ruleSet) });
    expect(outputs.ReceiptRuleSetName?.Description).toMatch(/set-active-receipt-rule-set/);
    expect(cfnText(outputs.MxRecord?.Value)).toBe('10 inbound-smtp.<AWS::Region>.amazonaws.com');
    expect(outputs.MxRecord?.Description).toContain('example.test');
    for (const output of Object.values(outputs)) {
      expect(['string', 'undefined']).toContain(typeof output.Description);
    }
  });
});

describe('same region (no receivingRegion)', () => {
  test('environment-agnostic; SES sending of the stateful stack reused (no second identity for the domain)', () => {
    expect(built.intake.environment).toBe('aws://unknown-account/unknown-region');
    template().resourceCountIs('AWS::SES::EmailIdentity', 0);
    template().resourceCountIs('AWS::SES::ConfigurationSet', 0);
    expect(cfnText(envOf(template(), fnId).SES_CONFIGURATION_SET)).toMatch(/^<Import:AwardWorkflowStateful:/);
    expect(built.intake.dependencies).toEqual(expect.arrayContaining([built.workflow, built.stateful]));
  });

  test('receivingRegion equal to region is the same-region case', () => {
    const same = build({ region: 'us-east-1', receivingRegion: 'us-east-1' });
    expect(same.intake.environment).toBe('aws://unknown-account/unknown-region');
    expect(envOf(same.intakeTemplate, fnId).WORKFLOW_REGION).toBeUndefined();
  });
});

describe('another receiving region', () => {
  let cross: Built;
  beforeAll(() => {
    cross = build({ region: 'ap-northeast-2', receivingRegion: 'us-east-1' });
  });

  test('the intake stack is in the receiving region; the others stay environment-agnostic', () => {
    expect(cross.intake.region).toBe('us-east-1');
    expect(cross.intake.environment).toBe('aws://unknown-account/us-east-1');
    for (const stack of [cross.stateful, cross.workflow]) {
      expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    }
    expect(cross.intake.dependencies).toEqual([cross.workflow]);
  });

  test('WORKFLOW_REGION is set, and the table and state machine ARNs name the workflow region', () => {
    const env = envOf(cross.intakeTemplate, fnId);
    expect(env.WORKFLOW_REGION).toBe('ap-northeast-2');
    expect(env.TABLE_NAME).toBe('award-workflow');
    const machine =
      'arn:<AWS::Partition>:states:ap-northeast-2:<AWS::AccountId>:stateMachine:NominationWorkflow';
    expect(cfnText(env.STATE_MACHINE_ARN)).toBe(machine);
    const statements = statementsOf(cross.intakeTemplate, fnId);
    expect(allowing(statements, 'states:StartExecution').flatMap((s) => resourcesOf(s).map(cfnText))).toEqual(
      [machine],
    );
    const table = 'arn:<AWS::Partition>:dynamodb:ap-northeast-2:<AWS::AccountId>:table/award-workflow';
    expect(allowing(statements, 'dynamodb:PutItem').flatMap((s) => resourcesOf(s).map(cfnText))).toEqual([
      table,
    ]);
  });

  test("SES bounce and complaint rate alarms for that region's reputation, to the intake topic", () => {
    const alarms = Object.values(resourcesOfType(cross.intakeTemplate, 'AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    expect(alarms).toHaveLength(4);
    const crossTopic = { Ref: logicalId(cross.intake.alarmTopic) };
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.02],
      ['Reputation.ComplaintRate', 0.0005],
    ] as const) {
      const alarm = only(alarms.filter((a) => a.MetricName === metric));
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SES',
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [crossTopic],
      });
      expect(alarm.Dimensions).toBeUndefined();
    }
    const dashboard = only(
      Object.values(resourcesOfType(cross.intakeTemplate, 'AWS::CloudWatch::Dashboard')),
    );
    expect(cfnText(dashboard.Properties.DashboardBody)).toContain('Reputation.BounceRate');
  });

  test('its own SES identity (and configuration set) there to answer from; no cross-stack reference', () => {
    cross.intakeTemplate.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.test' });
    const send = allowing(statementsOf(cross.intakeTemplate, fnId), 'ses:SendEmail').flatMap((s) =>
      resourcesOf(s).map(cfnText),
    );
    expect(send).toHaveLength(2);
    for (const arn of send) expect(arn).toMatch(/^arn:<AWS::Partition>:ses:us-east-1:/);
    expect(JSON.stringify(cross.intakeTemplate.toJSON())).not.toContain('Fn::ImportValue');
    const outputs = cross.intakeTemplate.toJSON().Outputs as Record<string, { Value: CfnJson }>;
    expect(outputs.MxRecord?.Value).toBe('10 inbound-smtp.us-east-1.amazonaws.com');
    expect(Object.keys(outputs).filter((k) => k.startsWith('DkimRecord'))).toHaveLength(3);
    expect(() => cross.app.synth()).not.toThrow();
  });

  test('receivingRegion without region is refused with a clear error; so is a malformed region', () => {
    expect(() => buildApp(newApp(), { nag: false, receivingRegion: 'us-east-1' })).toThrow(
      /receivingRegion "us-east-1" needs the region of the workflow: set context "region"/,
    );
    expect(() => buildApp(newApp(), { nag: false, region: 'Seoul', receivingRegion: 'us-east-1' })).toThrow(
      /context "region" must be an AWS region name/,
    );
  });
});
