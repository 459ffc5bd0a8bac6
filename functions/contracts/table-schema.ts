/**
 * The key schema of the single table, in one place for the three that create or use it: the CDK
 * construct (infra/constructs/award-table.ts), the local runtime (local/dynamodb-local.ts) and the
 * item keys (dynamo-table.ts). Imports nothing, so infra can load it.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  index: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Epoch seconds: a nomination's items (the record, its audit events and approval requests) and drafts expire. */
  timeToLiveAttribute: 'purgeAt',
} as const;
