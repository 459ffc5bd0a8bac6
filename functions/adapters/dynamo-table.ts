import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { rethrowTransient } from './aws-errors';

/**
 * The single-table layout. One place names every key so the item types cannot drift apart.
 *   NOM#<id> / NOMINATION          the nomination (gsi1: CYCLE#<year> / STAGE#<stage>#<createdAt>#<id>)
 *   NOM#<id> / EVENT#<at>#<suffix> append-only audit trail
 *   NOM#<id> / OPEN_APPROVAL#<stg> the newest approval request of a stage (for superseding)
 *   NOM#<id> / MAIL#<key>          one-off mails that went out
 *   DEDUPE#<hash> / DEDUPE         one nomination per nominee, center, category and cycle
 *   APPROVAL#<sha256> / APPROVAL   approval request, found by the hash of the link id
 */
export const keys = {
  nomination: (id: string) => ({ pk: `NOM#${id}`, sk: 'NOMINATION' }),
  event: (id: string, at: string, suffix: string) => ({ pk: `NOM#${id}`, sk: `EVENT#${at}#${suffix}` }),
  eventPrefix: 'EVENT#',
  openApproval: (id: string, stage: string) => ({ pk: `NOM#${id}`, sk: `OPEN_APPROVAL#${stage}` }),
  sentMail: (id: string, key: string) => ({ pk: `NOM#${id}`, sk: `MAIL#${key}` }),
  dedupe: (hash: string) => ({ pk: `DEDUPE#${hash}`, sk: 'DEDUPE' }),
  approval: (idHash: string) => ({ pk: `APPROVAL#${idHash}`, sk: 'APPROVAL' }),
  byCycleAndStage: (cycle: string, stage: string, createdAt: string, id: string) => ({
    gsi1pk: `CYCLE#${cycle}`,
    gsi1sk: `STAGE#${stage}#${createdAt}#${id}`,
  }),
};

/** Created once per module; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB where set (local runtime). */
export function createDocumentClient(): DynamoDBDocumentClient {
  // Timeouts well inside the functions' own (web 10 s): a hung call must leave time to answer.
  const client = new DynamoDBClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'dedupeKey'] as const;

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
