import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StageConflict, TransientError } from '../domain/errors';
import type { AttentionNote, AuditEvent, Nomination } from '../domain/nomination';
import type {
  CreateOptions,
  CreateResult,
  NominationIntake,
  NominationReader,
  NominationRepository,
} from '../domain/ports';
import type { Stage } from '../domain/stages';
import type { StatusLinkLookup, StatusLinkState, StatusLinkStore } from '../use-cases/status-links';
import { conditionFailedAt, isConditionFailed, rethrowTransient } from './aws-errors';
import { keys, readItem, retryingConflicts, withoutKeys } from './dynamo-table';

let eventSequence = 0;

/**
 * An audit event item. The sort key orders by time; within one millisecond of one process a
 * sequence keeps the writing order (a decision and its withdrawal), and random bits keep two
 * processes from colliding.
 */
export function eventItem(nominationId: string, event: AuditEvent, purgeAt?: number) {
  eventSequence = (eventSequence + 1) % 1_000_000;
  const suffix = `${String(eventSequence).padStart(6, '0')}${randomBytes(3).toString('hex')}`;
  return { ...keys.event(nominationId, event.at, suffix), ...event, ...(purgeAt ? { purgeAt } : {}) };
}

/**
 * Reads nominations and their audit trails (the functions that only show or decide them construct
 * this alone); the writers below extend it, so each function bundles only the writes it makes.
 */
export class DynamoNominationReader implements NominationReader, StatusLinkLookup {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** The nomination id a status link opens, by the SHA-256 of its token (one GetItem). */
  async findByStatusHash(tokenHash: string): Promise<string | undefined> {
    try {
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.statusLink(tokenHash),
          ProjectionExpression: 'nominationId',
        }),
      );
      const id = Item?.nominationId;
      return typeof id === 'string' ? id : undefined;
    } catch (error) {
      rethrowTransient(error, 'Reading the status link');
    }
  }

  get(id: string): Promise<Nomination | undefined> {
    return readItem<Nomination>(this.db, this.tableName, keys.nomination(id), 'the nomination');
  }

  async history(id: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.nomination(id).pk, ':prefix': keys.eventPrefix },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) events.push(withoutKeys<AuditEvent>(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      rethrowTransient(error, 'Reading the audit trail');
    }
    return events;
  }
}

/** Reads, and stores new nominations: the submission side (the form, intake mail). */
export class DynamoNominationIntake extends DynamoNominationReader implements NominationIntake {
  async create(
    nomination: Nomination,
    dedupeKey: string,
    event: AuditEvent,
    options: CreateOptions = {},
  ): Promise<CreateResult> {
    return retryingConflicts('Storing the nomination', () =>
      this.tryCreate(nomination, dedupeKey, event, options),
    );
  }

  private async tryCreate(
    nomination: Nomination,
    dedupeKey: string,
    event: AuditEvent,
    { replacesId, centerLimit }: CreateOptions,
  ): Promise<CreateResult> {
    const purge = nomination.purgeAt ? { purgeAt: nomination.purgeAt } : {};
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.dedupe(dedupeKey),
                  nominationId: nomination.id,
                  centerId: nomination.centerId,
                  createdAt: nomination.createdAt,
                  ...purge,
                },
                ...(replacesId
                  ? {
                      ConditionExpression: 'attribute_not_exists(pk) OR nominationId = :replaced',
                      ExpressionAttributeValues: { ':replaced': replacesId },
                    }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.nomination(nomination.id),
                  ...keys.byCycleAndStage(
                    nomination.cycle,
                    nomination.stage,
                    nomination.createdAt,
                    nomination.id,
                  ),
                  ...nomination,
                  dedupeKey,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: eventItem(nomination.id, event, nomination.purgeAt) } },
            ...(centerLimit === undefined
              ? []
              : [
                  {
                    // Counted in the same transaction: concurrent submissions never pass the limit.
                    Update: {
                      TableName: this.tableName,
                      Key: keys.centerCount(nomination.cycle, nomination.centerId),
                      UpdateExpression: 'ADD #count :one',
                      ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
                      ExpressionAttributeNames: { '#count': 'count' },
                      ExpressionAttributeValues: { ':one': 1, ':limit': centerLimit },
                    },
                  },
                ]),
          ],
        }),
      );
      return { outcome: 'created' };
    } catch (error) {
      if (conditionFailedAt(error, 0) || conditionFailedAt(error, 1)) {
        const existing = await readItem<{ nominationId?: string }>(
          this.db,
          this.tableName,
          keys.dedupe(dedupeKey),
          'the dedupe record',
        );
        // Only the nomination's own Put failed: an earlier try of this very create stored it.
        if (!existing?.nominationId) {
          if (conditionFailedAt(error, 1)) return { outcome: 'exists', existingId: nomination.id };
          throw new TransientError('The dedupe record changed meanwhile');
        }
        return { outcome: 'exists', existingId: existing.nominationId };
      }
      if (conditionFailedAt(error, 3)) return { outcome: 'center_limit' };
      rethrowTransient(error, 'Storing the nomination');
    }
  }
}

