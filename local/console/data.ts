import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  type HistoryEvent,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  type SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, parseStageIndexKey } from '../../functions/adapters/dynamo-table';
import { executionArnFor } from '../../functions/contracts/names';
import { TABLE_SCHEMA } from '../../functions/contracts/table-schema';
import { type OpsActionEvent, recordOpsAction } from '../ops-audit';
import { readExecutionHistory } from '../ops-history';
import { EXECUTION_STATUSES, isStatus, type Status } from '../ops-labels';

export const PAGE_SIZE = 50;
/** Counting reads at most this many pages of 1,000 executions (shown as "10,000+"). */
const COUNT_PAGES = 10;

/** Who did it, in the audit trail (the admin CLI writes `admin-cli`). */
const OPS_ACTOR = 'ops-console';

/** The parts of a nomination item the console reads: no names, addresses or free text. */
export interface NominationFacts {
  readonly id: string;
  readonly cycle?: string;
  readonly stage: string;
  readonly category?: string;
  readonly nomineeType?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly needsAttention?: { readonly error?: string; readonly at?: string };
}

/** One audit event as the console reads it (no comments, no reasons). */
export type AuditLine = Readonly<Record<string, unknown>> & { readonly type?: string; readonly at?: string };

const AUDIT_ATTRIBUTES = [
  'type',
  'at',
  'actor',
  'stage',
  'from',
  'to',
  'decision',
  'number',
  'toName',
  'action',
  'outcome',
  'error',
] as const;

export interface ApprovalWait {
  /** The review deadline (absent on requests opened before due dates existed: then expiresAt). */
  readonly dueAt?: string;
  readonly expiresAt?: string;
  readonly status?: string;
  readonly createdAt?: string;
}

// Only these attributes are read: the console never loads personal data it does not show.
const NOMINATION_ATTRIBUTES = [
  'id',
  'cycle',
  'stage',
  'category',
  'nomineeType',
  'createdAt',
  'updatedAt',
  'needsAttention',
];

function projection(attributes: readonly string[]) {
  return {
    ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name])),
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExecutionDoesNotExist';
}

/**
 * Everything the console reads and does, through the Step Functions API (ListExecutions,
 * DescribeExecution, GetExecutionHistory, StopExecution, RedriveExecution) and DynamoDB Query and
 * GetItem (and one PutItem per action, for the audit trail). No Scan.
 */
