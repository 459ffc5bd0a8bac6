import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/contracts/names';
import { TaskFunction, type TaskFunctionProps } from './task-function';

export interface ReminderSweepProps {
  readonly entry: string;
  readonly environment: Record<string, string>;
  readonly depsLockFilePath?: TaskFunctionProps['depsLockFilePath'];
  /** How often the sweep runs. @default Duration.minutes(15) */
  readonly every?: Duration;
}

/**
 * Reminders and escalation of open approvals: the `remind-approvals` function on a schedule. The
 * sweep is idempotent (each mail is sent once per key), so an overlapping or repeated run is harmless;
 * the rule retries a failed invocation twice and the next run picks up whatever was left.
 */
export class ReminderSweep extends Construct {
  readonly handler: TaskFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ReminderSweepProps) {
    super(scope, id);
    this.handler = new TaskFunction(this, 'Handler', {
      entry: props.entry,
      description: 'award-workflow sweep: reminders and escalation of open approval requests',
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS.sweep),
      environment: props.environment,
      ...(props.depsLockFilePath ? { depsLockFilePath: props.depsLockFilePath } : {}),
    });
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'award-workflow: reminder and escalation sweep of open approvals',
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.handler.function, { retryAttempts: 2 })],
    });
  }
}
