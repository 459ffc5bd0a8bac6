import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { DynamoSentMailLog } from '../../functions/adapters/dynamo-sent-mail';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import type { Cycle } from '../../functions/domain/cycle';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import { hashLinkId, isWellFormedLinkId } from '../../functions/domain/secret-links';
import { notifyOutcome } from '../../functions/use-cases/notify-outcome';
import { recordSubmission } from '../../functions/use-cases/record-submission';
import { findByStatusToken, statusLinkOf } from '../../functions/use-cases/status-links';
import { startTestTable } from '../support/dynamodb';
import { MemoryCertificates, MemoryLinkKey, mailing, RecordingMailer } from '../support/fakes';
import { sampleNomination } from '../support/sample';

/** The status page's own token (issue 9): minted on the receipt, only its hash stored, found by it. */
let table: Awaited<ReturnType<typeof startTestTable>>;

beforeAll(async () => {
  table = await startTestTable();
}, 60_000);
afterAll(async () => table?.close());

const PUBLIC_URL = 'http://localhost:3000';
const TOKEN_IN_MAIL = /http:\/\/localhost:3000\/nominations\/([A-Za-z0-9_-]{43})/;

function wiring(linkKey = new MemoryLinkKey()) {
  const db = createDocumentClient();
  const mail = mailing(new RecordingMailer());
  return {
    ...mail,
    nominations: new DynamoNominationRepository(db, table.tableName),
    sentMail: new DynamoSentMailLog(db, table.tableName),
    certificates: new MemoryCertificates(),
    clock: { now: () => new Date('2026-11-20T00:00:00Z') },
    cycles: [cycle2026 as Cycle],
    directory,
    publicUrl: PUBLIC_URL,
    linkKey,
    ids: randomIds,
  };
}

let counter = 0;
async function stored(deps: ReturnType<typeof wiring>): Promise<Nomination> {
  counter += 1;
  const nomination: Nomination = {
    ...(sampleNomination({ cycle: '2026' }) as unknown as NominationInput),
    id: `2026-statuslink${String(counter).padStart(10, '0')}`,
    stage: 'center_review',
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
  await deps.nominations.create(nomination, `status-${counter}`, {
    type: 'submitted',
    at: nomination.createdAt,
    actor: 'x',
  });
  return nomination;
}

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await createDocumentClient().send(
      new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

describe('status links on DynamoDB Local', () => {
  it('the receipt carries a token link that opens the nomination; the id and other strings open nothing', async () => {
    const deps = wiring();
    const nomination = await stored(deps);
    const executionId = `arn:aws:states:ap-northeast-2:000000000000:execution:NominationWorkflow:${nomination.id}`;
    await recordSubmission({ nominationId: nomination.id, executionId }, deps);
    const receipt = deps.mailer.sent.find((mail) => mail.subject.includes('접수 확인'));
    const token = TOKEN_IN_MAIL.exec(receipt?.text ?? '')?.[1] ?? '';
    expect(isWellFormedLinkId(token)).toBe(true);
    expect(receipt?.text).not.toContain(`/nominations/${nomination.id}`);
    expect(receipt?.html).not.toContain(`/nominations/${nomination.id}`);

    expect(await findByStatusToken(token, deps)).toBe(nomination.id);
    for (const wrong of [
      nomination.id,
      '',
      'x',
      `${token}A`,
      `${token.slice(0, 42)}${token[42] === 'A' ? 'B' : 'A'}`,
    ]) {
      expect(await findByStatusToken(wrong, deps)).toBeUndefined();
    }
    // The domain never sees the nonce or the hash (no page, export or mail model can carry them).
    const read = await deps.nominations.get(nomination.id);
    expect(read).not.toHaveProperty('statusNonce');
    expect(read).not.toHaveProperty('statusHash');
  });

  it('every mailing function builds the same link again; the rejection mail carries it', async () => {
    const deps = wiring();
    const nomination = await stored(deps);
    const first = await statusLinkOf(nomination.id, { ...deps, statusLinks: deps.nominations });
    const again = await statusLinkOf(nomination.id, { ...deps, statusLinks: deps.nominations });
    expect(again).toBe(first);
    await notifyOutcome(
      { nominationId: nomination.id, outcome: 'rejected', decision: { stage: 'center_review' } },
      deps,
    );
    const rejected = deps.mailer.sent.find((mail) => mail.subject.includes(nomination.nominee.name));
    expect(rejected?.text).toContain(first);
    // Another key (another deployment) makes another token: the stored nonce alone opens nothing.
    const other = await statusLinkOf(nomination.id, {
      ...deps,
      linkKey: new MemoryLinkKey(),
      ids: randomIds,
      statusLinks: deps.nominations,
    });
    expect(other).not.toBe(first);
  });

  it('the table holds only hashes: no item contains a status token', async () => {
    const deps = wiring();
    const nomination = await stored(deps);
    const link = await statusLinkOf(nomination.id, { ...deps, statusLinks: deps.nominations });
    const token = link.split('/').at(-1) ?? '';
    const items = await scanAll();
    const lookup = items.find((item) => item.pk === `STATUS#${hashLinkId(token)}`);
    expect(lookup).toMatchObject({ sk: 'STATUS', nominationId: nomination.id });
    const serialized = JSON.stringify(items);
    expect(serialized).not.toContain(token);
    // Nor any other 43-character token-shaped value next to a status link's hash.
    const statusItems = items.filter((item) => String(item.pk).startsWith('STATUS#'));
    for (const item of statusItems) {
      for (const value of Object.values(item)) {
        expect(typeof value === 'string' && isWellFormedLinkId(value)).toBe(false);
      }
    }
  });

  it('a status link of an unknown nomination is refused, nothing stored', async () => {
    const deps = wiring();
    await expect(
      statusLinkOf('2026-nonexistentnominatio', { ...deps, statusLinks: deps.nominations }),
    ).rejects.toMatchObject({ name: 'NominationNotFound' });
  });
});
