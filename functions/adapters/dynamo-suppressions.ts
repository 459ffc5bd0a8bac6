import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addressKey } from '../domain/mail-events';
import type { SuppressionList } from '../domain/ports';
import { keys, readItem } from './dynamo-table';

/**
 * Which recipients are suppressed: what every mailing function asks before it sends (kept apart
 * from the rest of the suppression list so their bundles carry only this). A mail has a handful of
 * recipients: one strongly consistent GetItem per address, in parallel.
 */
export class DynamoSuppressionLookup implements Pick<SuppressionList, 'suppressed'> {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async suppressed(addresses: readonly string[]): Promise<ReadonlySet<string>> {
    const found = await Promise.all(
      addresses.map((address) =>
        readItem(this.db, this.tableName, keys.suppression(addressKey(address)), 'suppressed addresses'),
      ),
    );
    return new Set(addresses.filter((_, index) => found[index]));
  }
}
