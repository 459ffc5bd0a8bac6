import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SDK_BUDGET, sdkClientConfig } from '../contracts/retry-budget';
import type { CorrectionOutput } from '../domain/correction';
import { TransientError } from '../domain/errors';
import type {
  CorrectionHandover,
  DecisionHandover,
  DecisionOutput,
  Handover,
  Workflow,
} from '../domain/ports';
import { isTransientAwsError, rethrowTransient } from './aws-errors';

/** Errors meaning the task no longer waits for this token (finished, timed out, superseded). */
const STALE_TOKEN = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Failures before the request left this function: Step Functions cannot have acted on it. */
function neverSent(error: unknown): boolean {
  const { name, message, code } = error as { name?: string; message?: string; code?: string };
  return (
    (code !== undefined && NEVER_SENT_CODES.has(code)) ||
    name === 'CredentialsProviderError' ||
    (name === 'TimeoutError' && /without establishing a connection/i.test(message ?? ''))
  );
}

/** Sent, but the answer is unknown: no HTTP status (reset, timeout), a 5xx, or an unreadable 2xx. */
function answerLost(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500 || status < 400;
}

/**
 * Decisions to the waiting review task (the `review` function: it never starts an execution).
 * @param responder a single-attempt client (createSfnClient({ singleAttempt: true })): a retry after
 *   a lost answer would be refused as TaskTimedOut and read as "not taken" although it was.
 */
export class StepFunctionsDecisions implements DecisionHandover {
  constructor(private readonly responder: SFNClient) {}

  sendDecision(taskToken: string, output: DecisionOutput): Promise<Handover> {
    return sendTaskOutput(this.responder, taskToken, output, 'Handing the decision to the workflow');
  }
}

/** Starts nomination executions (web, inbound-email); decisions go through StepFunctionsDecisions. */
export class StepFunctionsWorkflow implements Workflow {
  /** @param starter client for StartExecution, which is idempotent by name: SDK retries are safe. */
  constructor(
    private readonly starter: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(nominationId: string): Promise<void> {
    try {
      await this.starter.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          // Execution name = nomination id: starting twice can never run the workflow twice.
          name: nominationId,
          input: JSON.stringify({ nominationId }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      rethrowTransient(error, 'Starting the workflow');
    }
  }
}

/**
 * SendTaskSuccess, once, and what became of it (see Handover). `client` must make a single
 * attempt: a retry after a lost answer would be refused as TaskTimedOut and read as "not taken".
 */
export async function sendTaskOutput(
  client: SFNClient,
  taskToken: string,
  output: object,
  what: string,
): Promise<Handover> {
  try {
    await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return 'taken';
  } catch (error) {
    if (error instanceof Error && STALE_TOKEN.has(error.name)) return 'stale';
    if (neverSent(error)) {
      throw new TransientError(`Step Functions could not be reached: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (answerLost(error)) return 'uncertain';
    if (isTransientAwsError(error)) rethrowTransient(error, what);
    throw error;
  }
}

/** Corrections of returned nominations (web) and the end of the rounds (request-correction), to the waiting task. */
export class StepFunctionsCorrections implements CorrectionHandover {
  /** @param responder a single-attempt client (createSfnClient({ singleAttempt: true })). */
  constructor(private readonly responder: SFNClient) {}

  sendCorrection(taskToken: string, output: CorrectionOutput): Promise<Handover> {
    return sendTaskOutput(this.responder, taskToken, output, 'Handing the correction to the workflow');
  }
}

/** Attempts and timeouts from the retry budget (contracts/retry-budget.ts), so a hung call still leaves time to answer. */
export function createSfnClient(options: { singleAttempt?: boolean; region?: string } = {}): SFNClient {
  return new SFNClient({
    ...sdkClientConfig(options.singleAttempt ? SDK_BUDGET.sfnSingleAttempt : SDK_BUDGET.sfn),
    ...(options.region ? { region: options.region } : {}),
  });
}
