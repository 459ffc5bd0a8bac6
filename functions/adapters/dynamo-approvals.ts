import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../contracts/table-schema';
import {
  type ApprovalAlias,
  type ApprovalRequest,
  CLOSED_MESSAGES,
  type ClosedReason,
} from '../domain/approval';
import { ApprovalClosed, QuotaReached, TransientError } from '../domain/errors';
import type { AuditEvent } from '../domain/nomination';
import type { ApprovalDecisions, ApprovalReader, ApprovalRepository, QuotaClaim } from '../domain/ports';
import type { Decision, ReviewStage } from '../domain/stages';
import { conditionFailedAt, rethrowTransient } from './aws-errors';
import { eventItem } from './dynamo-nominations';
import { keys, readItem, retryingConflicts, withoutKeys } from './dynamo-table';

/**
 * Reads approval requests and their links (and the award counts); the writers below extend it, so
 * each function bundles only the writes it makes.
 */
export class DynamoApprovalReader implements ApprovalReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** The request a link stands for: its own, or (an escalation link) the one it decides for, as its holder. */
  async findByHash(idHash: string): Promise<ApprovalRequest | undefined> {
    const item = await readItem<ApprovalRequest | ApprovalAlias>(
      this.db,
      this.tableName,
      keys.approval(idHash),
      'the approval request',
    );
    if (!item || !('aliasOf' in item)) return item;
    const target = await this.findRequest(item.aliasOf);
    return target ? { ...target, approver: item.approver, via: { kind: item.kind, idHash } } : undefined;
  }

  /** The request itself (never through an alias). */
  protected async findRequest(idHash: string): Promise<ApprovalRequest | undefined> {
    const item = await readItem<ApprovalRequest | ApprovalAlias>(
      this.db,
      this.tableName,
      keys.approval(idHash),
      'the approval request',
    );
    return item && !('aliasOf' in item) ? item : undefined;
  }

  async findAlias(idHash: string): Promise<ApprovalAlias | undefined> {
    const item = await readItem<ApprovalRequest | ApprovalAlias>(
      this.db,
      this.tableName,
      keys.approval(idHash),
      'the approval link',
    );
    return item && 'aliasOf' in item ? item : undefined;
  }

  async awardedCounts(cycle: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    try {
      const { Items = [] } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.awardCountersOf(cycle),
            ':prefix': keys.awardCounterPrefix,
          },
          ConsistentRead: true,
        }),
      );
      for (const item of Items) counts[String(item.sk).slice(keys.awardCounterPrefix.length)] = countOf(item);
    } catch (error) {
      rethrowTransient(error, 'Reading the award counts');
    }
    return counts;
  }
}

