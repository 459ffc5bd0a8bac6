import type { Context } from 'aws-lambda';
import { DynamoMailEventLog, DynamoSuppressionList } from '../../functions/adapters/dynamo-mail-events';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { METRICS } from '../../functions/contracts/observability';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import type { Mailer, OutgoingMail } from '../../functions/domain/ports';
import { recordMailEvent, unsuppressAddress } from '../../functions/use-cases/record-mail-event';
import { nominationMailTags } from '../../functions/use-cases/send-once';
import { SES_SIMULATOR, type SentMail, sesEvent } from '../../local/ses-events';
import { startTestTable } from '../support/dynamodb';
import { sampleNomination } from '../support/sample';

/**
 * SES's bounce, complaint and delivery events on DynamoDB Local: the audit trail, the mark of a
 * bounced approver mail, the metric its alarm watches, and suppression after a complaint.
 */
let table: Awaited<ReturnType<typeof startTestTable>>;
let handler: (event: unknown, context: Context) => Promise<unknown>;
let SuppressingMailer: typeof import('../../functions/adapters/suppressing-mailer').SuppressingMailer;
let repos: {
  nominations: DynamoNominationRepository;
  mailEvents: DynamoMailEventLog;
  suppressions: DynamoSuppressionList;
};
const clock = { now: () => new Date('2026-11-10T03:00:00Z') };

beforeAll(async () => {
  table = await startTestTable();
  process.env.TABLE_NAME = table.tableName;
  // EMF on: the metric the alarm watches is part of the contract.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  ({ handler } = await import('../../functions/mail-events'));
  ({ SuppressingMailer } = await import('../../functions/adapters/suppressing-mailer'));
  const db = createDocumentClient();
  repos = {
    nominations: new DynamoNominationRepository(db, table.tableName),
    mailEvents: new DynamoMailEventLog(db, table.tableName),
    suppressions: new DynamoSuppressionList(db, table.tableName),
  };
});

// EMF lines outside `emitted` are noise in the test output.
const write = process.stdout.write.bind(process.stdout);
beforeEach(() => {
  jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: unknown, ...rest: unknown[]) =>
      String(chunk).startsWith('{"_aws"') ? true : (write as (...args: unknown[]) => boolean)(chunk, ...rest),
    );
});
afterEach(() => jest.restoreAllMocks());

afterAll(async () => {
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  await table?.close();
});

let sequence = 0;
async function storedNomination(stage: Nomination['stage'] = 'center_review'): Promise<Nomination> {
  sequence++;
  const at = '2026-11-01T00:00:00.000Z';
  const nomination: Nomination = {
    ...(sampleNomination() as unknown as NominationInput),
    id: `N-mail-${sequence}-${Date.now()}`,
    stage,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await repos.nominations.create(nomination, `mail-test-${nomination.id}`, {
    type: 'submitted',
    at,
    actor: 'test',
  });
  return nomination;
}

function mailOf(nomination: Nomination, mail: string, to: string, stage?: Nomination['stage']): SentMail {
  return {
    messageId: `0102-${nomination.id}-${mail}`,
    from: 'award-office@example.test',
    destination: [to],
    tags: nominationMailTags(nomination.id, mail, stage as 'center_review'),
    configurationSet: 'award-workflow',
  };
}

const context = { awsRequestId: 'test', functionName: 'mail-events' } as unknown as Context;

/** Runs `work`, collecting the EMF records written to stdout (other output swallowed). */
async function emitted(work: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    for (const line of String(chunk).split('\n')) {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if ('_aws' in parsed) records.push(parsed);
      } catch {
        // not JSON
      }
    }
    return true;
  });
  const errors = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await work();
  } finally {
    spy.mockRestore();
    errors.mockRestore();
  }
  return records;
}

const mailEventsOf = async (id: string) =>
  (await repos.nominations.history(id)).filter((event) => event.type.startsWith('mail_'));

