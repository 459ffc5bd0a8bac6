import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../functions/adapters/table-schema';

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
 * Works across stacks: the table may live in the stateful stack, the grantee in the stateless one.
 */
export function grantTableReadWrite(
  table: dynamodb.ITableV2,
  grantee: iam.IGrantable,
  indexNames: readonly string[] = [index.name],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: READ_WRITE_DATA_ACTIONS,
    resourceArns: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
  });
}
