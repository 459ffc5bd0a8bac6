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
import {
  type ApprovalGuard,
  type ApprovalTransitionName,
  canApply,
  type TransitionEvent,
  transition,
} from '../domain/approval-lifecycle';
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

/** Reads, and acts on requests that take a decision: claims, their withdrawal, escalation and delegation links. */
export class DynamoApprovalDecisions extends DynamoApprovalReader implements ApprovalDecisions {
  escalate(
    request: ApprovalRequest,
    alias: ApprovalAlias,
    event: TransitionEvent<'escalate'>,
    at: string,
  ): Promise<'added' | 'closed'> {
    return this.addAlias('escalate', request, alias, event, at);
  }

  delegate(
    request: ApprovalRequest,
    alias: ApprovalAlias,
    event: TransitionEvent<'delegate'>,
    at: string,
  ): Promise<'added' | 'closed'> {
    return this.addAlias('delegate', request, alias, event, at);
  }

  /** One escalation and one delegation per request, only while it still takes a decision. */
  private async addAlias(
    name: 'escalate' | 'delegate',
    request: ApprovalRequest,
    alias: ApprovalAlias,
    event: AuditEvent,
    at: string,
  ): Promise<'added' | 'closed'> {
    const mark =
      name === 'escalate'
        ? { set: 'escalatedTo = :mark', value: alias.idHash }
        : { set: 'delegatedTo = :mark', value: { idHash: alias.idHash, approver: alias.approver } };
    const write = transitionWrite(name);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET ${[mark.set, write.setStatus].filter(Boolean).join(', ')}`,
                ConditionExpression: write.condition,
                ...names(write.names),
                ExpressionAttributeValues: { ':mark': mark.value, ':at': at, ...write.values },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.approval(alias.idHash), ...alias },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: auditItem(name, request, event) } },
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
    event: TransitionEvent<'claim'>,
    quota?: QuotaClaim,
  ): Promise<string> {
    return retryingConflicts(
      'Recording the decision',
      () => this.tryClaim(request, decision, comment, event, quota),
      async () => {
        // Two clicks at once: if the other one won, say so; else try again.
        const current = await this.findByHash(request.idHash);
        if (current && !canApply('claim', current.status)) throw closed(current.status);
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
    const claimEvent = auditItem('claim', request, event);
    // The approver's own link stops deciding once the request was delegated (the notDelegated guard).
    const write = transitionWrite('claim', { via: request.via !== undefined });
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET ${write.setStatus}, decision = :decision, decidedAt = :at, claimId = :claimId${comment ? ', #comment = :comment' : ''} REMOVE gsi1pk, gsi1sk`,
                ConditionExpression: write.condition,
                ExpressionAttributeNames: {
                  ...write.names,
                  ...(comment ? { '#comment': 'comment' } : {}),
                },
                ExpressionAttributeValues: {
                  ...write.values,
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
        if (!current) throw closed('expired');
        if (!canApply('claim', current.status)) throw closed(current.status);
        throw closed(current.delegatedTo && !request.via ? 'delegated' : 'expired');
      }
      const full = counters.findIndex((_, index) => conditionFailedAt(error, index + 2));
      const counter = counters[full];
      if (counter) throw new QuotaReached(counter, await this.awardedCount(quota?.cycle ?? '', counter.key));
      rethrowTransient(error, 'Recording the decision');
    }
  }

  withdraw(
    request: ApprovalRequest,
    claimId: string,
    event: TransitionEvent<'withdraw'>,
    quota?: QuotaClaim,
  ): Promise<void> {
    return this.undoClaim('withdraw', request, claimId, event, quota);
  }

  void(
    request: ApprovalRequest,
    claimId: string,
    event: TransitionEvent<'void'>,
    quota?: QuotaClaim,
  ): Promise<void> {
    return this.undoClaim('void', request, claimId, event, quota);
  }

  /** Takes back a claim the workflow did not take: `withdraw` opens the request again, `void` closes it. */
  private async undoClaim(
    name: 'withdraw' | 'void',
    request: ApprovalRequest,
    claimId: string,
    event: AuditEvent,
    quota: QuotaClaim | undefined,
  ): Promise<void> {
    const write = transitionWrite(name);
    // Open again: back in the reminder sweep's index.
    const reopens = canApply('claim', transition(name).to);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.approval(request.idHash),
                UpdateExpression: `SET ${write.setStatus}${reopens ? ', gsi1pk = :gpk, gsi1sk = :gsk' : ''} REMOVE decision, decidedAt, #comment, claimId`,
                // Only this claim: never undo a decision another click recorded meanwhile.
                ConditionExpression: write.condition,
                ExpressionAttributeNames: { ...write.names, '#comment': 'comment' },
                ExpressionAttributeValues: {
                  ...write.values,
                  ':claimId': claimId,
                  ...(reopens
                    ? { ':gpk': openIndex(request).gsi1pk, ':gsk': openIndex(request).gsi1sk }
                    : {}),
                },
              },
            },
            // The audit trail is append-only: the decision stays, and this event says it did not count.
            { Put: { TableName: this.tableName, Item: auditItem(name, request, event) } },
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
      const opening = transitionWrite('open');
      const supersede = transitionWrite('supersede');
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.approval(request.idHash),
                  ...request,
                  status: transition('open').to,
                  ...openIndex(request),
                },
                ConditionExpression: opening.condition,
                ...names(opening.names),
                ...values(opening.values),
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
            ...(previous && canApply('supersede', previous.status)
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: keys.approval(previous.idHash),
                      UpdateExpression: `SET ${supersede.setStatus} REMOVE gsi1pk, gsi1sk`,
                      ConditionExpression: supersede.condition,
                      ...names(supersede.names),
                      ...values(supersede.values),
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

/**
 * Each guard of the life-cycle table (domain/approval-lifecycle.ts APPROVAL_GUARDS) as a condition
 * on the request's item; undefined where it does not apply to this write. `:at` and `:claimId` are
 * the writer's values.
 */
export const GUARD_CONDITIONS: Readonly<
  Record<ApprovalGuard, (write: { readonly via: boolean }) => string | undefined>
> = {
  new: () => 'attribute_not_exists(pk)',
  unexpired: () => 'expiresAt > :at',
  notDelegated: ({ via }) => (via ? undefined : 'attribute_not_exists(delegatedTo)'),
  noEscalation: () => 'attribute_not_exists(escalatedTo)',
  noDelegation: () => 'attribute_not_exists(delegatedTo)',
  sameClaim: () => 'claimId = :claimId',
};

/** The parts of a transition's write on the request's item, made from the life-cycle table. */
export interface TransitionWrite {
  /** The statuses it starts from (`#status = :from0`, or `#status IN (:from0, ...)`) and its guards. */
  readonly condition: string;
  /** `#status = :to`; undefined when the status stays (or, creating, is the item's own). */
  readonly setStatus?: string;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A transition's condition and status change, from APPROVAL_TRANSITIONS: never written by hand. */
export function transitionWrite(
  name: ApprovalTransitionName,
  write: { readonly via?: boolean } = {},
): TransitionWrite {
  const { from, to, guards } = transition(name);
  const fromValues = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
  const placeholders = Object.keys(fromValues);
  const statusCheck =
    placeholders.length === 0
      ? undefined
      : placeholders.length === 1
        ? `#status = ${placeholders[0]}`
        : `#status IN (${placeholders.join(', ')})`;
  const changes = from.length > 0 && !(from.length === 1 && from[0] === to);
  const condition = [
    statusCheck,
    ...guards.map((guard) => GUARD_CONDITIONS[guard]({ via: write.via ?? false })),
  ]
    .filter((part): part is string => part !== undefined)
    .join(' AND ');
  return {
    condition,
    ...(changes ? { setStatus: '#status = :to' } : {}),
    names: statusCheck || changes ? { '#status': 'status' } : {},
    values: { ...fromValues, ...(changes ? { ':to': to } : {}) },
  };
}

/** The audit item of a transition: its event must be the one the table names for it. */
function auditItem(name: ApprovalTransitionName, request: ApprovalRequest, event: AuditEvent) {
  const audit = transition(name).audit;
  const reason = 'reason' in event ? event.reason : undefined;
  if (!audit || audit.type !== event.type || audit.reason !== reason)
    throw new Error(
      `The ${name} transition of an approval request writes ${audit?.type ?? 'no'} events, not ${event.type}`,
    );
  return eventItem(request.nominationId, event, request.purgeAt);
}

function names(map: Readonly<Record<string, string>>) {
  return Object.keys(map).length > 0 ? { ExpressionAttributeNames: map } : {};
}

function values(map: Readonly<Record<string, unknown>>) {
  return Object.keys(map).length > 0 ? { ExpressionAttributeValues: map } : {};
}

function countOf(item: Record<string, unknown> | undefined): number {
  return typeof item?.count === 'number' ? item.count : 0;
}

function closed(reason: ClosedReason): ApprovalClosed {
  return new ApprovalClosed(reason, CLOSED_MESSAGES[reason]);
}