/** All of it, with the workflow's writes on a stored nomination (its execution, stage, flags and events). */
export class DynamoNominationRepository
  extends DynamoNominationIntake
  implements NominationRepository, StatusLinkStore
{
  /** The nomination's status nonce (`fresh` stored first if it has none) and the token hash bound so far. */
  async statusLinkState(id: string, fresh: string): Promise<StatusLinkState | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.nomination(id),
          UpdateExpression: 'SET statusNonce = if_not_exists(statusNonce, :nonce)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':nonce': fresh },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const { statusNonce, statusHash, purgeAt } = Attributes ?? {};
      return {
        nonce: String(statusNonce),
        ...(typeof statusHash === 'string' ? { tokenHash: statusHash } : {}),
        ...(typeof purgeAt === 'number' ? { purgeAt } : {}),
      };
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      rethrowTransient(error, 'Reading the status link');
    }
  }

  /** Stores the lookup item of a status token's hash and notes the hash on the nomination. Idempotent. */
  async bindStatusToken(id: string, tokenHash: string, purgeAt?: number): Promise<void> {
    await retryingConflicts('Storing the status link', async () => {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.statusLink(tokenHash), nominationId: id, ...(purgeAt ? { purgeAt } : {}) },
                  ConditionExpression: 'attribute_not_exists(pk) OR nominationId = :id',
                  ExpressionAttributeValues: { ':id': id },
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.nomination(id),
                  UpdateExpression: 'SET statusHash = :hash',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':hash': tokenHash },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (conditionFailedAt(error, 0))
          throw new StageConflict(`A status link of another nomination has this hash`);
        if (conditionFailedAt(error, 1)) throw new StageConflict(`Nomination ${id} does not exist`);
        rethrowTransient(error, 'Storing the status link');
      }
    });
  }

  async changeStage(nomination: Nomination, to: Stage, event: AuditEvent): Promise<Nomination> {
    const updatedAt = event.at;
    const index = keys.byCycleAndStage(nomination.cycle, to, nomination.createdAt, nomination.id);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.nomination(nomination.id),
                UpdateExpression: 'SET #stage = :to, #version = :next, updatedAt = :at, gsi1sk = :gsi1sk',
                ConditionExpression: '#stage = :from AND #version = :version',
                ExpressionAttributeNames: { '#stage': 'stage', '#version': 'version' },
                ExpressionAttributeValues: {
                  ':to': to,
                  ':from': nomination.stage,
                  ':version': nomination.version,
                  ':next': nomination.version + 1,
                  ':at': updatedAt,
                  ':gsi1sk': index.gsi1sk,
                },
              },
            },
            { Put: { TableName: this.tableName, Item: eventItem(nomination.id, event, nomination.purgeAt) } },
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) {
        throw new StageConflict(
          `Nomination ${nomination.id} changed meanwhile (expected ${nomination.stage})`,
        );
      }
      rethrowTransient(error, 'Changing the stage');
    }
    return { ...nomination, stage: to, version: nomination.version + 1, updatedAt };
  }

  async attachExecution(id: string, executionArn: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.nomination(id),
          UpdateExpression: 'SET executionArn = :arn',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':arn': executionArn },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new StageConflict(`Nomination ${id} does not exist`);
      rethrowTransient(error, 'Attaching the execution');
    }
  }

  async markNeedsAttention(nomination: Nomination, note: AttentionNote, event: AuditEvent): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.nomination(nomination.id),
                UpdateExpression: 'SET needsAttention = :note, updatedAt = :at',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':note': note, ':at': note.at },
              },
            },
            { Put: { TableName: this.tableName, Item: eventItem(nomination.id, event, nomination.purgeAt) } },
          ],
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'Marking the nomination');
    }
  }

  async appendEvent(nomination: Nomination, event: AuditEvent): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: eventItem(nomination.id, event, nomination.purgeAt),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'Appending to the audit trail');
    }
  }
}
