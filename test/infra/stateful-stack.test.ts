import { Match } from 'aws-cdk-lib/assertions';
import { LINK_KEY_LENGTH } from '../../functions/contracts/names';
import { buildApp } from '../../infra/app';
import { addressDomain } from '../../infra/constructs/mail-sending';
import { type Built, build, logicalId, newApp, only, resourcesOfType } from './support';

let built: Built;
beforeAll(() => {
  built = build();
});

describe('table', () => {
  const table = () => {
    const tables = Object.values(resourcesOfType(built.statefulTemplate, 'AWS::DynamoDB::GlobalTable'));
    return only(tables, 'table').Properties;
  };

  test('TableV2 (AWS::DynamoDB::GlobalTable) with pk/sk, on-demand, TTL on purgeAt', () => {
    built.statefulTemplate.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(table()).toMatchObject({
      TableName: 'award-workflow',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'purgeAt', Enabled: true },
    });
    expect(table().AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
    );
  });

  test('tableName setting (the name the intake stack uses too)', () => {
    const custom = build({ tableName: 'award-workflow-prod' });
    custom.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'award-workflow-prod',
    });
    expect(custom.stateful.tableName).toBe('award-workflow-prod');
    expect(
      Object.values(resourcesOfType(custom.intakeTemplate, 'AWS::Lambda::Function'))[0]?.Properties
        .Environment.Variables.TABLE_NAME,
    ).toBe('award-workflow-prod');
  });

  test('GSI gsi1 on gsi1pk/gsi1sk', () => {
    expect(table().GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  test('point-in-time recovery, deletion protection, retained on delete and replace', () => {
    expect(table().Replicas).toEqual([
      expect.objectContaining({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    ]);
    built.statefulTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('link key', () => {
  test('a generated secret of letters and digits, retained, exported for the workflow and ops tools', () => {
    const secrets = resourcesOfType(built.statefulTemplate, 'AWS::SecretsManager::Secret');
    const [id, secret] = only(Object.entries(secrets), 'secret');
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: LINK_KEY_LENGTH,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secret.Properties.SecretString).toBeUndefined();
    built.statefulTemplate.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    built.statefulTemplate.hasOutput('LinkKeySecretArn', { Value: { Ref: id } });
  });
});

describe('SES', () => {
  test('configuration set without open/click tracking', () => {
    const sets = Object.values(resourcesOfType(built.statefulTemplate, 'AWS::SES::ConfigurationSet'));
    const props = only(sets, 'configuration set').Properties;
    expect(props.TrackingOptions).toBeUndefined();
    expect(props.VdmOptions).toBeUndefined();
    expect(props).toMatchObject({ ReputationOptions: { ReputationMetricsEnabled: true } });
    // Open and click tracking only happen through an event destination that records them: the one
    // destination (the default EventBridge bus) records bounces, complaints and deliveries only.
    built.statefulTemplate.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    built.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.anyValue() },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery'],
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':event-bus/default$')])] },
        },
      },
    });
  });

  test('domain identity uses the configuration set by default', () => {
    built.statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.test',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
  });

  test('mailDomain / mailFrom settings', () => {
    const custom = build({
      mailDomain: 'award.example.kr',
      mailFrom: '사무국 <office@award.example.kr>',
      intakeAddress: 'nominations@award.example.kr',
    });
    custom.statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'award.example.kr',
    });
    expect(custom.stateful.mail.mailFrom).toBe('사무국 <office@award.example.kr>');
  });

  test('a From address off the mail domain is refused at synth', () => {
    const app = newApp();
    expect(() =>
      buildApp(app, { nag: false, mailDomain: 'example.test', mailFrom: 'Office <office@elsewhere.test>' }),
    ).toThrow(/not on the mail domain/);
  });

  test('addressDomain', () => {
    expect(addressDomain('고용서비스상 사무국 <award-office@Example.Test>')).toBe('example.test');
    expect(addressDomain('a@b.example')).toBe('b.example');
    expect(() => addressDomain('nobody')).toThrow();
  });
});

test('stateful stack has termination protection and no Lambda or IAM', () => {
  expect(built.stateful.terminationProtection).toBe(true);
  built.statefulTemplate.resourceCountIs('AWS::Lambda::Function', 0);
  built.statefulTemplate.resourceCountIs('AWS::IAM::Role', 0);
});

describe('certificates bucket (표창장)', () => {
  const bucketId = () => logicalId(built.stateful.certificates.bucket);
  const bucket = () => resourcesOfType(built.statefulTemplate, 'AWS::S3::Bucket')[bucketId()];

  test('encrypted, no public access, ACLs off, versioned, retained, access-logged', () => {
    expect(bucket()?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(built.stateful.certificates.accessLogBucket) },
        LogFilePrefix: 'certificates/',
      },
    });
    const raw = built.statefulTemplate.toJSON().Resources[bucketId()];
    expect(raw.DeletionPolicy).toBe('Retain');
    expect(raw.UpdateReplacePolicy).toBe('Retain');
  });

  test('certificates expire with the retention period, old versions after 30 days', () => {
    expect(bucket()?.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        {
          Id: 'expire-certificates',
          Prefix: 'certificates/',
          ExpirationInDays: 1826,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          Status: 'Enabled',
        },
      ]),
    );
  });

  test('TLS only (a bucket policy denies insecure transport)', () => {
    const policies = Object.values(resourcesOfType(built.statefulTemplate, 'AWS::S3::BucketPolicy')).filter(
      (policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketId() }),
    );
    const statements = only(policies, 'bucket policy').Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Principal: { AWS: '*' },
        }),
      ]),
    );
  });

  test('its ARN is exported under a fixed name for the workflow stack (the roles name it)', () => {
    const outputs = built.statefulTemplate.toJSON().Outputs as Record<string, { Export?: { Name: string } }>;
    expect(Object.values(outputs).map((output) => output.Export?.Name)).toContain(
      'AwardWorkflowStateful-CertificateBucketArn',
    );
  });
});
