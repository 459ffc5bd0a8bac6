import { PassThrough } from 'node:stream';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { addressKey } from '../../functions/domain/mail-events';
import { type CliIo, runCli } from '../../local/admin/main';
import { localTarget } from '../../local/admin/target';

const dynamo = mockClient(DynamoDBDocumentClient);

function cli(argv: string[]) {
  let out = '';
  let err = '';
  const stderr = new PassThrough();
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr,
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env: {},
  };
  return runCli(argv, io, { resolveTarget: async () => localTarget({}), now: () => new Date() }).then(
    (code) => ({
      code,
      stdout: () => out,
      stderr: () => err,
    }),
  );
}

const conditionFailed = Object.assign(new Error('The conditional request failed'), {
  name: 'ConditionalCheckFailedException',
});

beforeEach(() => dynamo.reset());

describe('admin suppressions and unsuppress', () => {
  it('lists suppressed addresses from gsi1 (masked unless --full), and as JSON', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          pk: `SUPPRESSION#${addressKey('minji.kim@example.test')}`,
          sk: 'SUPPRESSION',
          gsi1pk: 'SUPPRESSIONS',
          gsi1sk: 'x',
          address: 'minji.kim@example.test',
          reason: 'complaint',
          at: '2026-11-10T02:00:00.000Z',
          nominationId: '2026-abcdefghijkmnpqrstuv',
        },
      ],
    });
    const listed = await cli(['suppressions']);
    expect(listed.code).toBe(0);
    expect(listed.stdout()).toContain('mi***@example.test');
    expect(listed.stdout()).not.toContain('minji.kim@');
    expect(listed.stdout()).toContain('스팸 신고');
    const query = dynamo.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'SUPPRESSIONS' } });

    expect((await cli(['suppressions', '--full'])).stdout()).toContain('minji.kim@example.test');
    const json = await cli(['suppressions', '--json']);
    expect(JSON.parse(json.stdout())).toMatchObject({
      suppressions: [{ address: 'minji.kim@example.test', reason: 'complaint' }],
    });
  });

  it('says when none are suppressed', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect((await cli(['suppressions'])).stdout()).toContain('발송 중지된 주소가 없습니다');
  });

  it('unsuppress deletes the record of the address (case-insensitive key); exit 1 when there was none', async () => {
    dynamo.on(DeleteCommand).resolvesOnce({}).rejectsOnce(conditionFailed);
    const cleared = await cli(['unsuppress', 'Minji.Kim@Example.test']);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout()).toContain('해제했습니다');
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: `SUPPRESSION#${addressKey('minji.kim@example.test')}`,
      sk: 'SUPPRESSION',
    });
    const none = await cli(['unsuppress', 'minji.kim@example.test']);
    expect(none.code).toBe(1);
    expect(none.stderr()).toContain('발송 중지된 주소가 아닙니다');
  });

  it('a malformed address is a usage error (exit 2) before any call', async () => {
    const bad = await cli(['unsuppress', 'not-an-address']);
    expect(bad.code).toBe(2);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });
});
