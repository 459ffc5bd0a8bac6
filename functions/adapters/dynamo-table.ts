import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { APP_RETRIES, SDK_BUDGET, sdkClientConfig } from '../contracts/retry-budget';
import { TABLE_SCHEMA } from '../contracts/table-schema';
import { TransientError } from '../domain/errors';
import { retry } from '../use-cases/retry';
import { isTransactionConflict, rethrowTransient } from './aws-errors';

/**
 * The single-table layout. One place names every key so the item types cannot drift apart.
 *   NOM#<id> / NOMINATION          the nomination (gsi1: CYCLE#<year> / STAGE#<stage>#<createdAt>#<id>);
 *                                  statusNonce / statusHash: its status link (never read into the domain)
 *   STATUS#<sha256> / STATUS       the nomination id of a status link, by the hash of its token
 *   NOM#<id> / EVENT#<at>#<suffix> append-only audit trail
 *   NOM#<id> / OPEN_APPROVAL#<stg> the newest approval request of a stage (for superseding)
 *   NOM#<id> / MAIL#<key>          one-off mails that went out
 *   DEDUPE#<hash> / DEDUPE         one nomination per nominee and cycle
 *   COUNT#<cycle>#<center> / COUNT nominations of a center in a cycle (the optional limit)
 *   APPROVAL#<sha256> / APPROVAL   approval request, found by the hash of the link id
 *   DRAFT#<sha256> / DRAFT         a web submission waiting for the center's confirmation
 *   DRAFTKEY#<hash> / DRAFTKEY     the pending draft of a nominee and center (one mail per draft)
 *   CONFIG / DIRECTORY, CYCLE#<y>  the directory and cycle settings (load-config)
 *   AWARDS#<cycle> / QUOTA#<key>   awards counted against one quota (minister's approvals)
 *   CORRECTION#<sha256> / CORRECTION  edit link of a returned nomination (task token, round, expiry)
 *   NOM#<id> / OPEN_CORRECTION     the newest edit link of a nomination (for superseding)
 *   REVIEW#<sha256> / REVIEW       batch review link of a reviewer, stage and cycle (by the hash of its id)
 *   REVIEWER#<cycle>#<stage>#<sha256 of address> / REVIEWER  that reviewer's link (nonce, hash): made once
 *   NOM#REVIEW#<cycle> / MAIL#digest:<stage>:<KST day>:<address hash>  a daily digest that went out
 *   NOM#<id> / EVENT#<at>#mail-<key>  an SES report on a mail (key: the SES event's, so a redelivery writes nothing)
 *   SUPPRESSION#<sha256 of address> / SUPPRESSION  an address no mail goes to (gsi1: SUPPRESSIONS / <at>#<hash>)
 */
