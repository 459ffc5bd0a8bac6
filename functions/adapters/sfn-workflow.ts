import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DecisionOutput, Handover, Workflow } from '../domain/ports';
import { isTransientAwsError, rethrowTransient } from './aws-errors';

/** Errors meaning the task no longer waits for this token (finished, timed out, superseded). */
const STALE_TOKEN = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Whether Step Functions answered at all: without an HTTP status (network, timeout) or with a 5xx, it may have acted. */
function answerLost(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}

export class StepFunctionsWorkflow implements Workflow {
  /**
   * @param starter  client for StartExecution, which is idempotent by name: SDK retries are safe.
   * @param responder client for SendTaskSuccess, with a single attempt: a retry after a lost
   *   answer would be refused as TaskTimedOut and read as "not taken" although it was.
   */
  constructor(
    private readonly starter: SFNClient,
    private readonly responder: SFNClient,
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

  async sendDecision(taskToken: string, output: DecisionOutput): Promise<Handover> {
    try {
      await this.responder.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'taken';
    } catch (error) {
      if (error instanceof Error && STALE_TOKEN.has(error.name)) return 'stale';
      if (answerLost(error)) return 'uncertain';
      if (isTransientAwsError(error)) rethrowTransient(error, 'Handing the decision to the workflow');
      throw error;
    }
  }
}

/** Timeouts well inside the web function's 10 s, so a hung call still leaves time to answer. */
export function createSfnClient(options: { singleAttempt?: boolean } = {}): SFNClient {
  return new SFNClient({
    ...(options.singleAttempt ? { maxAttempts: 1 } : {}),
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
}
