import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from '../domain/errors';
import { rethrowTransient } from './aws-errors';
import { type ConfigFiles, type LiveConfig, loadConfig, shippedConfig } from './config';
import { keys } from './dynamo-table';
import { log } from './middleware';

/** A function reads the configuration at most this often (ops changes reach it within this time). */
export const DEFAULT_CONFIG_CACHE_SECONDS = 30;

/**
 * The cycles and the directory as data in the table (written by `load-config`; `npm start` loads
 * them at boot), so ops change an approver or a deadline without a deploy. Read with a short cache;
 * checked with the same schemas as the shipped files. Until the table has any, the shipped files
 * serve; should a stored one be invalid, the last good one keeps serving and the error is logged.
 */
export class DynamoConfigSource {
  private cached: { config: LiveConfig; until: number } | undefined;
  private warnedEmpty = false;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly shipped: LiveConfig,
    private readonly cacheSeconds = DEFAULT_CONFIG_CACHE_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<LiveConfig> {
    if (this.cached && this.now() < this.cached.until) return this.cached.config;
    const config = await this.read();
    this.cached = { config, until: this.now() + this.cacheSeconds * 1000 };
    return config;
  }

  private async read(): Promise<LiveConfig> {
    let files: ConfigFiles | undefined;
    try {
      files = await readConfigFiles(this.db, this.tableName);
    } catch (error) {
      if (this.cached) return this.cached.config; // a passing fault: keep serving what we had
      throw error;
    }
    if (!files) {
      if (!this.warnedEmpty) log('warn', 'no configuration in the table yet: serving the shipped config/');
      this.warnedEmpty = true;
      return this.shipped;
    }
    try {
      return loadConfig(files);
    } catch (error) {
      log('error', 'configuration in the table is invalid: keeping the last good one', {
        errorMessage: (error as Error).message,
      });
      return this.cached?.config ?? this.shipped;
    }
  }
}

/** The configuration items of the table as files, or undefined when there are none. */
async function readConfigFiles(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<ConfigFiles | undefined> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.configDirectory.pk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } catch (error) {
    rethrowTransient(error, 'Reading the configuration');
  }
  const directory = items.find((item) => item.sk === keys.configDirectory.sk);
  if (!directory) return undefined;
  const cycles = items.filter((item) => String(item.sk).startsWith(keys.configCyclePrefix));
  return {
    directory: directory.data,
    cycles: Object.fromEntries(
      cycles.map((item) => [`cycle ${String(item.sk).slice(keys.configCyclePrefix.length)}`, item.data]),
    ),
  };
}

/** Writes checked configuration (see loadConfig) into the table: load-config, and npm start at boot. */
export async function saveConfig(
  db: DynamoDBDocumentClient,
  tableName: string,
  config: LiveConfig,
): Promise<void> {
  if (config.cycles.length === 0) throw new ConfigurationError('No cycle to load');
  const at = new Date().toISOString();
  for (const cycle of config.cycles) {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.configCycle(cycle.year), data: cycle, updatedAt: at },
      }),
    );
  }
  // The directory last: readers treat its presence as "the table has configuration".
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.configDirectory, data: config.directory, updatedAt: at },
    }),
  );
}

/** The configuration source of a function, from its validated environment. */
export function createConfigSource(
  db: DynamoDBDocumentClient,
  env: { TABLE_NAME: string; CONFIG_CACHE_SECONDS?: number | undefined },
): DynamoConfigSource {
  return new DynamoConfigSource(
    db,
    env.TABLE_NAME,
    shippedConfig(),
    env.CONFIG_CACHE_SECONDS ?? DEFAULT_CONFIG_CACHE_SECONDS,
  );
}
