import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { StepFunctionsDecisions, StepFunctionsWorkflow } from '../../functions/adapters/sfn-workflow';
import { TransientError } from '../../functions/domain/errors';
import type { Nomination } from '../../functions/domain/nomination';

const decision = {
  decision: 'approve',
  stage: 'center_review',
  approver: 'a@example.test',
  decidedAt: '2023-11-01T00:00:00Z',
} as const;
const arn = 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:NominationWorkflow';

describe('StepFunctionsWorkflow', () => {
  const sfn = mockClient(SFNClient);
  afterEach(() => sfn.reset());

  it('starts the execution named by the nomination id, and treats a second start as done', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const workflow = new StepFunctionsWorkflow(new SFNClient({}), arn);
    await expect(workflow.start('2023-abcdefghijkmnpqrstuv')).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: arn,
      name: '2023-abcdefghijkmnpqrstuv',
      input: '{"nominationId":"2023-abcdefghijkmnpqrstuv"}',
    });
  });

  it('reports a token the workflow no longer waits for as not taken', async () => {
    sfn
      .on(SendTaskSuccessCommand)
      .rejectsOnce(new TaskTimedOut({ message: 'gone', $metadata: {} }))
      .rejectsOnce(new InvalidToken({ message: 'bad', $metadata: {} }))
      .resolves({});
    const workflow = new StepFunctionsDecisions(new SFNClient({}));
    await expect(workflow.sendDecision('t', decision)).resolves.toBe('stale');
    await expect(workflow.sendDecision('t', decision)).resolves.toBe('stale');
    await expect(workflow.sendDecision('t', decision)).resolves.toBe('taken');
    expect(JSON.parse(String(sfn.commandCalls(SendTaskSuccessCommand).at(-1)?.args[0].input.output))).toEqual(
      decision,
    );
  });

  it('calls a lost answer uncertain, never stale', async () => {
    const reset = Object.assign(new Error('socket hang up'), {
      name: 'Error',
      code: 'ECONNRESET',
      $metadata: {},
    });
    const serverError = Object.assign(new Error('Internal'), {
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    sfn.on(SendTaskSuccessCommand).rejectsOnce(reset).rejectsOnce(serverError);
    const workflow = new StepFunctionsDecisions(new SFNClient({}));
    await expect(workflow.sendDecision('t', decision)).resolves.toBe('uncertain');
    await expect(workflow.sendDecision('t', decision)).resolves.toBe('uncertain');
  });

  it('calls a request that never left TransientError: the link reopens for another try', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      $metadata: {},
    });
    const noConnection = Object.assign(
      new Error('Socket timed out without establishing a connection within 1000 ms'),
      {
        name: 'TimeoutError',
        $metadata: {},
      },
    );
    sfn.on(SendTaskSuccessCommand).rejectsOnce(refused).rejectsOnce(noConnection);
    const workflow = new StepFunctionsDecisions(new SFNClient({}));
    await expect(workflow.sendDecision('t', decision)).rejects.toBeInstanceOf(TransientError);
    await expect(workflow.sendDecision('t', decision)).rejects.toBeInstanceOf(TransientError);
  });

  it('turns throttling into TransientError', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    sfn.on(SendTaskSuccessCommand).rejects(throttled);
    await expect(
      new StepFunctionsDecisions(new SFNClient({})).sendDecision('t', decision),
    ).rejects.toBeInstanceOf(TransientError);
  });
});

describe('SesMailer', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  it('sends Korean text and HTML as raw MIME through the configuration set, with the tags', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    await new SesMailer(new SESv2Client({}), '사무국 <office@example.test>', 'award-set').send({
      to: ['a@example.test'],
      cc: ['b@example.test'],
      subject: '[고용서비스상] 심사 요청',
      text: '본문',
      html: '<p>본문</p>',
      tags: { nomination: '2026-abc', mail: 'outcome_awarded_v3' },
    });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'office@example.test',
      Destination: { ToAddresses: ['a@example.test'], CcAddresses: ['b@example.test'] },
      ConfigurationSetName: 'award-set',
      EmailTags: [
        { Name: 'nomination', Value: '2026-abc' },
        { Name: 'mail', Value: 'outcome_awarded_v3' },
      ],
    });
    const parsed = await simpleParser(Buffer.from(input?.Content?.Raw?.Data ?? new Uint8Array()));
    expect(parsed.subject).toBe('[고용서비스상] 심사 요청');
    expect(parsed.from?.value).toEqual([{ address: 'office@example.test', name: '사무국' }]);
    expect(parsed.text?.trim()).toBe('본문');
    expect(parsed.html).toBe('<p>본문</p>');
  });

  it('turns SES throttling into TransientError, and leaves other errors alone', async () => {
    const mailer = new SesMailer(new SESv2Client({}), 'office@example.test');
    const mail = { to: ['a@example.test'], subject: 's', text: 't', html: 'h' };
    const rejected = Object.assign(new Error('Email address is not verified'), {
      name: 'MessageRejected',
      $metadata: { httpStatusCode: 400 },
    });
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
      .rejectsOnce(rejected);
    await expect(mailer.send(mail)).rejects.toBeInstanceOf(TransientError);
    await expect(mailer.send(mail)).rejects.toMatchObject({ name: 'MessageRejected' });
  });
});

describe('DynamoNominationRepository.create', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  afterEach(() => dynamo.reset());
  const nomination = {
    id: '2023-abcdefghijkmnpqrstuv',
    cycle: '2023',
    stage: 'submitted',
    createdAt: 'x',
  } as Nomination;
  const event = { type: 'submitted', at: 'x', actor: 'a' } as const;
  const conflict = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
    });

  it('tries again when a simultaneous identical submission conflicts', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(conflict()).resolves({});
    const repository = new DynamoNominationRepository(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      't',
    );
    await expect(repository.create(nomination, 'k', event)).resolves.toEqual({ outcome: 'created' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('answers with the existing nomination when the dedupe condition fails', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    dynamo.on(GetCommand).resolves({ Item: { nominationId: '2023-existingexistingexis' } });
    const repository = new DynamoNominationRepository(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      't',
    );
    await expect(repository.create(nomination, 'k', event)).resolves.toEqual({
      outcome: 'exists',
      existingId: '2023-existingexistingexis',
    });
  });

  it('gives up as TransientError after repeated conflicts', async () => {
    dynamo.on(TransactWriteCommand).rejects(conflict());
    const repository = new DynamoNominationRepository(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      't',
    );
    await expect(repository.create(nomination, 'k', event)).rejects.toBeInstanceOf(TransientError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});
