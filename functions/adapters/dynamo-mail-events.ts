import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../contracts/table-schema';
import { addressKey } from '../domain/mail-events';
import type { AttentionNote, AuditEvent, Nomination } from '../domain/nomination';
import type { MailEventLog, Suppression, SuppressionList } from '../domain/ports';
import { conditionFailedAt, isConditionFailed, rethrowTransient } from './aws-errors';
import { DynamoSuppressionLookup } from './dynamo-suppressions';
import { keys, withoutKeys } from './dynamo-table';

/**
 * SES reports in the audit trail: the event's sort key is made of the SES event's own time and key,
 * so a redelivered event hits the same item and its conditional put writes nothing.
 */
export class DynamoMailEventLog implements MailEventLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordOnce(
    nomination: Nomination,
    event: AuditEvent,
    onceKey: string,
    attention?: AttentionNote,
  ): Promise<'recorded' | 'duplicate'> {
    const put = {
      TableName: this.tableName,
      Item: {
        ...keys.event(nomination.id, event.at, `mail-${onceKey}`),
        ...event,
        ...(nomination.purgeAt ? { purgeAt: nomination.purgeAt } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    try {
      if (!attention) {
        await this.db.send(new PutCommand(put));
      } else {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: put },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.nomination(nomination.id),
                  UpdateExpression: 'SET needsAttention = :note, updatedAt = :at',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':note': attention, ':at': attention.at },
                },
              },
            ],
          }),
        );
      }
      return 'recorded';
    } catch (error) {
      if (attention ? conditionFailedAt(error, 0) : isConditionFailed(error)) return 'duplicate';
      // The nomination went away meanwhile (purged): nothing to mark.
      if (attention && conditionFailedAt(error, 1)) return 'duplicate';
      rethrowTransient(error, 'Recording the mail event');
    }
  }
}

/** Suppressed addresses: one item per address (hash-keyed), listed through gsi1. */
export class DynamoSuppressionList extends DynamoSuppressionLookup implements SuppressionList {
  async suppress(suppression: Suppression): Promise<void> {
    const hash = addressKey(suppression.address);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.suppression(hash),
            ...keys.suppressionIndex(suppression.at, hash),
            ...suppression,
            address: suppression.address.trim(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return;
      rethrowTransient(error, 'Suppressing the address');
    }
  }

  async clear(address: string): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.suppression(addressKey(address)),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      rethrowTransient(error, 'Clearing the suppression');
    }
  }

  async list(): Promise<Suppression[]> {
    const found: Suppression[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: TABLE_SCHEMA.index.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': TABLE_SCHEMA.index.partitionKey },
            ExpressionAttributeValues: { ':pk': keys.suppressionsPartition },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) found.push(withoutKeys<Suppression>(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      rethrowTransient(error, 'Listing suppressed addresses');
    }
    return found;
  }
}
