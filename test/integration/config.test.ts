import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { shippedConfig as loadShipped } from '../../functions/adapters/config';

const shippedConfig = loadShipped();

import { DynamoConfigSource, saveConfig } from '../../functions/adapters/dynamo-config';
import { createDocumentClient, keys } from '../../functions/adapters/dynamo-table';
import { startTestTable } from '../support/dynamodb';

/** The cycles and directory as table data, on DynamoDB Local: what ops change without a deploy. */
let table: Awaited<ReturnType<typeof startTestTable>>;

beforeAll(async () => {
  table = await startTestTable('award-config-test');
}, 60_000);
afterAll(async () => table?.close());

function withHead(email: string) {
  return {
    ...shippedConfig,
    directory: {
      ...shippedConfig.directory,
      centers: shippedConfig.directory.centers.map((center) =>
        center.id === 'busan' ? { ...center, head: { name: '새 센터장', email } } : center,
      ),
    },
  };
}

const busanHead = (config: Awaited<ReturnType<DynamoConfigSource['current']>>) =>
  config.directory.centers.find((center) => center.id === 'busan')?.head.email;

describe('configuration in the table', () => {
  it('serves the shipped files until load-config has run, then the table, refreshed after the cache time', async () => {
    const db = createDocumentClient();
    let now = 1_000_000;
    const source = new DynamoConfigSource(db, table.tableName, shippedConfig, 30, () => now);
    expect(await source.current()).toBe(shippedConfig);

    await saveConfig(db, table.tableName, withHead('acting.head@example.test'));
    // Still cached: a function does not read the table on every request.
    expect(busanHead(await source.current())).toBe('head.busan@example.test');
    now += 31_000;
    const fresh = await source.current();
    expect(busanHead(fresh)).toBe('acting.head@example.test');
    expect(fresh.cycles.map((cycle) => cycle.year)).toEqual(['2023', '2026']);
    expect(fresh.cycles[1]).toEqual(shippedConfig.cycles[1]);
  });

  it('keeps serving the last good configuration when a stored one is invalid', async () => {
    const db = createDocumentClient();
    let now = 5_000_000;
    const source = new DynamoConfigSource(db, table.tableName, shippedConfig, 1, () => now);
    await saveConfig(db, table.tableName, withHead('good.head@example.test'));
    expect(busanHead(await source.current())).toBe('good.head@example.test');

    await db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.configDirectory, data: { centers: 'not a list' } },
      }),
    );
    now += 2_000;
    expect(busanHead(await source.current())).toBe('good.head@example.test');
  });

  it('refuses to load a configuration without cycles', async () => {
    await expect(
      saveConfig(createDocumentClient(), table.tableName, { ...shippedConfig, cycles: [] }),
    ).rejects.toMatchObject({ name: 'ConfigurationError' });
  });
});