/** Reads, and acts on requests that take a decision: claims, their release, escalation and delegation links. */
export class DynamoApprovalDecisions extends DynamoApprovalReader implements ApprovalDecisions {
  async addAlias(
    request: ApprovalRequest,
    alias: ApprovalAlias,
    event: AuditEvent,
    at: string,
  ): Promise<'added' | 'closed'> {
    // One escalation and one delegation per request, only while it still takes a decision.
    const mark =
      alias.kind === 'escalation'
        ? { set: 'escalatedTo = :mark', unset: 'attribute_not_exists(escalatedTo)', value: alias.idHash }
        : {
            set: 'delegatedTo = :mark',
            unset: 'attribute_not_exists(delegatedTo)',
            value: { idHash: alias.idHash, approver: alias.approver },
          };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET ${mark.set}`,
                ConditionExpression: `#status = :open AND expiresAt > :at AND ${mark.unset}`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':mark': mark.value, ':open': 'open', ':at': at },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.approval(alias.idHash), ...alias },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: eventItem(request.nominationId, event, request.purgeAt),
              },
            },
          ],
        }),
      );
      return 'added';
    } catch (error) {
      // Decided or expired meanwhile, or another sweep or click added it first.
      if (conditionFailedAt(error, 0)) return 'closed';
      rethrowTransient(error, 'Adding a link to the approval request');
    }
  }

  private async awardedCount(cycle: string, quotaKey: string): Promise<number> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.awardCounter(cycle, quotaKey),
        ConsistentRead: true,
      }),
    );
    return countOf(Item);
  }

  async claim(
    request: ApprovalRequest,
    decision: Decision,
    comment: string | undefined,
    event: AuditEvent,
    quota?: QuotaClaim,
  ): Promise<string> {
    return retryingConflicts(
      'Recording the decision',
      () => this.tryClaim(request, decision, comment, event, quota),
      async () => {
        // Two clicks at once: if the other one won, say so; else try again.
        const current = await this.findByHash(request.idHash);
        if (current && current.status !== 'open') throw closed(current.status);
      },
    );
  }

  private async tryClaim(
    request: ApprovalRequest,
    decision: Decision,
    comment: string | undefined,
    event: AuditEvent,
    quota: QuotaClaim | undefined,
  ): Promise<string> {
    const counters = quota?.counters ?? [];
    const claimEvent = eventItem(request.nominationId, event, request.purgeAt);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET #status = :decided, decision = :decision, decidedAt = :at, claimId = :claimId${comment ? ', #comment = :comment' : ''} REMOVE gsi1pk, gsi1sk`,
                // The approver's own link stops deciding once the request was delegated.
                ConditionExpression: `#status = :open AND expiresAt > :at${request.via ? '' : ' AND attribute_not_exists(delegatedTo)'}`,
                ExpressionAttributeNames: {
                  '#status': 'status',
                  ...(comment ? { '#comment': 'comment' } : {}),
                },
                ExpressionAttributeValues: {
                  ':decided': 'decided',
                  ':open': 'open',
                  ':decision': decision,
                  ':at': event.at,
                  ':claimId': claimEvent.sk,
                  ...(comment ? { ':comment': comment } : {}),
                },
              },
            },
            { Put: { TableName: this.tableName, Item: claimEvent } },
            // One award taken from each quota, only while it has room: never past the limit.
            ...counters.map((counter) => ({
              Update: {
                TableName: this.tableName,
                Key: keys.awardCounter(quota?.cycle ?? '', counter.key),
                UpdateExpression: 'ADD #count :one SET #limit = :limit',
                ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
                ExpressionAttributeNames: { '#count': 'count', '#limit': 'limit' },
                ExpressionAttributeValues: { ':one': 1, ':limit': counter.limit },
              },
            })),
          ],
        }),
      );
      return claimEvent.sk;
    } catch (error) {
      if (conditionFailedAt(error, 0)) {
        const current = await this.findRequest(request.idHash);
        if (current?.status === 'open' && current.delegatedTo && !request.via) throw closed('delegated');
        throw closed(current?.status === 'open' || !current ? 'expired' : current.status);
      }
      const full = counters.findIndex((_, index) => conditionFailedAt(error, index + 2));
      const counter = counters[full];
      if (counter) throw new QuotaReached(counter, await this.awardedCount(quota?.cycle ?? '', counter.key));
      rethrowTransient(error, 'Recording the decision');
    }
  }

  async release(
    request: ApprovalRequest,
    claimId: string,
    status: 'open' | 'void',
    voided: AuditEvent,
    quota?: QuotaClaim,
  ): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                // Open again: back in the reminder sweep's index.
                UpdateExpression: `SET #status = :status${status === 'open' ? ', gsi1pk = :gpk, gsi1sk = :gsk' : ''} REMOVE decision, decidedAt, #comment, claimId`,
                // Only this claim: never undo a decision another click recorded meanwhile.
                ConditionExpression: '#status = :decided AND claimId = :claimId',
                ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
                ExpressionAttributeValues: {
                  ':status': status,
                  ':decided': 'decided',
                  ':claimId': claimId,
                  ...(status === 'open'
                    ? { ':gpk': openIndex(request).gsi1pk, ':gsk': openIndex(request).gsi1sk }
                    : {}),
                },
              },
            },
            // The audit trail is append-only: the decision stays, and this event says it did not count.
            {
              Put: {
                TableName: this.tableName,
                Item: eventItem(request.nominationId, voided, request.purgeAt),
              },
            },
            // The award did not happen: its quotas get their places back.
            ...(quota?.counters ?? []).map((counter) => ({
              Update: {
                TableName: this.tableName,
                Key: keys.awardCounter(quota?.cycle ?? '', counter.key),
                UpdateExpression: 'ADD #count :minusOne',
                ConditionExpression: '#count > :zero',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) return;
      rethrowTransient(error, 'Withdrawing the decision');
    }
  }
}

