import { Match } from 'aws-cdk-lib/assertions';
import { ALERT_MESSAGES, ALERT_METRICS } from '../../functions/contracts/alerts';
import {
  LOG_MESSAGE_FIELD,
  METRICS,
  METRICS_NAMESPACE,
  SERVICE_DIMENSION,
  SERVICE_NAME,
} from '../../functions/contracts/observability';
import { routeKeys } from '../../functions/contracts/routes';
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
  only,
  resourcesOf,
  resourcesOfType,
  roleStatements,
} from './support';

const WAIT_FOR_TASK_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const TASK_FUNCTIONS = [
  'recordSubmission',
  'requestApproval',
  'requestCorrection',
  'notify',
  'issueCertificate',
  'markNeedsAttention',
] as const;
const HTTP_FUNCTIONS = ['web', 'review'] as const;
const ALL_FUNCTIONS = [...HTTP_FUNCTIONS, ...TASK_FUNCTIONS, 'remindApprovals'] as const;
type FunctionKey = (typeof ALL_FUNCTIONS)[number];

let built: Built;
let fnIds: Record<FunctionKey, string>;
/** The `export` HTTP function (HQ's download): not in `functions`, whose members all read and write the table. */
let exportId: string;
/** The `mail-events` function (SES events): not in `functions` either (no query, no index). */
let mailEventsId: string;
let stateMachineId: string;

beforeAll(() => {
  built = build();
  const { functions } = built.workflow;
  fnIds = Object.fromEntries(ALL_FUNCTIONS.map((k) => [k, logicalId(functions[k].function)])) as Record<
    FunctionKey,
    string
  >;
  stateMachineId = logicalId(built.workflow.stateMachine);
  exportId = logicalId(built.workflow.exporter.function);
  mailEventsId = logicalId(built.workflow.mailEvents.handler.function);
});

