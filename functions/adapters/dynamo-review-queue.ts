import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../contracts/table-schema';
import type { ApprovalAlias, ApprovalRequest } from '../domain/approval';
import { TransientError } from '../domain/errors';
import type { Nomination } from '../domain/nomination';
import { inPool } from '../domain/pool';
import type { ReviewQueue, StagePosition, WaitingNomination } from '../domain/ports';
import type { ReviewStage } from '../domain/stages';
import { rethrowTransient } from './aws-errors';
import { keys, withoutKeys } from './dynamo-table';

/** BatchGetItem takes at most 100 keys. */
const BATCH_KEYS = 100;
/** Batches read at once: 500 waiting nominations are 5 batches of pointers, then 5 of requests. */
const PARALLEL_BATCHES = 6;
/** Tries of the keys DynamoDB left unprocessed (throttling), with a growing pause between. */
const UNPROCESSED_TRIES = 5;

/** What the batch page shows of a waiting nomination; 세부공적, attachments and the rest stay unread. */
const WAITING_ATTRIBUTES = [
  'id',
  'cycle',
  'category',
  'nomineeType',
  'nominee',
  'centerId',
  'centerName',
  'meritSummary',
  'meritPeriod',
  'createdAt',
  'stage',
] as const satisfies readonly (keyof WaitingNomination)[];

type Key = { pk: string; sk: string };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/**
 * The reads of the batch page: a cycle's nominations at a stage from gsi1 (Query, page by page,
 * only the attributes the page shows), and the approval pointers, requests and nominations of many
 * ids at once (BatchGetItem, 100 keys a call, a few calls in parallel). No Scan, no read per row.
 */
