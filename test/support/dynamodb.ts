import {
  type DynamoDbLocal,
  ensureTable,
  localCredentials,
  startDynamoDbLocal,
} from '../../local/dynamodb-local';
import { freePort } from '../../local/ports';

/** Amazon DynamoDB Local in memory on a free port, with the project's table, for one test file. */
export async function startTestTable(
  tableName = 'award-test',
): Promise<DynamoDbLocal & { tableName: string }> {
  const dynamodb = await startDynamoDbLocal({ port: await freePort() });
  await ensureTable(dynamodb.endpoint, tableName);
  // Adapters build their clients from the standard SDK variables, as on AWS.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_REGION: 'ap-northeast-2',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  });
  return { ...dynamodb, tableName };
}
