import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type AwardAppConfig, type AwardStacks, buildApp } from '../../infra/app';

/** Context that skips esbuild bundling: template tests do not test the bundles. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

/**
 * A fast test App: no bundling and no built-in CloudFormation schema validation (~3 s per test file;
 * nag.test.ts keeps it on, strict, for the real app).
 */
export function newApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...NO_BUNDLING, ...context }, builtinCloudFormationValidation: false });
}

export interface Built extends AwardStacks {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly workflowTemplate: Template;
  readonly intakeTemplate: Template;
}

/** Builds the same stacks as `infra/app.ts` (cdk-nag off unless asked for), without bundling. */
export function build(config: AwardAppConfig = {}, context: Record<string, unknown> = {}): Built {
  const app = newApp(context);
  const stacks = buildApp(app, { nag: false, ...config });
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    workflowTemplate: Template.fromStack(stacks.workflow),
    intakeTemplate: Template.fromStack(stacks.intake),
  };
}

/** Logical id of a construct's CloudFormation resource (the construct itself or its default child). */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(Stack.of(construct).getLogicalId(element)) as string;
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Every policy statement that applies to a role: inline policies and attached AWS::IAM::Policy. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const resources = template.toJSON().Resources as Resources;
  const role = resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role`);
  const inline = (
    (role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]
  ).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      ((r.Properties?.Roles ?? []) as unknown[]).some(
        (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap(
      (r) => (r.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [],
    );
  return [...inline, ...attached];
}

export function actionsOf(statements: readonly Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Statements that allow a given action. */
export function allowing(statements: readonly Statement[], action: string): Statement[] {
  return statements.filter(
    (s) => s.Effect === 'Allow' && (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action),
  );
}

/** The role logical id of a Lambda function resource in a template. */
export function functionRoleId(template: Template, functionLogicalId: string): string {
  const resources = template.toJSON().Resources as Resources;
  const role = resources[functionLogicalId]?.Properties?.Role as
    | { 'Fn::GetAtt': [string, string] }
    | undefined;
  if (!role) throw new Error(`${functionLogicalId} has no role`);
  return role['Fn::GetAtt'][0];
}

/** Synthesized CloudFormation JSON, navigated freely in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON is checked by the assertions themselves
export type CfnJson = any;

export function resourcesOfType(template: Template, type: string): Record<string, { Properties: CfnJson }> {
  return template.findResources(type) as Record<string, { Properties: CfnJson }>;
}

/**
 * A CloudFormation string value as text: `Fn::Join` parts joined, references as `<AWS::Region>`,
 * `<LogicalId>`, `<LogicalId.Attr>`, imports as `<Import:Name>` (the notation of cdk-nag's finding ids).
 */
export function cfnText(value: CfnJson): string {
  if (typeof value === 'string') return value;
  if (value?.['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'] as [string, CfnJson[]];
    return parts.map(cfnText).join(sep);
  }
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  if (value?.['Fn::ImportValue']) return `<Import:${cfnText(value['Fn::ImportValue'])}>`;
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** The single element of a list (fails the test when there are none or several). */
export function only<T>(items: readonly T[], what = 'item'): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0] as T;
}

/** A value that must be present. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}
