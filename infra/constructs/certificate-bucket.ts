import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { CERTIFICATE_PREFIX } from '../../functions/contracts/certificates';

export interface CertificateBucketProps {
  /** Days an issued certificate is kept (it carries the awardee's name). @default 1826 (five years) */
  readonly retentionDays?: number;
  /** Days the server access logs are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The bucket of issued commendation certificates (표창장 PDFs), under `certificates/<cycle>/<id>.pdf`:
 * written once by the issue-certificate task, read by the awardee mail (notify) and the status page's
 * download (web). Its own bucket, in the stateful stack, rather than a prefix of the intake bucket:
 * that one may live in another region (SES receiving) and is deployed with the intake stack, while
 * certificates are records of the award that outlive redeployments of anything else.
 * S3-managed encryption, all public access blocked, TLS only, ACLs disabled, versioned (an official
 * document is never silently replaced), retained on stack deletion, server access logs to their own bucket.
 */
export class CertificateBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly prefix = CERTIFICATE_PREFIX;
  /**
   * The name the bucket's ARN is exported under, for roles of other stacks (the workflow stack):
   * a fixed name, so that the cdk-nag acknowledgement of their prefix grant can name it.
   */
  readonly arnExportName: string;

  constructor(scope: Construct, id: string, props: CertificateBucketProps = {}) {
    super(scope, id);
    // Log delivery by bucket policy, not the LogDeliveryWrite ACL (ACLs stay disabled).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const retentionDays = positiveDays(props.retentionDays ?? 1826, 'retentionDays');
    const accessLogRetentionDays = positiveDays(
      props.accessLogRetentionDays ?? 365,
      'accessLogRetentionDays',
    );
    const common = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      versioned: false,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogRetentionDays) }],
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...common,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'certificates/',
      lifecycleRules: [
        {
          id: 'expire-certificates',
          prefix: CERTIFICATE_PREFIX,
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.arnExportName = `${Stack.of(this).stackName}-CertificateBucketArn`;
    Stack.of(this).exportValue(this.bucket.bucketArn, { name: this.arnExportName });
  }

  /** s3:PutObject and s3:GetObject on `certificates/*` only (issue once: a retry reads what is there). */
  grantIssue(role: iam.IRole): iam.Grant {
    return this.grantObjects(role, ['s3:GetObject', 's3:PutObject'], 'renders and stores the certificates');
  }

  /** s3:GetObject on `certificates/*` only. */
  grantRead(role: iam.IRole): iam.Grant {
    return this.grantObjects(role, ['s3:GetObject'], 'reads an issued certificate');
  }

  private grantObjects(role: iam.IRole, actions: string[], what: string): iam.Grant {
    const pattern = `${CERTIFICATE_PREFIX}*`;
    const sameStack = Stack.of(role) === Stack.of(this);
    const grant = iam.Grant.addToPrincipal({
      grantee: role,
      actions,
      resourceArns: [
        sameStack ? this.bucket.arnForObjects(pattern) : `${Fn.importValue(this.arnExportName)}/${pattern}`,
      ],
    });
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(role).acknowledge({
      id: sameStack
        ? `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${pattern}]`
        : `AwsSolutions-IAM5[Resource::${this.arnExportName}/${pattern}]`,
      reason:
        `${actions.join(', ')} on the certificates prefix of the certificates bucket only: the function ${what}, ` +
        'one object per nomination under keys (nomination ids) not known in advance.',
    });
    return grant;
  }
}

function positiveDays(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive whole number of days`);
  return value;
}
