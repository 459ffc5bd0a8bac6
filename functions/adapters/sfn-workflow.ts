import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DecisionOutput, Workflow } from '../domain/ports';
import { rethrowTransient } from './aws-errors';

/** Errors meaning the task no longer waits for this token (finished, timed out, superseded). */
const STALE_TOKEN = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class StepFunctionsWorkflow implements Workflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(nominationId: string): Promise<void> {
    try {
      await this.sfn.send(
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

  async sendDecision(taskToken: string, output: DecisionOutput): Promise<boolean> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return true;
    } catch (error) {
      if (error instanceof Error && STALE_TOKEN.has(error.name)) return false;
      rethrowTransient(error, 'Handing the decision to the workflow');
    }
  }
}

export function createSfnClient(): SFNClient {
  return new SFNClient({});
}
