import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/contracts/table-schema';

const { partitionKey, sortKey, index, timeToLiveAttribute } = TABLE_SCHEMA;

export interface AwardTableProps {
  /**
   * Physical table name. Fixed (not generated) so that a stack in another region can name the table
   * without a cross-stack reference (SES receiving, see IntakeStack).
   * @default a CloudFormation-generated name
   */
  readonly tableName?: string;
  /** @default RemovalPolicy.RETAIN (the table holds nominations, decisions and the audit trail) */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single DynamoDB table: nominations, stage transitions (audit trail), approval requests, quotas.
 * Keys, index and TTL attribute from TABLE_SCHEMA (shared with the local runtime), on-demand billing, point-in-time recovery, deletion protection, retained on stack deletion.
 */
export class AwardTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: AwardTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        },
      ],
      timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
