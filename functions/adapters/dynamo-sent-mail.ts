import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SentMailLog } from '../domain/ports';
import { isConditionFailed, rethrowTransient } from './aws-errors';
import { keys, readItem } from './dynamo-table';

/**
 * A mail marked `sending` for longer than this was cut off mid-send (the function died or timed
 * out at 30 s): another attempt may send it again. At least once beats never. The ASL's retry of
 * MailInFlight waits longer than this in total.
 */
export const SENDING_LEASE_MS = 45 * 1000;

export class DynamoSentMailLog implements SentMailLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async begin(
    nominationId: string,
    key: string,
    attempt: string,
  ): Promise<'acquired' | 'sent' | 'in_flight'> {
    const now = this.now();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.sentMail(nominationId, key), status: 'sending', at: now.toISOString(), attempt },
          // `attempt = :me` makes an SDK retry of this very Put (after a lost answer) succeed.
          ConditionExpression:
            'attribute_not_exists(pk) OR attempt = :me OR (#status = :sending AND #at < :leaseExpired)',
          ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
          ExpressionAttributeValues: {
            ':me': attempt,
            ':sending': 'sending',
            ':leaseExpired': new Date(now.getTime() - SENDING_LEASE_MS).toISOString(),
          },
        }),
      );
      return 'acquired';
    } catch (error) {
      if (!isConditionFailed(error)) rethrowTransient(error, 'Recording the outgoing mail');
      const current = await readItem<{ status?: string }>(
        this.db,
        this.tableName,
        keys.sentMail(nominationId, key),
        'the outgoing mail record',
      );
      return current?.status === 'sent' ? 'sent' : 'in_flight';
    }
  }

  async finish(nominationId: string, key: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sentMail(nominationId, key),
          UpdateExpression: 'SET #status = :sent, sentAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': this.now().toISOString() },
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'Recording the sent mail');
    }
  }

  async abandon(nominationId: string, key: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: keys.sentMail(nominationId, key) }),
      );
    } catch (error) {
      rethrowTransient(error, 'Forgetting the unsent mail');
    }
  }
}
