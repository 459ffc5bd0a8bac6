import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';

import { INTAKE_KEYS } from '../../functions/contracts/intake';

/** Key prefix of the raw mails SES stores (the object key is `<prefix><SES messageId>`). */
export const INBOUND_PREFIX = INTAKE_KEYS.inboundPrefix;
/** Key prefix of the attachments the inbound function keeps with a nomination. */
export const ATTACHMENTS_PREFIX = INTAKE_KEYS.attachmentsPrefix;

export interface IntakeBucketProps {
  /** Days an attachment is kept. @default 1826 (five years) */
  readonly attachmentRetentionDays?: number;
  /** Days a raw incoming mail is kept (it is parsed within minutes; kept for inspection). @default 30 */
  readonly inboundRetentionDays?: number;
  /** Days the server access logs are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The bucket of incoming mail: raw mails under `inbound/` (written by SES), attachments under
 * `attachments/` (written by the inbound function), each prefix with its own expiry. S3-managed
 * encryption, all public access blocked, TLS-only, ACLs disabled, retained on stack deletion; server
 * access logs go to a separate bucket (same settings, log delivery by bucket policy, not ACL).
 */
export class IntakeBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly inboundPrefix = INBOUND_PREFIX;
  readonly attachmentsPrefix = ATTACHMENTS_PREFIX;
  readonly attachmentRetentionDays: number;

  constructor(scope: Construct, id: string, props: IntakeBucketProps = {}) {
    super(scope, id);
    // Grant log delivery with a bucket policy (logging.s3.amazonaws.com, scoped to the source bucket)
    // instead of the LogDeliveryWrite ACL, which needs ACLs enabled. Set here, before any child
    // exists, so the choice does not depend on the app's feature flags.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.attachmentRetentionDays = days(props.attachmentRetentionDays ?? 1826, 'attachmentRetentionDays');
    const inboundRetentionDays = days(props.inboundRetentionDays ?? 30, 'inboundRetentionDays');
    const accessLogRetentionDays = days(props.accessLogRetentionDays ?? 365, 'accessLogRetentionDays');
    const common = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    // Needs no access logs of its own: cdk-nag (S1) recognises it as the intake bucket's log target.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogRetentionDays) }],
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...common,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'intake/',
      lifecycleRules: [
        {
          id: 'expire-inbound-mail',
          prefix: INBOUND_PREFIX,
          expiration: Duration.days(inboundRetentionDays),
        },
        {
          id: 'expire-attachments',
          prefix: ATTACHMENTS_PREFIX,
          expiration: Duration.days(this.attachmentRetentionDays),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /** s3:GetObject on `inbound/*` only (the raw mails). */
  grantReadInbound(role: iam.Role): iam.Grant {
    return this.grantObjects(role, 's3:GetObject', INBOUND_PREFIX, 'reads the raw mail SES stored');
  }

  /**
   * s3:PutObject and s3:DeleteObject on `attachments/*` only: the function stores a mail's attachments
   * and deletes them again when the mail is refused or its nomination was not stored.
   */
  grantWriteAttachments(role: iam.Role): iam.Grant {
    return this.grantObjects(
      role,
      ['s3:PutObject', 's3:DeleteObject'],
      ATTACHMENTS_PREFIX,
      'stores (and on failure deletes) the attachments of a mail',
    );
  }

  private grantObjects(role: iam.Role, action: string | string[], prefix: string, what: string): iam.Grant {
    const pattern = `${prefix}*`;
    const actions = Array.isArray(action) ? action : [action];
    const grant = iam.Grant.addToPrincipal({
      grantee: role,
      actions,
      resourceArns: [this.bucket.arnForObjects(pattern)],
    });
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${pattern}]`,
      reason:
        `${actions.join(' and ')} on one key prefix of the intake bucket: the function ${what}, under keys ` +
        '(SES message ids) that are not known in advance; nothing else is granted on the prefix.',
    });
    return grant;
  }
}

function days(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive whole number of days`);
  return value;
}
