import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TABLE_SCHEMA } from '../../functions/contracts/table-schema';

/**
 * Table access of one function: the item actions on the table and whether it queries the index.
 * Transactions (TransactWriteItems) have no IAM action of their own: each item in one is authorised
 * by its own action (Put -> PutItem, Update -> UpdateItem, Delete -> DeleteItem, ConditionCheck ->
 * ConditionCheckItem), so those are listed instead.
 */
export interface TableAccess {
  readonly table: readonly TableAction[];
  /** `dynamodb:Query` on `gsi1` (nothing else is ever done on an index). @default false */
  readonly queriesIndex?: boolean;
}

/** The item actions any function may get. No Scan, no BatchWriteItem, no DescribeTable: none calls them. */
export type TableAction =
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:Query'
  | 'dynamodb:UpdateItem';

/**
 * What a function that mails through the send-once log needs: reads, conditional puts and updates,
 * and DeleteItem (a failed send gives its lease back).
 */
const MAILING_WRITER = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
] as const;

/**
 * What each function does with the table, derived from the adapters its handler builds (the SDK
 * commands they send and the items of their transactions):
 *
 * - every mailing function: `DynamoSuppressionLookup` (GetItem), `DynamoConfigSource` (Query);
 * - `DynamoSentMailLog` (send-once lease): PutItem, UpdateItem, DeleteItem (`abandon`);
 * - `DynamoNominationReader`: GetItem, Query (history); `...Intake` adds Put/Update (transaction);
 *   `...Repository` adds UpdateItem (attachExecution) and PutItem (appendEvent);
 * - `DynamoDraftRepository`, `DynamoCorrectionEdits`: transactions of Put, Update and Delete;
 *   `DynamoCorrectionRepository.open`: Put, Update and a ConditionCheck;
 * - `DynamoApprovalDecisions`/`...Repository`: Get, Query (counts), transactions of Put and Update;
 *   `listOpen` (the sweep) queries gsi1;
 * - `DynamoReviewLinkRepository`: GetItem, a transaction of Puts, UpdateItem;
 * - `DynamoReviewQueue` (batch page, digest): Query on gsi1, BatchGetItem;
 * - `DynamoCycleExportReader`: Query on gsi1 and on the table;
 * - `DynamoMailEventLog`, `DynamoSuppressionList.suppress`: PutItem, a transaction of Put and Update.
 */
export const TABLE_ACCESS = {
  // Drafts (save, confirm, discard), confirmed drafts become nominations, correction edits, status page.
  web: {
    table: MAILING_WRITER,
  },
  // Approval pages, decisions, delegation (a new link, mailed once), batch review (gsi1, BatchGetItem).
  review: {
    table: ['dynamodb:BatchGetItem', ...MAILING_WRITER],
    queriesIndex: true,
  },
  // Reads only: its review link, the cycle settings, the cycle's nominations (gsi1) and their trails.
  export: { table: ['dynamodb:GetItem', 'dynamodb:Query'], queriesIndex: true },
  recordSubmission: {
    table: MAILING_WRITER,
  },
  // Opens a request (pointer read, transaction of Puts and an Update) and mails its link once.
  requestApproval: {
    table: MAILING_WRITER,
  },
  // Opens a correction round: a transaction with a ConditionCheck; no send-once log (no DeleteItem).
  requestCorrection: {
    table: [
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
  },
  notify: {
    table: MAILING_WRITER,
  },
  issueCertificate: {
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  },
  // Reads the nomination, marks it and records the event (a transaction of an Update and a Put).
  markNeedsAttention: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
  // The sweep: open requests by due date (gsi1), reminders, escalation, the reviewers' digest.
  remindApprovals: {
    table: ['dynamodb:BatchGetItem', ...MAILING_WRITER],
    queriesIndex: true,
  },
  // Reads a nomination, writes audit events and suppressions (conditional puts), marks the nomination.
  mailEvents: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
  // A mail becomes a nomination (transaction), its receipt or reply is mailed once.
  inboundEmail: {
    table: MAILING_WRITER,
  },
} as const satisfies Record<string, TableAccess>;

export type TableUser = keyof typeof TABLE_ACCESS;

/**
 * Grants one function its {@link TABLE_ACCESS}: the item actions on the table and, where it queries
 * the index, `dynamodb:Query` on exactly `gsi1` (no `index/*`). Works across stacks and regions: only
 * the table's ARN is needed (a stack in another region builds it from the table's fixed name).
 */
export function grantTableAccess(
  table: Pick<dynamodb.ITableV2, 'tableArn'>,
  grantee: iam.IGrantable,
  user: TableUser,
): void {
  const access: TableAccess = TABLE_ACCESS[user];
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...access.table], resources: [table.tableArn] }),
  );
  if (access.queriesIndex) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${table.tableArn}/index/${TABLE_SCHEMA.index.name}`],
      }),
    );
  }
}