export const keys = {
  nomination: (id: string) => ({ pk: `NOM#${id}`, sk: 'NOMINATION' }),
  event: (id: string, at: string, suffix: string) => ({ pk: `NOM#${id}`, sk: `EVENT#${at}#${suffix}` }),
  eventPrefix: 'EVENT#',
  openApproval: (id: string, stage: string) => ({ pk: `NOM#${id}`, sk: `OPEN_APPROVAL#${stage}` }),
  sentMail: (id: string, key: string) => ({ pk: `NOM#${id}`, sk: `MAIL#${key}` }),
  dedupe: (hash: string) => ({ pk: `DEDUPE#${hash}`, sk: 'DEDUPE' }),
  centerCount: (cycle: string, centerId: string) => ({ pk: `COUNT#${cycle}#${centerId}`, sk: 'COUNT' }),
  draft: (idHash: string) => ({ pk: `DRAFT#${idHash}`, sk: 'DRAFT' }),
  draftGuard: (guardKey: string) => ({ pk: `DRAFTKEY#${guardKey}`, sk: 'DRAFTKEY' }),
  configDirectory: { pk: 'CONFIG', sk: 'DIRECTORY' },
  configCycle: (year: string) => ({ pk: 'CONFIG', sk: `CYCLE#${year}` }),
  configCyclePrefix: 'CYCLE#',
  approval: (idHash: string) => ({ pk: `APPROVAL#${idHash}`, sk: 'APPROVAL' }),
  /** A nomination's status link, by the SHA-256 of its token (the token itself is never stored). */
  statusLink: (tokenHash: string) => ({ pk: `STATUS#${tokenHash}`, sk: 'STATUS' }),
  /** An edit link of a returned nomination (보완 요청), by the hash of its id. */
  correction: (idHash: string) => ({ pk: `CORRECTION#${idHash}`, sk: 'CORRECTION' }),
  /** The newest edit link of a nomination (for superseding a retried step's). */
  openCorrection: (id: string) => ({ pk: `NOM#${id}`, sk: 'OPEN_CORRECTION' }),
  /** A batch review link (HQ, the minister's office), by the hash of its id. */
  reviewLink: (idHash: string) => ({ pk: `REVIEW#${idHash}`, sk: 'REVIEW' }),
  /** A reviewer's batch review link of a stage in a cycle (the address as a SHA-256): created once. */
  reviewerLink: (cycle: string, stage: string, addressHash: string) => ({
    pk: `REVIEWER#${cycle}#${stage}#${addressHash}`,
    sk: 'REVIEWER',
  }),
  awardCounter: (cycle: string, quotaKey: string) => ({ pk: `AWARDS#${cycle}`, sk: `QUOTA#${quotaKey}` }),
  awardCountersOf: (cycle: string) => `AWARDS#${cycle}`,
  awardCounterPrefix: 'QUOTA#',
  /** gsi1 entry of an open approval request (removed when it closes): the reminder sweep reads these. */
  openApprovalIndex: (dueAt: string, idHash: string) => ({
    gsi1pk: 'APPROVALS#OPEN',
    gsi1sk: `${dueAt}#${idHash}`,
  }),
  openApprovalsPartition: 'APPROVALS#OPEN',
  /** A suppressed address (a complaint), by the SHA-256 of the lower-cased address, listed on gsi1. */
  suppression: (addressHash: string) => ({ pk: `SUPPRESSION#${addressHash}`, sk: 'SUPPRESSION' }),
  suppressionIndex: (at: string, addressHash: string) => ({
    gsi1pk: 'SUPPRESSIONS',
    gsi1sk: `${at}#${addressHash}`,
  }),
  suppressionsPartition: 'SUPPRESSIONS',
  byCycleAndStage: (cycle: string, stage: string, createdAt: string, id: string) => ({
    gsi1pk: keys.cycleIndex(cycle),
    gsi1sk: `${keys.stageIndexPrefix(stage)}${createdAt}#${id}`,
  }),
  /** gsi1 partition of a cycle's nominations. */
  cycleIndex: (cycle: string) => `CYCLE#${cycle}`,
  /** gsi1 sort-key prefix of one stage's nominations (oldest first). */
  stageIndexPrefix: (stage: string) => `STAGE#${stage}#`,
};

/** The stage, creation time and id a gsi1 sort key holds (undefined for anything else). */
export function parseStageIndexKey(
  sortKey: string,
): { stage: string; createdAt: string; id: string } | undefined {
  const match = /^STAGE#([a-z_]+)#(.+)#([^#]+)$/.exec(sortKey);
  return match ? { stage: match[1] ?? '', createdAt: match[2] ?? '', id: match[3] ?? '' } : undefined;
}

/** Created once per module; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB where set (local runtime). */
export function createDocumentClient(options: { region?: string } = {}): DynamoDBDocumentClient {
  // Attempts and timeouts from the retry budget: a hung call must leave time to answer.
  const client = new DynamoDBClient({
    ...(options.region ? { region: options.region } : {}),
    ...sdkClientConfig(SDK_BUDGET.dynamodb),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

const KEY_ATTRIBUTES = [
  TABLE_SCHEMA.partitionKey,
  TABLE_SCHEMA.sortKey,
  TABLE_SCHEMA.index.partitionKey,
  TABLE_SCHEMA.index.sortKey,
  'dedupeKey',
  // The nomination's status link: read only by the status-link methods, never part of a Nomination
  // (so no page, export or mail model can carry them).
  'statusNonce',
  'statusHash',
] as const;

/** An item as the domain sees it: the table's key attributes removed. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy as T;
}

/** Reads one item strongly consistently; `what` names it in a transient-failure message. */
export async function readItem<T>(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  what: string,
): Promise<T | undefined> {
  try {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item ? withoutKeys<T>(Item) : undefined;
  } catch (error) {
    rethrowTransient(error, `Reading ${what}`);
  }
}

/**
 * Runs a transaction, again when DynamoDB cancels it for a TransactionConflict (two identical
 * requests at once: a double click). `onConflict` may throw to stop, e.g. when the other one won.
 * Conflicts that outlast three tries, like other transient failures, become TransientError.
 */
export async function retryingConflicts<T>(
  what: string,
  attempt: () => Promise<T>,
  onConflict: () => Promise<void> = async () => undefined,
): Promise<T> {
  try {
    return await retry(attempt, {
      times: APP_RETRIES.conflicts.tries,
      delayMs: (failedTries) => APP_RETRIES.conflicts.delayMs(failedTries) - Math.random() * 30,
      shouldRetry: async (error) => {
        // The attempt may already have wrapped the conflict as TransientError (rethrowTransient).
        const cause = error instanceof TransientError ? error.cause : error;
        if (!isTransactionConflict(cause)) return false;
        await onConflict();
        return true;
      },
    });
  } catch (error) {
    rethrowTransient(error, what);
  }
}
