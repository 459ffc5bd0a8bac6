/**
 * An operator's action (ops console, admin CLI) in the nomination's audit trail: one `ops_action`
 * event, written like every other audit event (functions/adapters/dynamo-nominations.ts eventItem)
 * and destroyed with the nomination (its purgeAt).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { eventItem } from '../functions/adapters/dynamo-nominations';
import { keys } from '../functions/adapters/dynamo-table';
import type { AuditEvent } from '../functions/domain/nomination';

export type OpsActionEvent = Extract<AuditEvent, { type: 'ops_action' }>;

/**
 * Appends the event to `NOM#<nominationId>` (never overwrites). Answers false, writing nothing,
 * when the table has no such nomination: an audit trail belongs to a nomination, and an event on
 * its own would outlive the data retention (no purgeAt). Failures of DynamoDB are thrown.
 */
export async function recordOpsAction(
  db: DynamoDBDocumentClient,
  tableName: string,
  nominationId: string,
  action: Omit<OpsActionEvent, 'type'>,
): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.nomination(nominationId),
      ConsistentRead: true,
      ProjectionExpression: '#purgeAt',
      ExpressionAttributeNames: { '#purgeAt': 'purgeAt' },
    }),
  );
  if (!Item) return false;
  const purgeAt = typeof Item.purgeAt === 'number' ? Item.purgeAt : undefined;
  const event: OpsActionEvent = {
    type: 'ops_action',
    at: action.at,
    actor: action.actor,
    action: action.action,
    executionArn: action.executionArn,
    outcome: action.outcome,
    ...(action.error ? { error: action.error } : {}),
    ...(action.reason ? { reason: action.reason } : {}),
  };
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: eventItem(nominationId, event, purgeAt),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return true;
}
