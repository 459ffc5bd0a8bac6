import { Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HTTP_FUNCTIONS, type HttpFunctionName, routeKeys } from '../../functions/contracts/routes';

export interface WebApiProps {
  /** The function behind each route, by the name the route table gives it (`fn`). */
  readonly handlers: Readonly<Record<HttpFunctionName, lambda.IFunction>>;
  /** Steady-state requests per second on the default stage. @default 20 */
  readonly rateLimit?: number;
  /** @default 50 */
  readonly burstLimit?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * HTTP API (payload v2): every route of the one route table (functions/contracts/routes.ts, shared with
 * the routers and the local gateway; GET routes also as HEAD) to the function the table names for it
 * (one Lambda proxy integration per function: `web`, `review`, `export`), a `$default` stage
 * with throttling and JSON access logs. The access log records the route template (`$context.routeKey`), never the
 * request path, so the secret approval ids in links do not end up in the logs.
 */
export class WebApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  /** Base URL without a trailing slash, e.g. `https://abc123.execute-api.ap-northeast-2.amazonaws.com`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);

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
      throttle: { rateLimit: props.rateLimit ?? 20, burstLimit: props.burstLimit ?? 50 },
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
    for (const { method, path, fn } of routeKeys()) {
      // One addRoutes call per route key: the construct id (and logical id) is `<METHOD><path>`,
      // independent of the table's order and of the function that serves it.
      for (const httpRoute of this.httpApi.addRoutes({
        path,
        methods: [apigwv2.HttpMethod[method]],
        integration: integrations[fn],
      })) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: the nomination form is open to the centers; a submitted draft starts nothing ' +
            "until confirmed from the center's registered address; status, draft and approval pages are " +
            'reachable only through unguessable link ids (>= 128 bits, stored hashed) that the handler checks.',
        });
      }
    }

    this.url = this.httpApi.apiEndpoint;
  }
}
