import { Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  HTTP_FUNCTIONS,
  type HttpFunctionName,
  type RouteName,
  routeKeys,
} from '../../functions/contracts/routes';

/** Steady requests per second and burst of one route (API Gateway's token bucket, per route, all clients). */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Route budgets. Each route has its own bucket: a flood of form posts uses up the submissions' budget,
 * never the approvers'. (Per client limits are WAF's, in front of CloudFront; API Gateway has none.)
 */
export interface ApiThrottles {
  /** Every route without a budget below: the pages (GET, HEAD). @default 50 rps, burst 100 */
  readonly pages?: RouteThrottle;
  /** POST /nominations, POST /drafts/{draftId}, POST /corrections/{correctionId}. @default 5 rps, burst 10 */
  readonly submissions?: RouteThrottle;
  /** POST /approvals/{approvalId}, POST /approvals/{approvalId}/delegate, POST /reviews/{reviewId}. @default 20 rps, burst 40 */
  readonly decisions?: RouteThrottle;
  /** GET (and HEAD) /reviews/{reviewId}/export: a whole cycle per request, 1024 MB. @default 2 rps, burst 4 */
  readonly export?: RouteThrottle;
}

export const DEFAULT_THROTTLES: Required<ApiThrottles> = {
  pages: { rateLimit: 50, burstLimit: 100 },
  submissions: { rateLimit: 5, burstLimit: 10 },
  decisions: { rateLimit: 20, burstLimit: 40 },
  export: { rateLimit: 2, burstLimit: 4 },
};

/** The budget each route that has its own belongs to (the others get `pages`, the stage default). */
export const ROUTE_BUDGETS: Partial<Record<RouteName, Exclude<keyof ApiThrottles, 'pages'>>> = {
  submit: 'submissions',
  confirmDraft: 'submissions',
  correct: 'submissions',
  decide: 'decisions',
  delegate: 'decisions',
  decideReview: 'decisions',
  exportReview: 'export',
};

export interface WebApiProps {
  /** The function behind each route, by the name the route table gives it (`fn`). */
  readonly handlers: Readonly<Record<HttpFunctionName, lambda.IFunction>>;
  /** Throttling per route ({@link DEFAULT_THROTTLES} for what is not given). */
  readonly throttles?: ApiThrottles;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * HTTP API (payload v2): every route of the one route table (functions/contracts/routes.ts, shared with
 * the routers and the local gateway; GET routes also as HEAD) to the function the table names for it
 * (one Lambda proxy integration per function: `web`, `review`, `export`), a `$default` stage
 * with throttling per route ({@link ROUTE_BUDGETS}) and JSON access logs. The access log records the route template (`$context.routeKey`), never the
 * request path, so the secret approval ids in links do not end up in the logs.
 */
export class WebApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  /** Base URL without a trailing slash, e.g. `https://abc123.execute-api.ap-northeast-2.amazonaws.com`. */
  readonly url: string;

  /** The throttles in force (defaults filled in). */
  readonly throttles: Required<ApiThrottles>;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);
    this.throttles = { ...DEFAULT_THROTTLES, ...props.throttles };
    for (const [name, t] of Object.entries(this.throttles)) {
      if (!(t.rateLimit > 0 && Number.isInteger(t.burstLimit) && t.burstLimit >= 1)) {
        throw new Error(`throttle "${name}" needs a positive rateLimit and a whole burstLimit >= 1`);
      }
    }

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: '올해의 고용서비스상 추천·승인 (nomination form, status and approval pages)',
      createDefaultStage: false,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: this.throttles.pages,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // One integration per function; `WebIntegration` keeps the id it had when web served every route.
    const integrations = Object.fromEntries(
      HTTP_FUNCTIONS.map((fn) => [
        fn,
        new HttpLambdaIntegration(
          `${fn.charAt(0).toUpperCase()}${fn.slice(1)}Integration`,
          props.handlers[fn],
          {
            payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
          },
        ),
      ]),
    ) as Record<HttpFunctionName, HttpLambdaIntegration>;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    for (const { method, path, fn, name } of routeKeys()) {
      // One addRoutes call per route key: the construct id (and logical id) is `<METHOD><path>`,
      // independent of the table's order and of the function that serves it.
      for (const httpRoute of this.httpApi.addRoutes({
        path,
        methods: [apigwv2.HttpMethod[method]],
        integration: integrations[fn],
      })) {
        const budget = ROUTE_BUDGETS[name];
        if (budget) {
          const { rateLimit, burstLimit } = this.throttles[budget];
          routeSettings[`${method} ${path}`] = {
            ThrottlingRateLimit: rateLimit,
            ThrottlingBurstLimit: burstLimit,
          };
          // Route settings name existing routes: the stage is updated after them.
          cfnStage.node.addDependency(httpRoute);
        }
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: the nomination form is open to the centers; a submitted draft starts nothing ' +
            "until confirmed from the center's registered address; status, draft and approval pages are " +
            'reachable only through unguessable link ids (>= 128 bits, stored hashed) that the handler checks.',
        });
      }
    }

    cfnStage.routeSettings = routeSettings;

    this.url = this.httpApi.apiEndpoint;
  }
}