const template = () => built.workflowTemplate;
const statementsOf = (key: FunctionKey) => roleStatements(template(), functionRoleId(template(), fnIds[key]));
const getAttArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('Lambda functions', () => {
  test('exactly the nine functions, no helper functions (no log-retention custom resource)', () => {
    expect(Object.keys(resourcesOfType(template(), 'AWS::Lambda::Function')).sort()).toEqual(
      [...Object.values(fnIds), exportId, mailEventsId].sort(),
    );
  });

  test.each(ALL_FUNCTIONS)(
    '%s: nodejs22.x on arm64, no X-Ray, JSON logs filtered at INFO to its own log group (90 days)',
    (key) => {
      const fn = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]];
      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        // Rendering the 표창장 (two 3 MB fonts, a PDF) wants more CPU than a mail does.
        MemorySize: key === 'issueCertificate' ? 1024 : 256,
        Timeout: key === 'web' || key === 'review' ? 29 : key === 'remindApprovals' ? 300 : 30,
        LoggingConfig: {
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          SystemLogLevel: 'INFO',
          LogGroup: { Ref: expect.any(String) },
        },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_METRICS_DISABLED: 'false',
          }),
        },
      });
      expect(fn?.Properties.TracingConfig).toBeUndefined();
      const logGroupId = fn?.Properties.LoggingConfig.LogGroup.Ref as string;
      const logGroup = resourcesOfType(template(), 'AWS::Logs::LogGroup')[logGroupId];
      expect(logGroup?.Properties.RetentionInDays).toBe(90);
    },
  );

  test('environment variables follow the handler contract', () => {
    const env = (key: FunctionKey) =>
      Object.keys(
        resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]]?.Properties.Environment.Variables,
      )
        .filter((name) => !(name in RUNTIME_ENVIRONMENT))
        .sort();
    // The nominators' function starts executions; it never sees the link key.
    expect(env('web')).toEqual([
      'CERTIFICATE_BUCKET',
      'MAIL_FROM',
      'PUBLIC_URL',
      'SES_CONFIGURATION_SET',
      'STATE_MACHINE_ARN',
      'TABLE_NAME',
    ]);
    // The approvers' function mints a delegate's link; it never starts an execution.
    expect(env('review')).toEqual(env('requestApproval'));
    expect(env('markNeedsAttention')).toEqual(['TABLE_NAME']);
    // The receipt's status link is derived under the link key.
    expect(env('recordSubmission')).toEqual([
      'LINK_KEY_SECRET_ID',
      'MAIL_FROM',
      'PUBLIC_URL',
      'SES_CONFIGURATION_SET',
      'TABLE_NAME',
    ]);
    // The awardee mail attaches the certificate; issue-certificate writes it and mails nothing.
    // The rejection and return mails carry the status link (derived under the link key).
    expect(env('notify')).toEqual([
      'CERTIFICATE_BUCKET',
      'LINK_KEY_SECRET_ID',
      'MAIL_FROM',
      'PUBLIC_URL',
      'SES_CONFIGURATION_SET',
      'TABLE_NAME',
    ]);
    expect(env('issueCertificate')).toEqual(['CERTIFICATE_BUCKET', 'TABLE_NAME']);
    // Only the functions that mail approval or status links know where their key is.
    expect(env('remindApprovals')).toEqual(env('requestApproval'));
    expect(env('requestApproval')).toEqual([
      'LINK_KEY_SECRET_ID',
      'MAIL_FROM',
      'PUBLIC_URL',
      'SES_CONFIGURATION_SET',
      'TABLE_NAME',
    ]);
    const vars = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds.notify]?.Properties.Environment
      .Variables;
    expect(vars.MAIL_FROM).toBe('고용서비스상 사무국 <award-office@example.test>');
    for (const key of HTTP_FUNCTIONS) {
      const httpVars = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]]?.Properties
        .Environment.Variables;
      expect(httpVars.MAIL_FROM).toBe(vars.MAIL_FROM);
      expect(httpVars.SES_CONFIGURATION_SET).toEqual(vars.SES_CONFIGURATION_SET);
      expect(httpVars.PUBLIC_URL).toEqual(vars.PUBLIC_URL);
    }
    // Default PUBLIC_URL: the CloudFront distribution in front of the HTTP API.
    expect(cfnText(vars.PUBLIC_URL)).toBe(
      `https://<${logicalId(built.workflow.edge.distribution)}.DomainName>`,
    );
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

  test.each([
    ['web', ['states:SendTaskSuccess', 'states:StartExecution']],
    ['review', ['states:SendTaskSuccess']],
  ] as const)('%s may only %j on this state machine', (key, actions) => {
    // web starts an execution (a confirmed draft) and hands corrections back; review only hands decisions.
    expect(stateActions(key)).toEqual(actions);
    for (const action of stateActions(key)) {
      for (const s of allowing(statementsOf(key), action)) {
        expect(resourcesOf(s)).toEqual([{ Ref: stateMachineId }]);
      }
    }
  });

  test('requestCorrection may only answer its own task on this state machine (named, not referenced: no cycle)', () => {
    expect(stateActions('requestCorrection')).toEqual(['states:SendTaskSuccess']);
    const send = only(
      allowing(statementsOf('requestCorrection'), 'states:SendTaskSuccess'),
      'SendTaskSuccess',
    );
    const arn = JSON.stringify(resourcesOf(send));
    expect(arn).toContain(':stateMachine:NominationWorkflow');
    expect(arn).not.toContain('*');
  });

  test('markNeedsAttention has no SES and no Step Functions permissions', () => {
    expect(stateActions('markNeedsAttention')).toEqual([]);
    expect(sesActions('markNeedsAttention')).toEqual([]);
  });

  test.each([
    'web',
    'review',
    'recordSubmission',
    'requestApproval',
    'requestCorrection',
    'notify',
    'remindApprovals',
  ] as const)('%s may send e-mail through the identity and configuration set only', (key) => {
    expect(sesActions(key)).toEqual(['ses:SendEmail']);
    if (!['web', 'review', 'requestCorrection'].includes(key)) expect(stateActions(key)).toEqual([]);
    const send = only(allowing(statementsOf(key), 'ses:SendEmail'), 'ses:SendEmail statement');
    const arns = resourcesOf(send).map((r) => JSON.stringify(r));
    expect(arns).toHaveLength(2);
    expect(arns.some((a) => a.includes(':identity/'))).toBe(true);
    expect(arns.some((a) => a.includes(':configuration-set/'))).toBe(true);
  });

  test('only the functions that mint approval or status links may read the link key, and only that secret', () => {
    const minters: readonly FunctionKey[] = [
      'requestApproval',
      'remindApprovals',
      'review',
      'recordSubmission',
      'notify',
    ];
    for (const key of ALL_FUNCTIONS) {
      const secrets = actionsOf(statementsOf(key)).filter((a) => a.startsWith('secretsmanager:'));
      if (!minters.includes(key)) {
        expect(secrets).toEqual([]);
        continue;
      }
      expect(secrets).toEqual(['secretsmanager:GetSecretValue']);
      const read = only(allowing(statementsOf(key), 'secretsmanager:GetSecretValue'), 'secret statement');
      expect(JSON.stringify(resourcesOf(read))).toContain('LinkKey');
      const vars = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]]?.Properties.Environment
        .Variables;
      expect(JSON.stringify(vars.LINK_KEY_SECRET_ID)).toContain('LinkKey');
    }
  });

  test('no statement uses Resource "*"; no X-Ray permissions (tracing is off)', () => {
    for (const key of ALL_FUNCTIONS) {
      expect(statementsOf(key).filter((s) => resourcesOf(s).includes('*'))).toEqual([]);
      expect(actionsOf(statementsOf(key)).filter((a) => a.startsWith('xray:'))).toEqual([]);
    }
  });
});

