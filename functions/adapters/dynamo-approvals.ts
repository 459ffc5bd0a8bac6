import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type ApprovalRequest, CLOSED_MESSAGES, type ClosedReason } from '../domain/approval';
import { ApprovalClosed, TransientError } from '../domain/errors';
import type { AuditEvent } from '../domain/nomination';
import type { ApprovalRepository } from '../domain/ports';
import type { Decision } from '../domain/stages';
import { conditionFailedAt, rethrowTransient } from './aws-errors';
import { eventItem } from './dynamo-nominations';
import { keys, readItem, retryingConflicts } from './dynamo-table';

export class DynamoApprovalRepository implements ApprovalRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
                Item: { ...keys.approval(request.idHash), ...request },
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
                      UpdateExpression: 'SET #status = :superseded',
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

  findByHash(idHash: string): Promise<ApprovalRequest | undefined> {
    return readItem<ApprovalRequest>(this.db, this.tableName, keys.approval(idHash), 'the approval request');
  }

  async claim(
    request: ApprovalRequest,
    decision: Decision,
    comment: string | undefined,
    event: AuditEvent,
  ): Promise<string> {
    return retryingConflicts(
      'Recording the decision',
      () => this.tryClaim(request, decision, comment, event),
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
  ): Promise<string> {
    const claimEvent = eventItem(request.nominationId, event, request.purgeAt);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET #status = :decided, decision = :decision, decidedAt = :at, claimId = :claimId${comment ? ', #comment = :comment' : ''}`,
                ConditionExpression: '#status = :open AND expiresAt > :at',
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
          ],
        }),
      );
      return claimEvent.sk;
    } catch (error) {
      if (conditionFailedAt(error, 0)) {
        const current = await this.findByHash(request.idHash);
        throw closed(current?.status === 'open' || !current ? 'expired' : current.status);
      }
      rethrowTransient(error, 'Recording the decision');
    }
  }

  async release(
    request: ApprovalRequest,
    claimId: string,
    status: 'open' | 'void',
    voided: AuditEvent,
  ): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: 'SET #status = :status REMOVE decision, decidedAt, #comment, claimId',
                // Only this claim: never undo a decision another click recorded meanwhile.
                ConditionExpression: '#status = :decided AND claimId = :claimId',
                ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
                ExpressionAttributeValues: { ':status': status, ':decided': 'decided', ':claimId': claimId },
              },
            },
            // The audit trail is append-only: the decision stays, and this event says it did not count.
            {
              Put: {
                TableName: this.tableName,
                Item: eventItem(request.nominationId, voided, request.purgeAt),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) return;
      rethrowTransient(error, 'Withdrawing the decision');
    }
  }
}

function closed(reason: ClosedReason): ApprovalClosed {
  return new ApprovalClosed(reason, CLOSED_MESSAGES[reason]);
}
