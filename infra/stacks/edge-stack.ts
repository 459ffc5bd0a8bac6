import { ArnFormat, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { ROUTES } from '../../functions/contracts/routes';

/** The region of every WebACL for CloudFront (scope CLOUDFRONT). */
export const EDGE_REGION = 'us-east-1';
/** The output the workflow stack reads (Fn::GetStackOutput, across regions). */
export const WEB_ACL_ARN_OUTPUT = 'WebAclArn';

/** Requests per client IP in WAF's five-minute window. */
export interface EdgeRateLimits {
  /** Form posts (POST /nominations, /drafts/{id}, /corrections/{id}) per IP. @default 300 */
  readonly submissionsPerIp?: number;
  /** Every request per IP (pages, approvals, everything). @default 3000 */
  readonly allPerIp?: number;
}

export const DEFAULT_EDGE_RATE_LIMITS: Required<EdgeRateLimits> = { submissionsPerIp: 300, allPerIp: 3000 };

export interface EdgeStackProps extends StackProps {
  readonly rateLimits?: EdgeRateLimits;
}

/** Path prefixes of the routes that create something (the form posts): they get the lower per-IP limit. */
const SUBMISSION_PATH_PREFIXES = [ROUTES.submit, ROUTES.confirmDraft, ROUTES.correct].map((route) =>
  route.path.replace(/\{\w+\}$/, ''),
);

/**
 * The WebACL of the CloudFront distribution (WorkflowStack's `Edge`). CloudFront takes only WebACLs of
 * scope CLOUDFRONT, which exist only in us-east-1, hence a stack of its own there. Rules, in order:
 * a per-IP rate limit on form posts (a script posting nominations is stopped long before it uses up
 * the route's API budget for everyone), a per-IP limit on everything, AWS's common rule set (its body
 * size rule only counts: form posts and batch decisions exceed its 8 KB) and known bad inputs.
 * Logs go to CloudWatch (`aws-waf-logs-*`), with the URI path and query redacted: approval, draft and
 * correction links carry their secret in the path.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;
  readonly rateLimits: Required<EdgeRateLimits>;

  constructor(scope: Construct, id: string, props: EdgeStackProps = {}) {
    super(scope, id, { ...props, env: { ...props.env, region: EDGE_REGION } });
    this.rateLimits = { ...DEFAULT_EDGE_RATE_LIMITS, ...props.rateLimits };
    for (const [name, limit] of Object.entries(this.rateLimits)) {
      if (!Number.isInteger(limit) || limit < 10)
        throw new Error(`${name} must be a whole number >= 10 (WAF)`);
    }
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const startsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });
    const managed = (
      priority: number,
      name: string,
      excluded: string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(excluded.length
            ? { ruleActionOverrides: excluded.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'award-workflow: rate limits per client IP and AWS managed rules in front of the HTTP API',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('AwardWorkflowWebAcl'),
      rules: [
        {
          name: 'SubmissionsPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: this.rateLimits.submissionsPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { method: {} },
                        positionalConstraint: 'EXACTLY',
                        searchString: 'POST',
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                    { orStatement: { statements: SUBMISSION_PATH_PREFIXES.map(startsWith) } },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('SubmissionsPerIp'),
        },
        {
          name: 'AllPerIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: this.rateLimits.allPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('AllPerIp'),
        },
        // Bodies: a nomination's texts or a batch of decisions may pass 8 KB (the functions cap at 256 KB).
        managed(2, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    // WAF logging wants a log group whose name starts with aws-waf-logs-, by its ARN without ":*".
    this.logGroup = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${id.toLowerCase()}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        this.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ uriPath: {} }, { queryString: {} }],
    });

    new CfnOutput(this, WEB_ACL_ARN_OUTPUT, { value: this.webAcl.attrArn });
  }
}
