import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../contracts/table-schema';
import type { ApprovalAlias, ApprovalRequest } from '../domain/approval';
import { TransientError } from '../domain/errors';
import type { Nomination } from '../domain/nomination';
import { inPool } from '../domain/pool';
import type { ReviewQueue, WaitingNomination } from '../domain/ports';
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
