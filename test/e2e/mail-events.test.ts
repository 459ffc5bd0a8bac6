import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SES_SIMULATOR } from '../../local/ses-events';
import type { LocalStack } from '../../local/stack';
import { submitAndConfirm } from '../support/flow';
import { waitForMail } from '../support/outbox';
import { sampleNomination } from '../support/sample';
import { startTestStack } from '../support/stack';
import { openCycleConfig } from '../support/test-config';

/**
 * SES's mailbox simulator on the local stack: the seoul center head's address is SES's bounce
 * address, so the approval request bounces (as it would on AWS) and the nomination is marked.
 */
let stack: LocalStack;
let close: () => Promise<void>;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  const configDir = openCycleConfig();
  const file = path.join(configDir, 'directory.json');
  const directory = JSON.parse(readFileSync(file, 'utf8')) as {
    centers: { id: string; head: { email: string } }[];
  };
  for (const center of directory.centers) if (center.id === 'seoul') center.head.email = SES_SIMULATOR.bounce;
  writeFileSync(file, JSON.stringify(directory, null, 2));
  ({ stack, close } = await startTestStack({ configDir }));
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: 'ap-northeast-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});

afterAll(async () => {
  db?.destroy();
  await close?.();
});

async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('an approval request to bounce@simulator.amazonses.com marks the nomination; the stage keeps waiting', async () => {
  const created = await submitAndConfirm(
    stack.urls,
    sampleNomination({ nominee: { ...(sampleNomination().nominee as object), name: '반송시험' } }),
  );
  expect(created.status).toBe(201);
  const id = String(created.json.id);
  await waitForMail(stack.urls.ses, SES_SIMULATOR.bounce, (mail) => mail.subject.includes('반송시험'));

  const nomination = await eventually(async () => {
    const { Item } = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `NOM#${id}`, sk: 'NOMINATION' } }),
    );
    return Item?.needsAttention ? Item : undefined;
  }, 'the attention mark');
  expect(nomination.stage).toBe('center_review');
  expect(nomination.needsAttention).toMatchObject({ error: 'ApproverMailBounced' });

  const { Items } = await db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `NOM#${id}`, ':event': 'EVENT#' },
    }),
  );
  expect(Items?.filter((item) => item.type === 'mail_bounced')).toEqual([
    expect.objectContaining({
      actor: 'ses',
      mail: 'request',
      stage: 'center_review',
      recipients: [SES_SIMULATOR.bounce],
      bounceType: 'Permanent',
      attention: true,
    }),
  ]);
});