/** All of it, with opening requests and finding them again (the request step, the reminder sweep, resends). */
export class DynamoApprovalRepository extends DynamoApprovalDecisions implements ApprovalRepository {
  async open(request: ApprovalRequest): Promise<void> {
    const pointerKey = keys.openApproval(request.nominationId, request.stage);
    try {
      const { Item: pointer } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: pointerKey, ConsistentRead: true }),
      );
      const previousHash = pointer?.idHash as string | undefined;
      const previous = previousHash ? await this.findByHash(previousHash) : undefined;
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.approval(request.idHash), ...request, ...openIndex(request) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...pointerKey, idHash: request.idHash, updatedAt: request.createdAt },
                // Two openers racing: only one may replace the pointer it read.
                ConditionExpression: previousHash ? 'idHash = :previous' : 'attribute_not_exists(pk)',
                ...(previousHash ? { ExpressionAttributeValues: { ':previous': previousHash } } : {}),
              },
            },
            // A still-open earlier link (a retried step) stops working; decided ones keep their record.
            ...(previous?.status === 'open'
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: keys.approval(previous.idHash),
                      UpdateExpression: 'SET #status = :superseded REMOVE gsi1pk, gsi1sk',
                      ConditionExpression: '#status = :open',
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: { ':superseded': 'superseded', ':open': 'open' },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      // The pointer or the earlier request changed between our read and this write: the step is
      // retried by the workflow and reads again.
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        throw new TransientError(`Opening the approval request raced another writer: ${error.message}`);
      }
      rethrowTransient(error, 'Opening the approval request');
    }
  }

  async listOpen(dueBefore: string): Promise<ApprovalRequest[]> {
    const found: ApprovalRequest[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: TABLE_SCHEMA.index.name,
            KeyConditionExpression: '#gpk = :gpk AND #gsk <= :until',
            ExpressionAttributeNames: {
              '#gpk': TABLE_SCHEMA.index.partitionKey,
              '#gsk': TABLE_SCHEMA.index.sortKey,
            },
            ExpressionAttributeValues: { ':gpk': keys.openApprovalsPartition, ':until': `${dueBefore}#~` },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) found.push(withoutKeys<ApprovalRequest>(item));
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      rethrowTransient(error, 'Listing open approval requests');
    }
    return found;
  }

  async findLatest(nominationId: string, stage: ReviewStage): Promise<ApprovalRequest | undefined> {
    const pointer = await readItem<{ idHash: string }>(
      this.db,
      this.tableName,
      keys.openApproval(nominationId, stage),
      'the approval pointer',
    );
    return pointer ? this.findByHash(pointer.idHash) : undefined;
  }
}

/** The sweep's index entry of an open request, by due date. */
function openIndex(request: ApprovalRequest) {
  return keys.openApprovalIndex(request.dueAt ?? request.expiresAt, request.idHash);
}

function countOf(item: Record<string, unknown> | undefined): number {
  return typeof item?.count === 'number' ? item.count : 0;
}

function closed(reason: ClosedReason): ApprovalClosed {
  return new ApprovalClosed(reason, CLOSED_MESSAGES[reason]);
}
