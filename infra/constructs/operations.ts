import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ALERT_MESSAGES } from '../../functions/contracts/alerts';
import { createAlarmTopic } from './alarm-topic';

export interface OperationsProps {
  readonly stateMachine: sfn.IStateMachine;
  /** Functions to watch, by a short display name (e.g. `web`, `notify`). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Subscribed to the alarm topic when given (the subscription must be confirmed from the mailbox). */
  readonly alarmEmail?: string;
  /** The web function's log group: its JSON log lines feed metrics that need an operator. */
  readonly webLogGroup?: logs.ILogGroup;
}

/**
 * Operations: an encrypted SNS topic for alarms, alarms on failed and timed-out executions and on
 * each function's errors, and a small dashboard.
 */
export class Operations extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly alarmAction: actions.SnsAction;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);

    this.alarmTopic = createAlarmTopic(this, {
      displayName: '고용서비스상 워크플로 경보',
      keyDescription: 'Encrypts the award-workflow alarm topic',
      alarmEmail: props.alarmEmail,
    });
    this.alarmAction = new actions.SnsAction(this.alarmTopic);

    const period = Duration.minutes(5);
    const executionsFailed = props.stateMachine.metricFailed({ period, statistic: 'Sum' });
    const executionsTimedOut = props.stateMachine.metricTimedOut({ period, statistic: 'Sum' });
    this.addAlarm(
      'ExecutionsFailedAlarm',
      executionsFailed,
      'A nomination workflow execution failed (NeedsAttention): see the Step Functions console.',
    );
    this.addAlarm(
      'ExecutionsTimedOutAlarm',
      executionsTimedOut,
      'A nomination workflow execution timed out.',
    );

    if (props.webLogGroup) {
      // A decision is on record but Step Functions' answer was lost: the task may still wait.
      const filter = new logs.MetricFilter(this, 'DecisionHandoverUncertainFilter', {
        logGroup: props.webLogGroup,
        filterPattern: logs.FilterPattern.stringValue(
          '$.message',
          '=',
          ALERT_MESSAGES.decisionHandoverUncertain,
        ),
        metricNamespace: 'AwardWorkflow',
        metricName: 'DecisionHandoverUncertain',
        metricValue: '1',
      });
      this.addAlarm(
        'DecisionHandoverUncertainAlarm',
        filter.metric({ period, statistic: 'Sum' }),
        'An approver decision is recorded but its hand-over to the workflow is unconfirmed: check the waiting execution.',
      );
    }

    const errorMetrics: cloudwatch.IMetric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      errorMetrics.push(fn.metricErrors({ period, statistic: 'Sum', label: name }));
      this.addAlarm(
        `${pascal(name)}ErrorsAlarm`,
        fn.metricErrors({ period, statistic: 'Sum' }),
        `The ${name} function reported errors.`,
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Workflow executions',
            width: 12,
            left: [
              props.stateMachine.metricStarted({ period, statistic: 'Sum', label: 'started' }),
              props.stateMachine.metricSucceeded({ period, statistic: 'Sum', label: 'succeeded' }),
              props.stateMachine.metricFailed({ period, statistic: 'Sum', label: 'failed' }),
              props.stateMachine.metricTimedOut({ period, statistic: 'Sum', label: 'timed out' }),
            ],
          }),
          new cloudwatch.GraphWidget({ title: 'Lambda errors', width: 12, left: errorMetrics }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: this.alarms })],
      ],
    });
  }

  private addAlarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.alarmAction);
    this.alarms.push(alarm);
  }
}

function pascal(name: string): string {
  return name.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_m, _sep, c: string) => c.toUpperCase());
}
