import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/contracts/names';
import { routeKeys } from '../../functions/contracts/routes';
import { RUNTIME_ENVIRONMENT } from '../../infra/constructs/task-function';
import {
  actionsOf,
  type Built,
  build,
  type CfnJson,
  functionRoleId,
  logicalId,
  only,
  resourcesOfType,
  roleStatements,
} from './support';

/**
 * The `export` HTTP function (HQ's download of a cycle as CSV/XLSX): its own function and role, its
 * routes on the HTTP API, and a role that only reads the table (GetItem and Query; Query on gsi1).
 */
let built: Built;
let exportId: string;
let tableId: string;

beforeAll(() => {
  built = build();
  exportId = logicalId(built.workflow.exporter.function);
  tableId = logicalId(built.stateful.table);
});

const template = () => built.workflowTemplate;
const fn = (): CfnJson => resourcesOfType(template(), 'AWS::Lambda::Function')[exportId]?.Properties;
const statements = () => roleStatements(template(), functionRoleId(template(), exportId));
const text = (value: unknown) => JSON.stringify(value);

test('the function: Node.js 22 on arm64, 29 s (under the HTTP API 30 s), 1 GB, the export entry', () => {
  expect(fn()).toMatchObject({
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    Timeout: FUNCTION_TIMEOUT_SECONDS.export,
    MemorySize: 1024,
    LoggingConfig: { LogFormat: 'JSON' },
  });
  expect(FUNCTION_TIMEOUT_SECONDS.export).toBeLessThan(30);
  expect(fn().Description).toMatch(/^award-workflow export:/);
  expect(built.workflow.exporter.function.node.path).toMatch(/\/Export\/Function$/);
});

test('environment: the table name only (no link key, no mail, no state machine)', () => {
  const vars = fn().Environment.Variables;
  expect(Object.keys(vars).sort()).toEqual([...Object.keys(RUNTIME_ENVIRONMENT), 'TABLE_NAME'].sort());
  expect(text(vars.TABLE_NAME)).toContain('AwardWorkflowStateful');
});

test('its own role: logs of its own group, GetItem and Query on the table, Query on gsi1: nothing else', () => {
  const roleId = functionRoleId(template(), exportId);
  const others = Object.entries(resourcesOfType(template(), 'AWS::Lambda::Function'))
    .filter(([id]) => id !== exportId)
    .map(([id]) => functionRoleId(template(), id));
  expect(others).not.toContain(roleId);
  expect(resourcesOfType(template(), 'AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();

  const all = statements();
  expect(all.every((s) => s.Effect === 'Allow' && s.Condition === undefined)).toBe(true);
  expect(actionsOf(all).sort()).toEqual(
    ['dynamodb:GetItem', 'dynamodb:Query', 'logs:CreateLogStream', 'logs:PutLogEvents'].sort(),
  );
  const dynamo = all.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
  const byResource = dynamo.map((s) => ({ actions: actionsOf([s]).sort(), resource: text(s.Resource) }));
  expect(byResource).toHaveLength(2);
  const onTable = only(
    byResource.filter((s) => !s.resource.includes('/index/')),
    'table statement',
  );
  expect(onTable.actions).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  expect(onTable.resource).toContain(tableId);
  const onIndex = only(
    byResource.filter((s) => s.resource.includes('/index/')),
    'index statement',
  );
  expect(onIndex.actions).toEqual(['dynamodb:Query']);
  expect(onIndex.resource).toContain('/index/gsi1');
  expect(onIndex.resource).toContain(tableId);
  expect(onIndex.resource).not.toContain('*');
  // No Scan, no writes, no link key, no mail, no Step Functions.
  const actions = actionsOf(all);
  for (const refused of [
    'dynamodb:Scan',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:BatchWriteItem',
  ])
    expect(actions).not.toContain(refused);
  expect(actions.some((a) => /^(secretsmanager|ses|states|s3|kms):/.test(a))).toBe(false);
  const logs = only(
    all.filter((s) => actionsOf([s]).includes('logs:PutLogEvents')),
    'logs statement',
  );
  expect(text(logs.Resource)).toContain(logicalId(built.workflow.exporter.logGroup));
});

test('GET and HEAD /reviews/{reviewId}/export go to the export function through its own integration', () => {
  const exported = routeKeys('export').map(({ method, path }) => `${method} ${path}`);
  expect(exported.sort()).toEqual(['GET /reviews/{reviewId}/export', 'HEAD /reviews/{reviewId}/export']);
  const integrations = Object.entries(resourcesOfType(template(), 'AWS::ApiGatewayV2::Integration'));
  const [integrationId, integration] = only(
    integrations.filter(
      ([, i]) => text(i.Properties.IntegrationUri) === text({ 'Fn::GetAtt': [exportId, 'Arn'] }),
    ),
    'export integration',
  );
  expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  const routes = Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Route'));
  const toExport = routes
    .filter((r) => text(r.Properties.Target).includes(integrationId))
    .map((r) => r.Properties.RouteKey)
    .sort();
  expect(toExport).toEqual(exported.sort());
  for (const route of routes.filter((r) => exported.includes(r.Properties.RouteKey)))
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
  const permissions = Object.values(resourcesOfType(template(), 'AWS::Lambda::Permission')).filter(
    (p) => text(p.Properties.FunctionName) === text({ 'Fn::GetAtt': [exportId, 'Arn'] }),
  );
  expect(permissions.length).toBeGreaterThan(0);
  for (const p of permissions) {
    expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
    expect(text(p.Properties.SourceArn)).toContain('/reviews/{reviewId}/export');
  }
});

test('an error alarm and dashboard lines like every other function', () => {
  expect(built.workflow.operations.alarms.map((a) => a.node.id)).toContain('ExportErrorsAlarm');
});