describe('mail-events handler', () => {
  it('a bounce event marks the nomination and raises the alarm metric', async () => {
    const nomination = await storedNomination('center_review');
    const event = sesEvent(
      'bounce',
      mailOf(nomination, 'request', 'head.seoul@example.test', 'center_review'),
      'head.seoul@example.test',
      { at: new Date('2026-11-10T02:00:00Z') },
    );
    const records = await emitted(() => handler(event, context));

    const stored = await repos.nominations.get(nomination.id);
    expect(stored?.stage).toBe('center_review');
    expect(stored?.needsAttention).toMatchObject({ error: 'ApproverMailBounced' });
    expect(await mailEventsOf(nomination.id)).toEqual([
      expect.objectContaining({
        type: 'mail_bounced',
        actor: 'ses',
        mail: 'request',
        stage: 'center_review',
        recipients: ['head.seoul@example.test'],
        bounceType: 'Permanent',
        attention: true,
      }),
    ]);
    expect(records.map((record) => Object.keys(record).find((key) => key in METRIC_NAMES))).toEqual(
      expect.arrayContaining([METRICS.approverMailBounced.name, METRICS.mailsBounced.name]),
    );
    expect(records.find((record) => METRICS.approverMailBounced.name in record)).toMatchObject({
      stage: 'center_review',
    });

    // EventBridge delivers at least once: the same event again records nothing and counts nothing.
    const again = await emitted(() => handler(event, context));
    expect(await mailEventsOf(nomination.id)).toHaveLength(1);
    expect(again).toEqual([]);
  });

  it('a bounce of a stage that no longer waits, or of another mail, is recorded without a mark', async () => {
    const moved = await storedNomination('hq_review');
    await handler(
      sesEvent(
        'bounce',
        mailOf(moved, 'reminder:abc:1', 'head.seoul@example.test', 'center_review'),
        'head.seoul@example.test',
      ),
      context,
    );
    expect((await repos.nominations.get(moved.id))?.needsAttention).toBeUndefined();
    expect(await mailEventsOf(moved.id)).toEqual([
      expect.objectContaining({ type: 'mail_bounced', attention: false }),
    ]);

    const receipt = await storedNomination('center_review');
    await handler(
      sesEvent('bounce', mailOf(receipt, 'receipt', 'award.seoul@example.test'), 'award.seoul@example.test'),
      context,
    );
    expect((await repos.nominations.get(receipt.id))?.needsAttention).toBeUndefined();
  });

  it('records a delivery once', async () => {
    const nomination = await storedNomination();
    const event = sesEvent(
      'delivery',
      mailOf(nomination, 'receipt', SES_SIMULATOR.delivery),
      SES_SIMULATOR.delivery,
    );
    await handler(event, context);
    await handler(event, context);
    expect(await mailEventsOf(nomination.id)).toEqual([
      expect.objectContaining({
        type: 'mail_delivered',
        mail: 'receipt',
        recipients: [SES_SIMULATOR.delivery],
      }),
    ]);
  });

  it('drops malformed and unknown events without failing (no retry storm)', async () => {
    await expect(
      handler({ 'detail-type': 'Email Opened', detail: { eventType: 'Open' } }, context),
    ).resolves.toMatchObject({
      outcome: 'dropped',
    });
    await expect(handler('nonsense', context)).resolves.toMatchObject({ outcome: 'dropped' });
  });
});

describe('complaints and suppression', () => {
  it('a complaint suppresses the address: the next mail to it is dropped, others still go; ops clear it', async () => {
    const nomination = await storedNomination();
    const complainer = 'Minji.Kim@Example.test';
    await handler(sesEvent('complaint', mailOf(nomination, 'receipt', complainer), complainer), context);
    expect(await mailEventsOf(nomination.id)).toEqual([
      expect.objectContaining({ type: 'mail_complained', recipients: [complainer] }),
    ]);
    expect(await repos.suppressions.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: complainer, reason: 'complaint', nominationId: nomination.id }),
      ]),
    );

    const sent: OutgoingMail[] = [];
    const inner: Mailer = { send: async (mail) => void sent.push(mail) };
    const mailer = new SuppressingMailer(inner, repos.suppressions);
    const base = { subject: '알림', text: '본문', html: '<p>본문</p>' };
    await mailer.send({ ...base, to: ['minji.kim@example.test'] });
    expect(sent).toEqual([]);
    await mailer.send({
      ...base,
      to: ['minji.kim@example.test', 'award.seoul@example.test'],
      cc: ['MINJI.KIM@example.test'],
    });
    expect(sent).toEqual([expect.objectContaining({ to: ['award.seoul@example.test'] })]);
    expect(sent[0]?.cc).toBeUndefined();

    expect(await unsuppressAddress('minji.kim@example.test', repos)).toBe(true);
    expect(await unsuppressAddress('minji.kim@example.test', repos)).toBe(false);
    await mailer.send({ ...base, to: ['minji.kim@example.test'] });
    expect(sent).toHaveLength(2);
  });

  it('a complaint about a mail of no known nomination still suppresses', async () => {
    const result = await recordMailEvent(
      {
        type: 'complaint',
        messageId: 'x',
        at: '2026-11-10T00:00:00.000Z',
        tags: {},
        recipients: ['someone@example.test'],
      },
      { ...repos, clock },
    );
    expect(result).toEqual({ outcome: 'no_nomination', type: 'complaint', suppressed: 1 });
    expect(await repos.suppressions.suppressed(['SOMEONE@example.test'])).toEqual(
      new Set(['SOMEONE@example.test']),
    );
    await unsuppressAddress('someone@example.test', repos);
  });
});

const METRIC_NAMES: Record<string, true> = Object.fromEntries(
  Object.values(METRICS).map((metric) => [metric.name, true]),
);