export class ConsoleData {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    private readonly sfn: SFNClient,
    dynamodb: DynamoDBDocumentClient | DynamoDBClient,
    private readonly tableName: string,
    readonly stateMachineArn: string,
  ) {
    this.db =
      dynamodb instanceof DynamoDBClient
        ? DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } })
        : dynamodb;
  }

  /** The execution of a nomination (execution name = nomination id). */
  executionArn(name: string): string {
    return executionArnFor(this.stateMachineArn, name);
  }

  async listPage(
    status: Status | undefined,
    nextToken: string | undefined,
  ): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    const page = await this.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: this.stateMachineArn,
        maxResults: PAGE_SIZE,
        ...(status ? { statusFilter: status } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    return { executions: page.executions ?? [], ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  /** Executions per status, from one pass over ListExecutions (capped: `capped` says the counts are lower bounds). */
  async counts(): Promise<{ byStatus: Record<Status, number>; total: number; capped: boolean }> {
    const byStatus = Object.fromEntries(EXECUTION_STATUSES.map((status) => [status, 0])) as Record<
      Status,
      number
    >;
    let total = 0;
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: this.stateMachineArn,
          maxResults: 1000,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const execution of page.executions ?? []) {
        total++;
        if (execution.status && isStatus(execution.status)) byStatus[execution.status]++;
      }
      nextToken = page.nextToken;
      pages++;
    } while (nextToken && pages < COUNT_PAGES);
    return { byStatus, total, capped: nextToken !== undefined };
  }

  async describe(name: string): Promise<DescribeExecutionCommandOutput | undefined> {
    try {
      return await this.sfn.send(new DescribeExecutionCommand({ executionArn: this.executionArn(name) }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  history(executionArn: string): Promise<HistoryEvent[]> {
    return readExecutionHistory(this.sfn, executionArn, { includeExecutionData: true });
  }

  async nomination(id: string): Promise<NominationFacts | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.nomination(id),
        ...projection(NOMINATION_ATTRIBUTES),
      }),
    );
    return Item ? ({ id, ...Item } as NominationFacts) : undefined;
  }

  /**
   * The nomination's audit trail, oldest first, with what each line needs (type, time, stage, what
   * happened) and the actor: the page masks addresses; comments and reasons are not read at all.
   */
  async auditTrail(id: string): Promise<AuditLine[]> {
    const lines: AuditLine[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const names = projection(AUDIT_ATTRIBUTES);
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
          ...names,
          ExpressionAttributeValues: { ':pk': keys.nomination(id).pk, ':events': keys.eventPrefix },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      lines.push(...((page.Items ?? []) as AuditLine[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return lines;
  }

  /** The nominations of a cycle, from the gsi1 index (`CYCLE#<year>`). */
  async cycleNominations(year: string): Promise<NominationFacts[]> {
    const items: NominationFacts[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const names = projection([...NOMINATION_ATTRIBUTES, TABLE_SCHEMA.index.sortKey]);
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_SCHEMA.index.name,
          KeyConditionExpression: '#pk = :pk',
          ...names,
          ExpressionAttributeNames: {
            ...names.ExpressionAttributeNames,
            '#pk': TABLE_SCHEMA.index.partitionKey,
          },
          ExpressionAttributeValues: { ':pk': keys.cycleIndex(year) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        // The index sort key holds stage, creation time and id: a fallback for items written without them.
        const indexed = parseStageIndexKey(String(item[TABLE_SCHEMA.index.sortKey] ?? ''));
        const { [TABLE_SCHEMA.index.sortKey]: _sortKey, ...attributes } = item;
        items.push({
          ...attributes,
          id: String(item.id ?? indexed?.id ?? ''),
          stage: String(item.stage ?? indexed?.stage ?? 'unknown'),
          ...(item.createdAt || indexed?.createdAt
            ? { createdAt: String(item.createdAt ?? indexed?.createdAt) }
            : {}),
        } as NominationFacts);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** The newest approval request of a stage: `OPEN_APPROVAL#<stage>` -> `APPROVAL#<hash>`, only `read`. */
  private async latestApproval(
    id: string,
    stage: string,
    read: { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> },
  ): Promise<Record<string, unknown> | undefined> {
    const { Item: pointer } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.openApproval(id, stage),
        ...projection(['idHash']),
      }),
    );
    const idHash = typeof pointer?.idHash === 'string' ? pointer.idHash : undefined;
    if (!idHash) return undefined;
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.approval(idHash), ...read }),
    );
    return Item;
  }

  /** The newest approval request of a stage (deadline and status only). */
  async approvalWait(id: string, stage: string): Promise<ApprovalWait | undefined> {
    return (await this.latestApproval(
      id,
      stage,
      projection(['dueAt', 'expiresAt', 'status', 'createdAt']),
    )) as ApprovalWait | undefined;
  }

  /**
   * The newest approval request of a stage with its approver's address: where a re-sent mail would
   * go (the confirmation page shows it masked). Only that address of the approver is read.
   */
  async approvalRecipient(
    id: string,
    stage: string,
  ): Promise<{ approver?: string; expiresAt?: string; status?: string } | undefined> {
    const Item = await this.latestApproval(id, stage, {
      ProjectionExpression: '#expiresAt, #status, #approver.#email',
      ExpressionAttributeNames: {
        '#expiresAt': 'expiresAt',
        '#status': 'status',
        '#approver': 'approver',
        '#email': 'email',
      },
    });
    if (!Item) return undefined;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const approver = text((Item.approver as { email?: unknown } | undefined)?.email);
    const expiresAt = text(Item.expiresAt);
    const status = text(Item.status);
    return {
      ...(approver ? { approver } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...(status ? { status } : {}),
    };
  }

  stop(name: string, cause: string): Promise<unknown> {
    return this.sfn.send(
      new StopExecutionCommand({ executionArn: this.executionArn(name), error: 'StoppedByOperator', cause }),
    );
  }

  redrive(name: string, clientToken: string): Promise<unknown> {
    return this.sfn.send(new RedriveExecutionCommand({ executionArn: this.executionArn(name), clientToken }));
  }

  /**
   * One `ops_action` event in the nomination's audit trail (append-only, with its purgeAt); false
   * when the table has no such nomination (nothing written).
   */
  audit(id: string, event: Omit<OpsActionEvent, 'type' | 'actor' | 'executionArn'>): Promise<boolean> {
    return recordOpsAction(this.db, this.tableName, id, {
      ...event,
      actor: OPS_ACTOR,
      executionArn: this.executionArn(id),
    });
  }
}
