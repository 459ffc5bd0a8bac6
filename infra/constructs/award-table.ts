import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/contracts/table-schema';

const { partitionKey, sortKey, index, timeToLiveAttribute } = TABLE_SCHEMA;

/** Item-level actions the handlers use (transactions are authorised through the item actions). */
const READ_WRITE_DATA_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

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

/**
 * Grants item read/write on the table and on exactly the named indexes (no `index/*` wildcard).
 * Works across stacks: the table may live in the stateful stack, the grantee in the stateless one,
 * or only its ARN may be known (a stack in another region builds it from the table's fixed name).
 */
export function grantTableReadWrite(
  table: Pick<dynamodb.ITableV2, 'tableArn'>,
  grantee: iam.IGrantable,
  indexNames: readonly string[] = [index.name],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: READ_WRITE_DATA_ACTIONS,
    resourceArns: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
  });
}