export class DynamoReviewQueue implements ReviewQueue {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listAtStage(
    cycle: string,
    stage: ReviewStage,
    limit: number,
  ): Promise<{ nominations: WaitingNomination[]; truncated: boolean }> {
    const nominations: WaitingNomination[] = [];
    let start: Record<string, unknown> | undefined;
    const names: Record<string, string> = {
      '#gpk': TABLE_SCHEMA.index.partitionKey,
      '#gsk': TABLE_SCHEMA.index.sortKey,
    };
    WAITING_ATTRIBUTES.forEach((name, index) => {
      names[`#a${index}`] = name;
    });
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: TABLE_SCHEMA.index.name,
            KeyConditionExpression: '#gpk = :gpk AND begins_with(#gsk, :stage)',
            ProjectionExpression: WAITING_ATTRIBUTES.map((_, index) => `#a${index}`).join(', '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ':gpk': keys.cycleIndex(cycle),
              ':stage': keys.stageIndexPrefix(stage),
            },
            Limit: Math.min(1000, limit + 1 - nominations.length),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          // The index lags a stage change by a moment: keep only what is at the stage now-ish.
          if (item.stage === stage) nominations.push(item as WaitingNomination);
        }
        start = page.LastEvaluatedKey;
      } while (start && nominations.length <= limit);
    } catch (error) {
      rethrowTransient(error, 'Listing the nominations of a stage');
    }
    const truncated = nominations.length > limit || start !== undefined;
    return { nominations: nominations.slice(0, limit), truncated };
  }

  async pageAtStage(
    cycle: string,
    stage: ReviewStage,
    options: {
      readonly limit: number;
      readonly newestFirst: boolean;
      readonly from?: StagePosition;
      readonly direction?: 'after' | 'before';
    },
  ): Promise<{ nominations: WaitingNomination[]; more: boolean }> {
    const { limit, newestFirst, from } = options;
    const backwards = options.direction === 'before';
    // The index holds the stage's rows oldest first; a page before `from` reads towards the start.
    const forward = newestFirst === backwards;
    const found: WaitingNomination[] = [];
    const query = this.stageQuery(cycle, stage);
    WAITING_ATTRIBUTES.forEach((name, index) => {
      query.ExpressionAttributeNames[`#a${index}`] = name;
    });
    // A place in the list is a key of the index (the nomination's item keys and its gsi1 keys):
    // the query starts strictly after it, whether or not that nomination is still at the stage.
    let start: Record<string, unknown> | undefined = from
      ? { ...keys.nomination(from.id), ...keys.byCycleAndStage(cycle, stage, from.createdAt, from.id) }
      : undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            ...query,
            ProjectionExpression: WAITING_ATTRIBUTES.map((_, index) => `#a${index}`).join(', '),
            // One row past the page says whether another page follows.
            Limit: Math.max(1, limit + 1 - found.length),
            ScanIndexForward: forward,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.stage === stage) found.push(item as WaitingNomination);
        }
        start = page.LastEvaluatedKey;
      } while (start && found.length <= limit);
    } catch (error) {
      rethrowTransient(error, 'Reading a page of the nominations of a stage');
    }
    const nominations = found.slice(0, limit);
    // Read towards the start: the rows closest to `from`, given back in the list's order.
    if (backwards) nominations.reverse();
    return { nominations, more: found.length > limit };
  }

  async countAtStage(cycle: string, stage: ReviewStage): Promise<number> {
    const query = this.stageQuery(cycle, stage);
    let count = 0;
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            ...query,
            // No item comes back, and no filter: the stage and its sort key are written together, so
            // the index entries under the stage's prefix are what waits there (a filter doubles the read).
            Select: 'COUNT',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      rethrowTransient(error, 'Counting the nominations of a stage');
    }
    return count;
  }

  /** The gsi1 query of a cycle's nominations at a stage (DynamoDB refuses names an expression does not use). */
  private stageQuery(cycle: string, stage: ReviewStage) {
    return {
      TableName: this.tableName,
      IndexName: TABLE_SCHEMA.index.name,
      KeyConditionExpression: '#gpk = :gpk AND begins_with(#gsk, :stage)',
      ExpressionAttributeNames: {
        '#gpk': TABLE_SCHEMA.index.partitionKey,
        '#gsk': TABLE_SCHEMA.index.sortKey,
      } as Record<string, string>,
      ExpressionAttributeValues: {
        ':gpk': keys.cycleIndex(cycle),
        ':stage': keys.stageIndexPrefix(stage),
      } as Record<string, unknown>,
    };
  }

  async latestRequests(
    nominationIds: readonly string[],
    stage: ReviewStage,
  ): Promise<ReadonlyMap<string, ApprovalRequest>> {
    const ids = [...new Set(nominationIds)];
    const pointers = await this.getItems(
      ids.map((id) => keys.openApproval(id, stage)),
      'the approval pointers',
    );
    const hashOf = new Map<string, string>();
    for (const pointer of pointers) {
      const id = String(pointer.pk).slice('NOM#'.length);
      if (typeof pointer.idHash === 'string') hashOf.set(id, pointer.idHash);
    }
    const items = await this.getItems(
      [...new Set(hashOf.values())].map((hash) => keys.approval(hash)),
      'the approval requests',
    );
    const byHash = new Map<string, ApprovalRequest>();
    for (const item of items) {
      const record = withoutKeys<ApprovalRequest | ApprovalAlias>(item);
      // A pointer names the request itself, never an escalation or delegate link.
      if (!('aliasOf' in record)) byHash.set(record.idHash, record);
    }
    const found = new Map<string, ApprovalRequest>();
    for (const [id, hash] of hashOf) {
      const request = byHash.get(hash);
      if (request && request.nominationId === id && request.stage === stage) found.set(id, request);
    }
    return found;
  }

  async getMany(ids: readonly string[]): Promise<ReadonlyMap<string, Nomination>> {
    const items = await this.getItems(
      [...new Set(ids)].map((id) => keys.nomination(id)),
      'the nominations',
    );
    const found = new Map<string, Nomination>();
    for (const item of items) {
      const nomination = withoutKeys<Nomination>(item);
      found.set(nomination.id, nomination);
    }
    return found;
  }

  /** BatchGetItem over any number of keys, strongly consistent, unprocessed keys tried again. */
  private async getItems(allKeys: readonly Key[], what: string): Promise<Record<string, unknown>[]> {
    const batches = await inPool(chunks(allKeys, BATCH_KEYS), PARALLEL_BATCHES, (batch) =>
      this.getBatch(batch, what),
    );
    return batches.flat();
  }

  private async getBatch(batch: readonly Key[], what: string): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let pending: Key[] = [...batch];
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= UNPROCESSED_TRIES) {
        throw new TransientError(`Reading ${what}: ${pending.length} keys left unprocessed`);
      }
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      try {
        const answer = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        found.push(...(answer.Responses?.[this.tableName] ?? []));
        pending = (answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
      } catch (error) {
        rethrowTransient(error, `Reading ${what}`);
      }
    }
    return found;
  }
}