describe('reminder sweep', () => {
  test('remind-approvals runs every 15 minutes, retried twice, and nothing else triggers it', () => {
    const rules = Object.values(resourcesOfType(template(), 'AWS::Events::Rule')).filter(
      (rule) => rule.Properties.ScheduleExpression !== undefined,
    );
    const rule = only(rules, 'schedule rule');
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [
        expect.objectContaining({
          Arn: getAttArn(fnIds.remindApprovals),
          RetryPolicy: { MaximumRetryAttempts: 2 },
        }),
      ],
    });
    const permissions = Object.values(resourcesOfType(template(), 'AWS::Lambda::Permission')).filter(
      (permission) =>
        permission.Properties.Principal === 'events.amazonaws.com' &&
        JSON.stringify(permission.Properties.FunctionName) !== JSON.stringify(getAttArn(mailEventsId)),
    );
    expect(only(permissions, 'events permission').Properties.FunctionName).toEqual(
      getAttArn(fnIds.remindApprovals),
    );
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

  test('STANDARD, fixed name, logging ALL (without execution data, 180 days), X-Ray off', () => {
    expect(stateMachine().Properties).toMatchObject({
      StateMachineName: 'NominationWorkflow',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: false },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    const logGroupArn =
      stateMachine().Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
    const logGroup = resourcesOfType(template(), 'AWS::Logs::LogGroup')[logGroupArn['Fn::GetAtt'][0]];
    expect(logGroup?.Properties.RetentionInDays).toBe(180);
  });

  test('the six substitutions point at the six task functions and leave no placeholder behind', () => {
    const { text, placeholders, substitutions } = deployedDefinition();
    expect(placeholders).toEqual([
      'IssueCertificateFunctionArn',
      'MarkNeedsAttentionFunctionArn',
      'NotifyFunctionArn',
      'RecordSubmissionFunctionArn',
      'RequestApprovalFunctionArn',
      'RequestCorrectionFunctionArn',
    ]);
    expect(substitutions).toEqual({
      RecordSubmissionFunctionArn: getAttArn(fnIds.recordSubmission),
      RequestApprovalFunctionArn: getAttArn(fnIds.requestApproval),
      RequestCorrectionFunctionArn: getAttArn(fnIds.requestCorrection),
      NotifyFunctionArn: getAttArn(fnIds.notify),
      IssueCertificateFunctionArn: getAttArn(fnIds.issueCertificate),
      MarkNeedsAttentionFunctionArn: getAttArn(fnIds.markNeedsAttention),
    });
    expect(text).not.toMatch(/\$\{[^}]*\}/);
    expect(text).not.toContain('<<TOKEN>>');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  test('exactly four waitForTaskToken tasks: three reviews calling request-approval, the correction calling request-correction', () => {
    const states = allStates(JSON.parse(deployedDefinition().text));
    const waits = Object.entries(states).filter(
      ([, s]) => s.Type === 'Task' && s.Resource === WAIT_FOR_TASK_TOKEN,
    );
    expect(waits.map(([name]) => name).sort()).toEqual([
      'CenterReview',
      'HQReview',
      'MinisterApproval',
      'RequestCorrection',
    ]);
    for (const [name, s] of waits) {
      const fn = name === 'RequestCorrection' ? fnIds.requestCorrection : fnIds.requestApproval;
      expect(s.Parameters?.FunctionName).toBe(`arn:aws:lambda:region:account:function:${fn}`);
      expect(s.Parameters?.Payload?.['taskToken.$']).toBe('$$.Task.Token');
    }
  });

  test('every task invokes one of the six task functions (never web)', () => {
    const states = allStates(JSON.parse(deployedDefinition().text));
    const allowed = TASK_FUNCTIONS.map((k) => `arn:aws:lambda:region:account:function:${fnIds[k]}`);
    const tasks = Object.values(states).filter((s) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(3);
    for (const task of tasks) {
      expect(task.Resource).toMatch(/^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/);
      expect(allowed).toContain(task.Parameters?.FunctionName);
    }
  });

  test('its role may invoke exactly the six task functions and nothing else', () => {
    const roleId = (stateMachine().Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = roleStatements(template(), roleId);
    const invoke = allowing(statements, 'lambda:InvokeFunction');
    expect(resourcesOf(only(invoke, 'lambda:InvokeFunction statement'))).toEqual(
      TASK_FUNCTIONS.map((k) => getAttArn(fnIds[k])),
    );
    expect(actionsOf(statements).filter((a) => a.startsWith('lambda:'))).toEqual(['lambda:InvokeFunction']);
    // Everything else is log delivery.
    expect(actionsOf(statements).filter((a) => !/^(lambda|logs):/.test(a))).toEqual([]);
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

  test('each route goes to the function the route table names (one Lambda proxy integration each, payload 2.0)', () => {
    const integrations = resourcesOfType(template(), 'AWS::ApiGatewayV2::Integration');
    const httpIds: Record<string, string> = { web: fnIds.web, review: fnIds.review, export: exportId };
    expect(Object.keys(integrations)).toHaveLength(Object.keys(httpIds).length);
    const integrationOf = Object.fromEntries(
      Object.keys(httpIds).map((key) => {
        const [id, integration] = only(
          Object.entries(integrations).filter(
            ([, i]) =>
              JSON.stringify(i.Properties.IntegrationUri) === JSON.stringify(getAttArn(httpIds[key] ?? '')),
          ),
          `integration of ${key}`,
        );
        expect(integration.Properties).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
        });
        return [key, id];
      }),
    );
    const routes = Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(routeKeys().length);
    for (const { method, path, fn } of routeKeys()) {
      const route = only(
        routes.filter((r) => r.Properties.RouteKey === `${method} ${path}`),
        `route ${method} ${path}`,
      );
      expect(route.Properties.Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: integrationOf[fn] }]],
      });
    }
    // API Gateway may invoke each function (from this API only).
    for (const id of Object.values(httpIds)) {
      const permissions = Object.values(resourcesOfType(template(), 'AWS::Lambda::Permission')).filter(
        (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(getAttArn(id)),
      );
      expect(permissions.length).toBeGreaterThan(0);
      for (const p of permissions) expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
    }
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
  const alarmProps = (id: string): CfnJson => {
    const construct = must(
      built.workflow.operations.alarms.find((a) => a.node.id === id),
      `alarm ${id}`,
    );
    const { Tags: _tags, ...props } = must(
      resourcesOfType(template(), 'AWS::CloudWatch::Alarm')[logicalId(construct)],
      id,
    ).Properties;
    return props;
  };
  const topicRef = () => ({ Ref: logicalId(built.workflow.operations.alarmTopic) });
  /** What every alarm has in common: one 5-minute (or hourly) period, quiet without data, to the topic only. */
  const common = () => ({
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [topicRef()],
  });

  test('exactly these alarms, all to the alarm topic', () => {
    const ids = built.workflow.operations.alarms.map((a) => a.node.id).sort();
    expect(ids).toEqual(
      [
        'ApproverMailBouncedAlarm',
        'DecisionHandoverUncertainAlarm',
        'ExecutionsFailedAlarm',
        'ExecutionsTimedOutAlarm',
        'ExportErrorsAlarm',
        'MailComplaintsAlarm',
        'MailEventsDeadLettersAlarm',
        'MailEventsErrorsAlarm',
        'IssueCertificateErrorsAlarm',
        'MarkNeedsAttentionErrorsAlarm',
        'NotifyErrorsAlarm',
        'RecordSubmissionErrorsAlarm',
        'RequestApprovalErrorsAlarm',
        'RequestCorrectionErrorsAlarm',
        'RemindApprovalsErrorsAlarm',
        'ReviewErrorsAlarm',
        'SesBounceRateAlarm',
        'SesComplaintRateAlarm',
        'WaitsPastDeadlineAlarm',
        'WebErrorsAlarm',
      ].sort(),
    );
    template().resourceCountIs('AWS::CloudWatch::Alarm', ids.length);
    for (const id of ids) expect(alarmProps(id)).toMatchObject(common());
  });

  test.each([
    ['ExecutionsFailedAlarm', 'ExecutionsFailed'],
    ['ExecutionsTimedOutAlarm', 'ExecutionsTimedOut'],
  ])('%s: any %s of the state machine in 5 minutes', (id, metric) => {
    expect(alarmProps(id)).toEqual({
      ...common(),
      AlarmDescription: expect.any(String),
      Namespace: 'AWS/States',
      MetricName: metric,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });

  test('a wait past its deadline: the total of the custom metric (every stage) in 5 minutes', () => {
    expect(alarmProps('WaitsPastDeadlineAlarm')).toEqual({
      ...common(),
      AlarmDescription: expect.any(String),
      Namespace: METRICS_NAMESPACE,
      MetricName: METRICS.waitsPastDeadline.name,
      Dimensions: [{ Name: SERVICE_DIMENSION, Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });

  test('an Errors alarm on each function', () => {
    const ids = { web: 'Web', recordSubmission: 'RecordSubmission', requestApproval: 'RequestApproval' };
    const idOf = (key: FunctionKey) =>
      `${(ids as Record<string, string>)[key] ?? key.charAt(0).toUpperCase() + key.slice(1)}ErrorsAlarm`;
    for (const key of ALL_FUNCTIONS) {
      expect(alarmProps(idOf(key))).toEqual({
        ...common(),
        AlarmDescription: expect.any(String),
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnIds[key] } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
    }
  });

  test.each([
    ['SesBounceRateAlarm', 'Reputation.BounceRate', 0.02],
    ['SesComplaintRateAlarm', 'Reputation.ComplaintRate', 0.0005],
  ])(
    '%s: the account-level %s of the region at or above %s (the highest value of the hour)',
    (id, metric, threshold) => {
      expect(alarmProps(id)).toEqual({
        ...common(),
        AlarmDescription: expect.any(String),
        Namespace: 'AWS/SES',
        MetricName: metric,
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: threshold,
      });
    },
  );

  test("a lost hand-over (decision or correction): a metric filter on the message field of each HTTP function's log, and one alarm", () => {
    const filters = Object.values(resourcesOfType(template(), 'AWS::Logs::MetricFilter')).map(
      (f) => f.Properties,
    );
    const filterOf = (key: FunctionKey) => ({
      LogGroupName: {
        Ref: resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds[key]]?.Properties.LoggingConfig
          .LogGroup.Ref,
      },
      // The key the logger writes (test/unit/observability.test.ts checks the other side).
      FilterPattern: `{ $.${LOG_MESSAGE_FIELD} = "${ALERT_MESSAGES.decisionHandoverUncertain}" }`,
      MetricTransformations: [
        {
          MetricNamespace: METRICS_NAMESPACE,
          MetricName: ALERT_METRICS.decisionHandoverUncertain,
          MetricValue: '1',
        },
      ],
    });
    expect(filters).toHaveLength(HTTP_FUNCTIONS.length);
    expect(filters).toEqual(expect.arrayContaining(HTTP_FUNCTIONS.map(filterOf)));
    expect(filters[0]?.FilterPattern).toBe('{ $.message = "decision hand-over uncertain" }');
    expect(alarmProps('DecisionHandoverUncertainAlarm')).toEqual({
      ...common(),
      AlarmDescription: expect.any(String),
      Namespace: METRICS_NAMESPACE,
      MetricName: ALERT_METRICS.decisionHandoverUncertain,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
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

  describe('dashboard', () => {
    interface Widget {
      type: string;
      properties: { title: string; metrics?: unknown[][]; alarms?: string[] };
    }
    const widgets = (): Widget[] => {
      const dashboard = only(Object.values(resourcesOfType(template(), 'AWS::CloudWatch::Dashboard')));
      return (JSON.parse(cfnText(dashboard.Properties.DashboardBody)) as { widgets: Widget[] }).widgets;
    };
    const widget = (title: string) =>
      must(
        widgets().find((w) => w.properties.title === title),
        `widget ${title}`,
      );
    /** A widget's metric lines as text: `Namespace MetricName dims... {options}` or a SEARCH expression. */
    const lines = (title: string) => (widget(title).properties.metrics ?? []).map((m) => JSON.stringify(m));

    test('executions started, succeeded, failed and timed out', () => {
      const metrics = lines('Workflow executions');
      expect(metrics).toHaveLength(4);
      for (const name of [
        'ExecutionsStarted',
        'ExecutionsSucceeded',
        'ExecutionsFailed',
        'ExecutionsTimedOut',
      ]) {
        expect(metrics.some((m) => m.includes(`"AWS/States","${name}","StateMachineArn"`))).toBe(true);
      }
    });

    test.each([
      ['Nominations submitted, by channel', 'nominationsSubmitted', 'channel'],
      ['Approval requests, by stage', 'approvalsRequested', 'stage'],
      ['Decisions, by stage and decision', 'decisions', 'stage,decision'],
      ['Waits past their deadline, by stage', 'waitsPastDeadline', 'stage'],
    ] as const)('%s: a SEARCH over the custom metric and its dimensions', (title, key, dimensions) => {
      const [line] = lines(title);
      expect(lines(title)).toHaveLength(1);
      // Each line named by its dimension values, not by the expression.
      for (const dimension of dimensions.split(',')) expect(line).toContain(`\${PROP('Dim.${dimension}')}`);
      expect(line).toContain(
        `SEARCH('{${METRICS_NAMESPACE},${SERVICE_DIMENSION},${dimensions}} MetricName=\\"${METRICS[key].name}\\"', 'Sum', 300)`,
      );
    });

    test.each([
      ['Lambda errors', 'Errors'],
      ['Lambda duration (p95)', 'Duration'],
    ])('%s: one line per function', (title, metric) => {
      const metrics = lines(title);
      expect(metrics).toHaveLength(ALL_FUNCTIONS.length + 2); // and export, mail-events
      expect(metrics.some((m) => m.includes(`"AWS/Lambda","${metric}","FunctionName","<${exportId}>"`))).toBe(
        true,
      );
      for (const key of ALL_FUNCTIONS) {
        expect(
          metrics.some((m) => m.includes(`"AWS/Lambda","${metric}","FunctionName","<${fnIds[key]}>"`)),
        ).toBe(true);
      }
      if (metric === 'Duration') for (const m of metrics) expect(m).toContain('"stat":"p95"');
    });

    test('mails sent and failed (totals), SES bounce and complaint rates with the alarm thresholds', () => {
      const mails = lines('Mails');
      for (const key of [
        'mailsSent',
        'mailsFailed',
        'mailsSuppressed',
        'mailComplaints',
        'approverMailBounced',
      ] as const) {
        expect(
          mails.some((m) =>
            m.includes(`"${METRICS_NAMESPACE}","${METRICS[key].name}","service","${SERVICE_NAME}"`),
          ),
        ).toBe(true);
      }
      const rates = lines('SES bounce and complaint rates');
      expect(rates.some((m) => m.includes('"AWS/SES","Reputation.BounceRate"'))).toBe(true);
      expect(rates.some((m) => m.includes('"AWS/SES","Reputation.ComplaintRate"'))).toBe(true);
      expect(JSON.stringify(widget('SES bounce and complaint rates').properties)).toMatch(
        /"value":0\.02\b.*"value":0\.0005\b/,
      );
    });

    test('the status of every alarm', () => {
      expect(widget('Alarms').properties.alarms).toHaveLength(built.workflow.operations.alarms.length);
    });
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
    for (const key of ['web', 'review', 'requestApproval', 'notify'] as const) {
      const id = logicalId(custom.workflow.functions[key].function);
      expect(
        resourcesOfType(t, 'AWS::Lambda::Function')[id]?.Properties.Environment.Variables.PUBLIC_URL,
      ).toBe('https://award.example.test');
    }
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.test' });
  });
});

describe('certificates (표창장)', () => {
  const s3Statements = (key: FunctionKey) =>
    statementsOf(key).filter((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => a.startsWith('s3:')),
    );
  const certificatePrefix = '<Import:AwardWorkflowStateful-CertificateBucketArn>/certificates/*';

  test('issueCertificate may read and write objects under certificates/ of the certificates bucket, nothing else', () => {
    const statements = statementsOf('issueCertificate');
    expect(actionsOf(statements).filter((a) => !a.startsWith('logs:') && !a.startsWith('dynamodb:'))).toEqual(
      ['s3:GetObject', 's3:PutObject'],
    );
    const s3 = only(s3Statements('issueCertificate'), 's3 statement');
    expect(s3.Effect).toBe('Allow');
    expect(resourcesOf(s3).map(cfnText)).toEqual([certificatePrefix]);
    expect(s3.Condition).toBeUndefined();
    // It mails nothing and touches no execution.
    expect(actionsOf(statements).filter((a) => a.startsWith('ses:') || a.startsWith('states:'))).toEqual([]);
  });

  test.each(['notify', 'web'] as const)('%s may only read objects under certificates/', (key) => {
    const s3 = only(s3Statements(key), 's3 statement');
    expect(actionsOf([s3])).toEqual(['s3:GetObject']);
    expect(resourcesOf(s3).map(cfnText)).toEqual([certificatePrefix]);
  });

  test('no other function touches the certificates bucket', () => {
    for (const key of ALL_FUNCTIONS.filter((k) => !['issueCertificate', 'notify', 'web'].includes(k))) {
      expect({ key, s3: s3Statements(key) }).toEqual({ key, s3: [] });
    }
  });

  test('issue-certificate: its own function, the bucket by name, the fonts shipped beside the bundle', () => {
    const fn = resourcesOfType(template(), 'AWS::Lambda::Function')[fnIds.issueCertificate];
    expect(fn?.Properties).toMatchObject({ MemorySize: 1024, Timeout: 30, Runtime: 'nodejs22.x' });
    expect(cfnText(fn?.Properties.Environment.Variables.CERTIFICATE_BUCKET)).toMatch(/^<Import:/);
    expect(fn?.Properties.Description).toBe(
      'award-workflow task: render and keep the awardee certificate (PDF)',
    );
  });
});
