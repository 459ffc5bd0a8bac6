/** CloudFront in front of the HTTP API (security headers on every answer) and throttling per route (issue 9). */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { routeKeys } from '../../functions/contracts/routes';
import { DEFAULT_THROTTLES, ROUTE_BUDGETS } from '../../infra/constructs/web-api';
import { EDGE_CONTENT_SECURITY_POLICY } from '../../infra/constructs/web-distribution';
import { type Built, build, type CfnJson, cfnText, logicalId, must, only, resourcesOfType } from './support';

let built: Built;
beforeAll(() => {
  built = build();
});
const template = () => built.workflowTemplate;

describe('CloudFront in front of the HTTP API', () => {
  test('origin: the API over HTTPS (TLS 1.2); no cache; every viewer header but Host; all methods; HTTP redirected', () => {
    const dist = only(
      Object.values(resourcesOfType(template(), 'AWS::CloudFront::Distribution')),
      'distribution',
    ).Properties.DistributionConfig;
    const origin: CfnJson = only(dist.Origins as CfnJson[], 'origin');
    expect(cfnText(origin.DomainName)).toBe(
      `<${logicalId(built.workflow.api.httpApi)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>`,
    );
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(dist.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // Managed policies: CachingDisabled and AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ResponseHeadersPolicyId: { Ref: logicalId(built.workflow.edge.responseHeadersPolicy) },
    });
    expect(dist.CacheBehaviors).toBeUndefined();
    expect(dist.Enabled).toBe(true);
  });

  test('security headers on every answer, gateway-made ones (429, 413, 404, 5xx) included', () => {
    template().hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
            Override: true,
          },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          // The functions' own CSP (e.g. the certificate download's stricter one) stays where sent.
          ContentSecurityPolicy: { ContentSecurityPolicy: EDGE_CONTENT_SECURITY_POLICY, Override: false },
        },
        CustomHeadersConfig: {
          Items: [{ Header: 'Cache-Control', Value: 'no-store', Override: false }],
        },
      },
    });
    expect(EDGE_CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(EDGE_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(EDGE_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
  });

  test('links in mails go through CloudFront; outputs name both addresses', () => {
    const distId = logicalId(built.workflow.edge.distribution);
    const fns = resourcesOfType(template(), 'AWS::Lambda::Function');
    const publicUrls = Object.values(fns)
      .map((f) => f.Properties.Environment?.Variables?.PUBLIC_URL)
      .filter((v) => v !== undefined);
    expect(publicUrls.length).toBeGreaterThanOrEqual(6);
    for (const url of publicUrls) expect(cfnText(url)).toBe(`https://<${distId}.DomainName>`);
    template().hasOutput('PublicUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template().hasOutput('DistributionDomainName', { Value: { 'Fn::GetAtt': [distId, 'DomainName'] } });
    template().hasOutput('ApiUrl', Match.anyValue());
  });

  test('a configured publicUrl (custom domain) wins', () => {
    const custom = build({ publicUrl: 'https://award.example.kr' });
    const vars = Object.values(resourcesOfType(custom.workflowTemplate, 'AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables?.PUBLIC_URL)
      .filter((v) => v !== undefined);
    expect(new Set(vars)).toEqual(new Set(['https://award.example.kr']));
  });

  test('waf: false leaves the WebACL out; a given one is attached; a wrong ARN is refused', () => {
    const without = build({ waf: false });
    const dist = only(
      Object.values(resourcesOfType(without.workflowTemplate, 'AWS::CloudFront::Distribution')),
    ).Properties.DistributionConfig;
    expect(dist.WebACLId).toBeUndefined();
    const arn =
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/award/0a1b2c3d-0000-1111-2222-333344445555';
    const withAcl = build({ webAclArn: arn });
    const config = only(
      Object.values(resourcesOfType(withAcl.workflowTemplate, 'AWS::CloudFront::Distribution')),
    ).Properties.DistributionConfig;
    expect(config.WebACLId).toBe(arn);
    expect(() =>
      build({ webAclArn: 'arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/a/b' }),
    ).toThrow(/scope CLOUDFRONT/);
  });
});

describe('throttling per route', () => {
  const stage = () =>
    only(Object.values(resourcesOfType(template(), 'AWS::ApiGatewayV2::Stage')), 'stage').Properties;

  test('pages share the stage default; submissions, decisions and the export each have their own budget', () => {
    expect(stage().DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage().RouteSettings).toEqual({
      'POST /nominations': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      'POST /drafts/{draftId}': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      'POST /corrections/{correctionId}': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      'POST /approvals/{approvalId}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'POST /approvals/{approvalId}/delegate': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'POST /reviews/{reviewId}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'GET /reviews/{reviewId}/export': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 },
      'HEAD /reviews/{reviewId}/export': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 },
    });
    expect(DEFAULT_THROTTLES.submissions.rateLimit).toBeLessThan(DEFAULT_THROTTLES.decisions.rateLimit);
  });

  test('every route setting names an existing route, and the stage is deployed after those routes', () => {
    const routes = resourcesOfType(template(), 'AWS::ApiGatewayV2::Route');
    const keys = new Set(Object.values(routes).map((r) => r.Properties.RouteKey));
    for (const key of Object.keys(stage().RouteSettings)) expect(keys).toContain(key);
    const [stageId, stageResource] = only(
      Object.entries(template().findResources('AWS::ApiGatewayV2::Stage')),
    );
    expect(stageId).toBeDefined();
    const dependsOn = new Set(stageResource.DependsOn as string[]);
    for (const [id, r] of Object.entries(routes)) {
      if (stage().RouteSettings[r.Properties.RouteKey]) expect(dependsOn).toContain(id);
    }
    const budgeted = routeKeys().filter((r) => ROUTE_BUDGETS[r.name]);
    expect(Object.keys(stage().RouteSettings)).toHaveLength(budgeted.length);
  });

  test('the numbers are settings (defaults for what is not given); nonsense is refused', () => {
    const custom = build({ throttles: { submissions: { rateLimit: 1, burstLimit: 2 } } });
    const settings = only(
      Object.values(resourcesOfType(custom.workflowTemplate, 'AWS::ApiGatewayV2::Stage')),
    ).Properties;
    expect(settings.RouteSettings['POST /nominations']).toEqual({
      ThrottlingRateLimit: 1,
      ThrottlingBurstLimit: 2,
    });
    expect(settings.RouteSettings['POST /approvals/{approvalId}']).toEqual({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
    expect(() => build({ throttles: { decisions: { rateLimit: 0, burstLimit: 1 } } })).toThrow(
      /positive rateLimit/,
    );
  });
});

describe('WAF (edge stack, us-east-1)', () => {
  const edge = () => must(built.edge, 'edge stack');
  const acl = () =>
    only(Object.values(resourcesOfType(Template.fromStack(edge()), 'AWS::WAFv2::WebACL')), 'WebACL')
      .Properties;

  test('the distribution uses the WebACL of the edge stack, read across regions by its output', () => {
    const dist = only(Object.values(resourcesOfType(template(), 'AWS::CloudFront::Distribution'))).Properties
      .DistributionConfig;
    expect(dist.WebACLId).toEqual({
      'Fn::GetStackOutput': { StackName: 'AwardWorkflowEdge', Region: 'us-east-1', OutputName: 'WebAclArn' },
    });
    Template.fromStack(edge()).hasOutput('WebAclArn', {
      Value: { 'Fn::GetAtt': [logicalId(edge().webAcl), 'Arn'] },
    });
    expect(edge().region).toBe('us-east-1');
  });

  test('scope CLOUDFRONT: per-IP limits on form posts and on everything, then the AWS managed rules', () => {
    const props = acl();
    expect(props.Scope).toBe('CLOUDFRONT');
    expect(props.DefaultAction).toEqual({ Allow: {} });
    const rules = props.Rules as CfnJson[];
    expect(rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, 'SubmissionsPerIp'],
      [1, 'AllPerIp'],
      [2, 'AWSManagedRulesCommonRuleSet'],
      [3, 'AWSManagedRulesKnownBadInputsRuleSet'],
    ]);
    const [submissions, all, common] = rules;
    expect(submissions.Action).toEqual({ Block: {} });
    expect(submissions.Statement.RateBasedStatement).toMatchObject({
      Limit: 300,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    const scope = submissions.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements;
    expect(scope[0].ByteMatchStatement).toMatchObject({
      FieldToMatch: { Method: {} },
      PositionalConstraint: 'EXACTLY',
      SearchString: 'POST',
    });
    expect(
      scope[1].OrStatement.Statements.map((s: CfnJson) => [
        s.ByteMatchStatement.PositionalConstraint,
        s.ByteMatchStatement.SearchString,
      ]),
    ).toEqual([
      ['STARTS_WITH', '/nominations'],
      ['STARTS_WITH', '/drafts/'],
      ['STARTS_WITH', '/corrections/'],
    ]);
    expect(all.Statement.RateBasedStatement).toEqual({
      Limit: 3000,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    // The 8 KB body rule only counts: nomination texts and batch decisions are larger (the functions cap at 256 KB).
    expect(common.Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
    for (const rule of rules) expect(rule.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
  });

  test('logs to aws-waf-logs-*, with the secret link paths and queries redacted', () => {
    Template.fromStack(edge()).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [logicalId(edge().webAcl), 'Arn'] },
      RedactedFields: [{ UriPath: {} }, { QueryString: {} }],
      LogDestinationConfigs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    Template.fromStack(edge()).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-awardworkflowedge',
      RetentionInDays: 90,
    });
  });

  test('rate limits are settings; waf: false or a given webAclArn create no edge stack', () => {
    const custom = build({ wafRateLimits: { submissionsPerIp: 100 } });
    const rules = only(
      Object.values(resourcesOfType(Template.fromStack(must(custom.edge)), 'AWS::WAFv2::WebACL')),
    ).Properties.Rules as CfnJson[];
    expect(rules[0].Statement.RateBasedStatement.Limit).toBe(100);
    expect(rules[1].Statement.RateBasedStatement.Limit).toBe(3000);
    expect(() => build({ wafRateLimits: { allPerIp: 5 } })).toThrow(/>= 10/);
    expect(build({ waf: false }).edge).toBeUndefined();
    expect(
      build({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b' }).edge,
    ).toBeUndefined();
  });
});
