import { Match } from 'aws-cdk-lib/assertions';
import { routeKeys } from '../../functions/contracts/routes';
import {
  actionsOf,
  allowing,
  type Built,
  build,
  functionRoleId,
  logicalId,
  must,
  only,
  resourcesOf,
  resourcesOfType,
  roleStatements,
} from './support';

const WAIT_FOR_TASK_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const TASK_FUNCTIONS = ['recordSubmission', 'requestApproval', 'notify', 'markNeedsAttention'] as const;
const ALL_FUNCTIONS = ['web', ...TASK_FUNCTIONS] as const;
type FunctionKey = (typeof ALL_FUNCTIONS)[number];

let built: Built;
let fnIds: Record<FunctionKey, string>;
let stateMachineId: string;

beforeAll(() => {
  built = build();
  const { functions } = built.workflow;
  fnIds = Object.fromEntries(ALL_FUNCTIONS.map((k) => [k, logicalId(functions[k].function)])) as Record<
    FunctionKey,
    string
  >;
  stateMachineId = logicalId(built.workflow.stateMachine);
});

const template = () => built.workflowTemplate;
const statementsOf = (key: FunctionKey) => roleStatements(template(), functionRoleId(template(), fnIds[key]));
const getAttArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('Lambda functions', () => {
  test('exactly the five functions, no helper functions (no log-retention custom resource)', () => {
    expect(Object.keys(resourcesOfType(template(), 'AWS::Lambda::Function')).sort()).toEqual(
      Object.values(fnIds).sort(),
    );
  });

  test.each(ALL_FUNCTIONS)('%s: nodejs22.x on arm64, X-Ray active, logs to its own log group', (key) => {
    const fn = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]];
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: key === 'web' ? 10 : 30,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    const logGroupId = fn?.Properties.LoggingConfig.LogGroup.Ref as string;
    const logGroup = resourcesOfType(template(), 'AWS::Logs::LogGroup')[logGroupId];
    expect(logGroup?.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  test('environment variables follow the handler contract', () => {
    const env = (key: FunctionKey) =>
      Object.keys(
        resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]]?.Properties.Environment.Variables,
      )
        .filter((name) => name !== 'NODE_OPTIONS')
        .sort();
    expect(env('web')).toEqual([
      'MAIL_FROM',
      'PUBLIC_URL',
      'SES_CONFIGURATION_SET',
      'STATE_MACHINE_ARN',
      'TABLE_NAME',
    ]);
    expect(env('markNeedsAttention')).toEqual(['TABLE_NAME']);
    for (const key of ['recordSubmission', 'requestApproval', 'notify'] as const) {
      expect(env(key)).toEqual(['MAIL_FROM', 'PUBLIC_URL', 'SES_CONFIGURATION_SET', 'TABLE_NAME']);
    }
    const vars = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds.notify]?.Properties.Environment
      .Variables;
    expect(vars.MAIL_FROM).toBe('고용서비스상 사무국 <award-office@example.test>');
    const webVars = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds.web]?.Properties.Environment
      .Variables;
    expect(webVars.MAIL_FROM).toBe(vars.MAIL_FROM);
    expect(webVars.SES_CONFIGURATION_SET).toEqual(vars.SES_CONFIGURATION_SET);
    // Default PUBLIC_URL: the HTTP API endpoint.
    expect(vars.PUBLIC_URL).toEqual({ 'Fn::GetAtt': [logicalId(built.workflow.api.httpApi), 'ApiEndpoint'] });
  });

  test('roles carry no managed policies (no AWSLambdaBasicExecutionRole)', () => {
    for (const key of ALL_FUNCTIONS) {
      const roleId = functionRoleId(template(), fnIds[key]);
      const role = resourcesOfType(template(), 'AWS::IAM::Role')[roleId];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('least privilege per function', () => {
  const stateActions = (key: FunctionKey) =>
    actionsOf(statementsOf(key)).filter((a) => a.startsWith('states:'));
  const sesActions = (key: FunctionKey) => actionsOf(statementsOf(key)).filter((a) => a.startsWith('ses:'));

  test('no wildcard actions anywhere', () => {
    for (const key of ALL_FUNCTIONS) {
      expect(actionsOf(statementsOf(key)).filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  test('web may start executions and answer task tokens on this state machine', () => {
    expect(stateActions('web')).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskHeartbeat',
      'states:SendTaskSuccess',
      'states:StartExecution',
    ]);
    for (const action of stateActions('web')) {
      for (const s of allowing(statementsOf('web'), action)) {
        expect(resourcesOf(s)).toEqual([{ Ref: stateMachineId }]);
      }
    }
  });

  test('markNeedsAttention has no SES and no Step Functions permissions', () => {
    expect(stateActions('markNeedsAttention')).toEqual([]);
    expect(sesActions('markNeedsAttention')).toEqual([]);
  });

  test.each(['web', 'recordSubmission', 'requestApproval', 'notify'] as const)(
    '%s may send e-mail through the identity and configuration set only',
    (key) => {
      expect(sesActions(key)).toEqual(['ses:SendEmail']);
      if (key !== 'web') expect(stateActions(key)).toEqual([]);
      const send = only(allowing(statementsOf(key), 'ses:SendEmail'), 'ses:SendEmail statement');
      const arns = resourcesOf(send).map((r) => JSON.stringify(r));
      expect(arns).toHaveLength(2);
      expect(arns.some((a) => a.includes(':identity/'))).toBe(true);
      expect(arns.some((a) => a.includes(':configuration-set/'))).toBe(true);
    },
  );

  test.each(ALL_FUNCTIONS)(
    '%s: item read/write on the table and on gsi1 only; logs only to its own group',
    (key) => {
      const statements = statementsOf(key);
      const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toHaveLength(1);
      expect(actionsOf(dynamo)).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ]),
      );
      expect(actionsOf(dynamo)).not.toContain('dynamodb:DeleteTable');
      const resources = resourcesOf(only(dynamo, 'dynamodb statement')).map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(2);
      expect(resources[1]).toContain('/index/gsi1');
      expect(resources.join()).not.toContain('*');

      const logs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('logs:')));
      const fn = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]];
      expect(resourcesOf(only(logs, 'logs statement'))).toEqual([
        getAttArn(fn?.Properties.LoggingConfig.LogGroup.Ref),
      ]);
    },
  );

  test('only the X-Ray statement uses Resource "*"', () => {
    for (const key of ALL_FUNCTIONS) {
      const starred = statementsOf(key).filter((s) => resourcesOf(s).includes('*'));
      expect(actionsOf(starred)).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });
});

