import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import {
  HSTS_MAX_AGE_SECONDS,
  PAGE_CONTENT_SECURITY_POLICY,
} from '../../functions/contracts/security-headers';

/**
 * The Content-Security-Policy of answers that carry none of their own: those API Gateway makes itself
 * (404 of an unknown route, 413, 429, 500/503): the functions' page policy.
 */
export const EDGE_CONTENT_SECURITY_POLICY = PAGE_CONTENT_SECURITY_POLICY;

/** Strict-Transport-Security max-age, as the functions send it. */
export const HSTS_MAX_AGE = Duration.seconds(HSTS_MAX_AGE_SECONDS);

export interface WebDistributionProps {
  readonly httpApi: apigwv2.IHttpApi;
  /** ARN of a WAFv2 WebACL of scope CLOUDFRONT (created in us-east-1). @default none */
  readonly webAclArn?: string;
}

/**
 * CloudFront in front of the HTTP API, for two things the API cannot do itself: security headers on
 * every answer, also those API Gateway makes (429, 413, 404, 5xx; HTTP APIs have no gateway
 * responses to add headers to), and a place for WAF (HTTP APIs cannot be associated with a WebACL).
 * No caching (every page is personal or a secret link), every method, every viewer header but Host
 * (API Gateway routes by its own host name), HTTPS only (HTTP is redirected), TLS 1.2 to the origin.
 */
export class WebDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** `https://<id>.cloudfront.net`, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'award-workflow: security headers on every answer, gateway-made ones included',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: HSTS_MAX_AGE,
          includeSubdomains: true,
          override: true,
        },
        // For browsers that ignore CSP frame-ancestors (older ones on office PCs).
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        // Not overriding: an answer with its own CSP keeps it (the certificate download sends a
        // stricter one, `default-src 'none'; frame-ancestors 'none'`); answers without one get this.
        contentSecurityPolicy: { contentSecurityPolicy: EDGE_CONTENT_SECURITY_POLICY, override: false },
      },
      customHeadersBehavior: {
        // Gateway-made answers are not to be stored either (the functions send no-store themselves).
        customHeaders: [{ header: 'Cache-Control', value: 'no-store', override: false }],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'award-workflow: HTTP API behind CloudFront (security headers, WAF)',
      defaultBehavior: {
        origin: new origins.HttpOrigin(
          `${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
          {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          },
        ),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: centers, HQ and approvers work from Korea, but approvers also decide while ' +
          'travelling; the links are secret and WAF (when attached) limits the rate per client.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "Every request that reaches the API is in the stage's JSON access log (route template, status, " +
          'client IP, never the secret path); CloudFront standard logs would write the secret link paths ' +
          'to a bucket.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain yet: with the default *.cloudfront.net certificate CloudFront fixes the viewer ' +
          'security policy (TLSv1) and ignores minimumProtocolVersion; browsers negotiate TLS 1.2/1.3 and ' +
          'HSTS keeps them on HTTPS. A custom domain with its ACM certificate gets TLSv1.2_2021 (README).',
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'A CLOUDFRONT-scope WebACL must live in us-east-1 and this stack stays environment-agnostic, so ' +
                'it cannot create or reference one itself: pass an existing WebACL ARN as context webAclArn ' +
                '(infra/README.md, WAF). Per-route API throttles limit the load meanwhile.',
            },
          ]),
    );
  }
}
