import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRequest } from '../domain/approval';
import { ApprovalClosed } from '../domain/errors';
import type { AuditEvent } from '../domain/nomination';
import type { ApprovalRepository } from '../domain/ports';
import type { Decision } from '../domain/stages';
import { conditionFailedAt, rethrowTransient } from './aws-errors';
import { eventItem } from './dynamo-nominations';
import { keys, readItem } from './dynamo-table';

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
  ): Promise<void> {
    const claimEvent = eventItem(request.nominationId, event);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET #status = :decided, decision = :decision, decidedAt = :at, claimEventSk = :eventSk${comment ? ', #comment = :comment' : ''}`,
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
                  ':eventSk': claimEvent.sk,
                  ...(comment ? { ':comment': comment } : {}),
                },
              },
            },
            { Put: { TableName: this.tableName, Item: claimEvent } },
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) {
        const current = await this.findByHash(request.idHash);
        const reason =
          current?.status === 'decided' || current?.status === 'superseded' ? current.status : 'expired';
        throw new ApprovalClosed(reason, `Approval request is ${reason}`);
      }
      rethrowTransient(error, 'Recording the decision');
    }
  }

  async release(request: ApprovalRequest, status: 'open' | 'expired'): Promise<void> {
    const claimed = (await this.findByHash(request.idHash)) as
      | (ApprovalRequest & { claimEventSk?: string })
      | undefined;
    const eventSk = claimed?.claimEventSk;
    if (claimed?.status !== 'decided' || !eventSk) return;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: 'SET #status = :status REMOVE decision, decidedAt, #comment, claimEventSk',
                ConditionExpression: '#status = :decided AND claimEventSk = :eventSk',
                ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
                ExpressionAttributeValues: { ':status': status, ':decided': 'decided', ':eventSk': eventSk },
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: { pk: keys.nomination(request.nominationId).pk, sk: eventSk },
              },
            },
          ],
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'Undoing the decision');
    }
  }
}