describe('state machine', () => {
  const stateMachine = () =>
    must(resourcesOfType(template(), 'AWS::StepFunctions::StateMachine')[stateMachineId], 'state machine');

  /** The deployed definition: DefinitionString with DefinitionSubstitutions applied. */
  const deployedDefinition = () => {
    const { DefinitionString, DefinitionSubstitutions } = stateMachine().Properties as {
      DefinitionString: unknown;
      DefinitionSubstitutions: Record<string, unknown>;
    };
    let text: string;
    if (typeof DefinitionString === 'string') {
      text = DefinitionString;
    } else {
      // Fn::Join of literal parts and tokens: render tokens as a marker that must not survive.
      const [sep, parts] = (DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      text = parts.map((p) => (typeof p === 'string' ? p : '<<TOKEN>>')).join(sep);
    }
    const placeholders = [...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
    for (const [key, value] of Object.entries(DefinitionSubstitutions)) {
      const id = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      text = text.split(`\${${key}}`).join(`arn:aws:lambda:region:account:function:${id}`);
    }
    return { text, placeholders: [...new Set(placeholders)].sort(), substitutions: DefinitionSubstitutions };
  };

  interface TaskState {
    Type: string;
    Resource?: string;
    Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  }
  const allStates = (definition: { States: Record<string, unknown> }): Record<string, TaskState> => {
    const out: Record<string, TaskState> = {};
    const visit = (states: Record<string, unknown>) => {
      for (const [name, state] of Object.entries(states)) {
        const s = state as TaskState & {
          Branches?: { States: Record<string, unknown> }[];
          ItemProcessor?: { States: Record<string, unknown> };
          Iterator?: { States: Record<string, unknown> };
        };
        out[name] = s;
        for (const branch of s.Branches ?? []) visit(branch.States);
        if (s.ItemProcessor) visit(s.ItemProcessor.States);
        if (s.Iterator) visit(s.Iterator.States);
      }
    };
    visit(definition.States);
    return out;
  };

  test('STANDARD, fixed name, logging ALL (without execution data), tracing on', () => {
    expect(stateMachine().Properties).toMatchObject({
      StateMachineName: 'NominationWorkflow',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    const logGroupArn =
      stateMachine().Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
    const logGroup = resourcesOfType(template(), 'AWS::Logs::LogGroup')[logGroupArn['Fn::GetAtt'][0]];
    expect(logGroup?.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  test('the four substitutions point at the four task functions and leave no placeholder behind', () => {
    const { text, placeholders, substitutions } = deployedDefinition();
    expect(placeholders).toEqual([
      'MarkNeedsAttentionFunctionArn',
      'NotifyFunctionArn',
      'RecordSubmissionFunctionArn',
      'RequestApprovalFunctionArn',
    ]);
    expect(substitutions).toEqual({
      RecordSubmissionFunctionArn: getAttArn(fnIds.recordSubmission),
      RequestApprovalFunctionArn: getAttArn(fnIds.requestApproval),
      NotifyFunctionArn: getAttArn(fnIds.notify),
      MarkNeedsAttentionFunctionArn: getAttArn(fnIds.markNeedsAttention),
    });
    expect(text).not.toMatch(/\$\{[^}]*\}/);
    expect(text).not.toContain('<<TOKEN>>');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  test('exactly three waitForTaskToken tasks, each calling request-approval with the task token', () => {
    const states = allStates(JSON.parse(deployedDefinition().text));
    const waits = Object.entries(states).filter(
      ([, s]) => s.Type === 'Task' && s.Resource === WAIT_FOR_TASK_TOKEN,
    );
    expect(waits.map(([name]) => name).sort()).toEqual(['CenterReview', 'HQReview', 'MinisterApproval']);
    for (const [, s] of waits) {
      expect(s.Parameters?.FunctionName).toBe(
        `arn:aws:lambda:region:account:function:${fnIds.requestApproval}`,
      );
      expect(s.Parameters?.Payload?.['taskToken.$']).toBe('$$.Task.Token');
    }
  });

  test('every task invokes one of the four task functions (never web)', () => {
    const states = allStates(JSON.parse(deployedDefinition().text));
    const allowed = TASK_FUNCTIONS.map((k) => `arn:aws:lambda:region:account:function:${fnIds[k]}`);
    const tasks = Object.values(states).filter((s) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(3);
    for (const task of tasks) {
      expect(task.Resource).toMatch(/^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/);
      expect(allowed).toContain(task.Parameters?.FunctionName);
    }
  });

  test('its role may invoke exactly the four task functions and nothing else', () => {
    const roleId = (stateMachine().Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = roleStatements(template(), roleId);
    const invoke = allowing(statements, 'lambda:InvokeFunction');
    expect(resourcesOf(only(invoke, 'lambda:InvokeFunction statement'))).toEqual(
      TASK_FUNCTIONS.map((k) => getAttArn(fnIds[k])),
    );
    expect(actionsOf(statements).filter((a) => a.startsWith('lambda:'))).toEqual(['lambda:InvokeFunction']);
    // Everything else is log delivery and tracing.
    expect(actionsOf(statements).filter((a) => !/^(lambda|logs|xray):/.test(a))).toEqual([]);
    expect(actionsOf(statements).filter((a) => a.includes('*'))).toEqual([]);
  });
});

describe('HTTP API', () => {
  test('the route keys are exactly those of the route table (GET routes also as HEAD), each once', () => {
    const inTemplate = Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );
    const inTable = routeKeys().map(({ method, path }) => `${method} ${path}`);
    expect(new Set(inTemplate).size).toBe(inTemplate.length);
    expect(new Set(inTable).size).toBe(inTable.length);
    expect([...inTemplate].sort()).toEqual([...inTable].sort());
    // HEAD only where GET (pages); never on a route that decides.
    for (const key of inTemplate.filter((k) => k.startsWith('HEAD '))) {
      expect(inTemplate).toContain(key.replace(/^HEAD /, 'GET '));
    }
  });

  test('all routes go to the web function (one Lambda proxy integration, payload 2.0)', () => {
    const integrations = Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(1);
    const integrationId = only(Object.keys(resourcesOfType(template(), 'AWS::ApiGatewayV2::Integration')));
    for (const route of Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Route'))) {
      expect(route.Properties.Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: integrationId }]],
      });
    }
    expect(integrations[0]?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: getAttArn(fnIds.web),
    });
    template().hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  });

  test('$default stage: auto deploy, throttling, JSON access log without request paths', () => {
    const stages = Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Stage'));
    const stage = only(stages, 'stage').Properties;
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.path');
  });
});

describe('operations', () => {
  const alarms = () =>
    Object.values(resourcesOfType(template(), 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const topicRef = () => ({ Ref: logicalId(built.workflow.operations.alarmTopic) });

  test.each(['ExecutionsFailed', 'ExecutionsTimedOut'])(
    'alarm on %s of the state machine -> SNS',
    (metric) => {
      const found = alarms().filter((a) => a.MetricName === metric);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        Namespace: 'AWS/States',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId } }],
        AlarmActions: [topicRef()],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    },
  );

  test('an Errors alarm on each function -> SNS', () => {
    const errorAlarms = alarms().filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda');
    const watched = errorAlarms.map((a) => a.Dimensions[0].Value.Ref as string).sort();
    expect(watched).toEqual(Object.values(fnIds).sort());
    for (const alarm of errorAlarms) expect(alarm.AlarmActions).toEqual([topicRef()]);
  });

  test('a lost decision hand-over in the web log raises an alarm -> SNS', () => {
    const filters = Object.values(resourcesOfType(template(), 'AWS::Logs::MetricFilter')).map(
      (f) => f.Properties,
    );
    expect(filters).toHaveLength(1);
    expect(filters[0]).toMatchObject({
      LogGroupName: {
        Ref: resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds.web]?.Properties.LoggingConfig
          .LogGroup.Ref,
      },
      FilterPattern: '{ $.message = "decision hand-over uncertain" }',
      MetricTransformations: [
        { MetricNamespace: 'AwardWorkflow', MetricName: 'DecisionHandoverUncertain', MetricValue: '1' },
      ],
    });
    const alarm = alarms().find((a) => a.MetricName === 'DecisionHandoverUncertain');
    expect(alarm).toMatchObject({ Namespace: 'AwardWorkflow', AlarmActions: [topicRef()], Threshold: 1 });
  });

  test('alarm topic: customer managed key (rotated, usable by CloudWatch) and TLS-only publishing', () => {
    const keyId = logicalId(must(built.workflow.operations.alarmTopic.masterKey, 'topic key'));
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
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
    template().resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('dashboard with executions and Lambda errors', () => {
    const dashboards = Object.values(resourcesOfType(template(), 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const metric of ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'Errors']) {
      expect(body).toContain(metric);
    }
  });
});

describe('settings', () => {
  test('stateMachineName setting', () => {
    const custom = build({ stateMachineName: 'AwardNominations' });
    custom.workflowTemplate.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'AwardNominations',
    });
    expect(custom.workflow.stateMachineName).toBe('AwardNominations');
  });

  test('publicUrl and alarmEmail props', () => {
    const custom = build({ publicUrl: 'https://award.example.test', alarmEmail: 'ops@example.test' });
    const t = custom.workflowTemplate;
    for (const key of ['web', 'requestApproval', 'notify'] as const) {
      const id = logicalId(custom.workflow.functions[key].function);
      expect(
        resourcesOfType(t, 'AWS::Lambda::Function')[id]?.Properties.Environment.Variables.PUBLIC_URL,
      ).toBe('https://award.example.test');
    }
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.test' });
  });
});
