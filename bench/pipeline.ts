import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { inPool } from '../functions/domain/pool';
import { LOCAL_REGION } from '../local/defaults';
import { localCredentials } from '../local/dynamodb-local';
import type { LocalStack } from '../local/stack';
import { benchNominee, type JourneyContext, journey } from './journey';
import { percentile, round, sleep, timed } from './measure';
import { type CallCounts, countSdkCalls } from './sdk-calls';

export function executionArnOf(stack: LocalStack, nominationId: string): string {
  return `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${nominationId}`;
}

/** Waits until the execution is no longer running (its last task may still write after the last mail). */
export async function executionFinished(sfn: SFNClient, executionArn: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { status = 'UNKNOWN' } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status;
    if (Date.now() > deadline) throw new Error(`${executionArn} still running after 60 s`);
    await sleep(20);
  }
}

/**
 * One happy-path journey alone, every SDK request counted until its execution has ended: the
 * DynamoDB writes and SES sends one nomination really costs (the floor's recipe), and its
 * execution (for the transition count).
 */
export async function traceOneJourney(
  stack: LocalStack,
  sfn: SFNClient,
  context: JourneyContext,
): Promise<{ executionArn: string; calls: CallCounts; ms: number }> {
  const { result, calls } = await countSdkCalls(async () => {
    const { id, ms } = await journey(context, benchNominee('추적', 'trace', 0));
    const executionArn = executionArnOf(stack, id);
    const status = await executionFinished(sfn, executionArn);
    if (status !== 'SUCCEEDED') throw new Error(`the traced execution ended ${status}`);
    return { executionArn, ms };
  });
  return { ...result, calls };
}

export interface PipelineFigures {
  nominations: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** N journeys, `concurrency` at a time, on the local stack over HTTP: throughput and latency. */
export async function runPipeline(
  context: JourneyContext,
  nominations: number,
  concurrency: number,
): Promise<PipelineFigures> {
  const nominees = Array.from({ length: nominations }, (_, index) => benchNominee('벤치', 'bench', index));
  const { result: latencies, ms } = await timed(() =>
    inPool(nominees, concurrency, async (nominee) => (await journey(context, nominee)).ms),
  );
  const seconds = ms / 1000;
  return {
    nominations,
    concurrency,
    seconds: round(seconds, 2),
    perSecond: round(nominations / seconds, 2),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/**
 * The floor: what the same N nominations cost if the system did nothing but its storage and mail
 * I/O. Each nomination's DynamoDB write requests (a TransactWriteItems counts as one request) as
 * bare PutItems of a small item, then its mails as bare SendEmails, against the same DynamoDB
 * Local and aws-ses-v2-local, with the same concurrency. No reads, no HTTP, no workflow engine,
 * no templates: a lower bound the pipeline can approach, never reach.
 */
export async function runFloor(
  stack: LocalStack,
  perNomination: Pick<CallCounts, 'dynamoDbWrites' | 'sesSends'>,
  nominations: number,
  concurrency: number,
): Promise<number> {
  const options = { region: LOCAL_REGION, credentials: localCredentials };
  const dynamodb = new DynamoDBClient({ ...options, endpoint: stack.urls.dynamodb });
  const ses = new SESv2Client({ ...options, endpoint: stack.urls.ses });
  try {
    const indexes = Array.from({ length: nominations }, (_, index) => index);
    const { ms } = await timed(() =>
      inPool(indexes, concurrency, async (index) => {
        for (let write = 0; write < perNomination.dynamoDbWrites; write += 1) {
          await dynamodb.send(
            new PutItemCommand({
              TableName: stack.tableName,
              Item: {
                pk: { S: `BENCH#FLOOR#${index}` },
                sk: { S: `W#${write}` },
                at: { S: new Date().toISOString() },
              },
            }),
          );
        }
        for (let send = 0; send < perNomination.sesSends; send += 1) {
          await ses.send(
            new SendEmailCommand({
              FromEmailAddress: 'bench@example.test',
              Destination: { ToAddresses: [`floor.${index}@example.test`] },
              Content: {
                Simple: { Subject: { Data: '벤치 바닥' }, Body: { Text: { Data: `${index}/${send}` } } },
              },
            }),
          );
        }
      }),
    );
    return ms / 1000;
  } finally {
    dynamodb.destroy();
    ses.destroy();
  }
}
