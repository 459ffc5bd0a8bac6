import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../infra/app';
import { NO_BUNDLING, newApp } from './support';

// cdk-nag 3 is a policy validation plugin (Validations.of(app).addPlugins), not an Aspect: its findings
// are not Annotations on the stacks but violations in the validation report, and synth throws on them.

test.each([
  ['one region', {}],
  [
    'another receiving region',
    { region: 'ap-northeast-2', receivingRegion: 'us-east-1', alarmEmail: 'ops@example.test' },
  ],
  ['no WAF (waf: false)', { waf: false }],
])('AwsSolutions: no unacknowledged findings (errors or warnings) on any stack: %s', (_, config) => {
  const app = newApp();
  const stacks = buildApp(app, { nag: false, ...config });
  expect(Object.keys(stacks)).toHaveLength('waf' in config ? 3 : 4);
  const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(app);
  const findings = report.violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    at: v.violatingResources.map((r) => r.constructPath),
  }));
  expect(findings).toEqual([]);
  expect(report.success).toBe(true);
});

test('synth with the AwsSolutions plugin (as infra/app.ts does) and strict CloudFormation validation succeeds', () => {
  // Built-in template validation on, its findings as errors: the templates are schema-valid too.
  const app = new App({ context: { ...NO_BUNDLING, '@aws-cdk/core:validateAgainstDefaultRules': true } });
  buildApp(app); // nag on by default
  expect(() => app.synth()).not.toThrow();
});

test('an unacknowledged finding fails synth', () => {
  const app = newApp();
  const { workflow } = buildApp(app);
  const role = new iam.Role(workflow, 'Careless', { assumedBy: new iam.AccountRootPrincipal() });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
  expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
});

test('the intake acknowledgements cover exactly the two prefix grants, not other object wildcards', () => {
  const app = newApp();
  const { intake } = buildApp(app, { nag: false });
  intake.intakeBucket.bucket.grantDelete(intake.inbound.role, 'inbound/*');
  const report = new AwsSolutionsChecks(app).validateScope(app);
  const rules = report.violations.map((v) => v.ruleName);
  expect(rules).toContain('AwsSolutions-IAM5[Action::s3:DeleteObject*]');
  expect(rules).not.toContain(expect.stringMatching(/attachments/));
});

test('acknowledgements are precise: the same rule elsewhere is still reported', () => {
  const app = newApp();
  buildApp(app, { nag: false });
  const stack = new Stack(app, 'Other');
  const role = new iam.Role(stack, 'Careless', { assumedBy: new iam.AccountRootPrincipal() });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
  Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Action::s3:*]', reason: 'not the finding' });
  const report = new AwsSolutionsChecks(app).validateScope(app);
  expect(report.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
});
