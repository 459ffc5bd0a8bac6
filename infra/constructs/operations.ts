import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ALERT_MESSAGES, ALERT_METRICS } from '../../functions/contracts/alerts';
import {
  LOG_MESSAGE_FIELD,
  METRICS,
  METRICS_NAMESPACE,
  type MetricKey,
  SERVICE_DIMENSION,
  SERVICE_NAME,
} from '../../functions/contracts/observability';
import { addCountAlarm, createAlarmTopic } from './alarm-topic';
import { addSesReputationAlarms, sesReputationWidget } from './mail-reputation';

export interface OperationsProps {
  readonly stateMachine: sfn.IStateMachine;
  /** Functions to watch, by a short display name (e.g. `web`, `notify`). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Subscribed to the alarm topic when given (the subscription must be confirmed from the mailbox). */
  readonly alarmEmail?: string;
  /**
   * Log groups of the functions that hand decisions or corrections to waiting tasks (by the display
   * name of `functions`): their JSON log lines feed the metric of a hand-over that needs an operator.
   */
  readonly handoverLogGroups?: Readonly<Record<string, logs.ILogGroup>>;
  /** Where SES events the mail-events function failed on end up (alarmed when not empty). */
  readonly mailEventsDeadLetterQueue?: sqs.IQueue;
}

const PERIOD = Duration.minutes(5);

/**
 * The total of a custom metric of functions/contracts/observability.ts: the record with the `service`
 * dimension alone, which every function emits next to the breakdown.
 */
export function customMetricTotal(key: MetricKey, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: METRICS[key].name,
    dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME },
    statistic: cloudwatch.Stats.SUM,
    period: PERIOD,
    ...(label ? { label } : {}),
  });
}

/**
 * A custom metric broken down by its own dimensions, one line per value found (a SEARCH: infra needs
 * no list of stages or decisions, and a stage added later shows up by itself).
 */
export function customMetricBreakdown(key: MetricKey): cloudwatch.MathExpression {
  const { name, dimensions } = METRICS[key];
  const schema = [METRICS_NAMESPACE, SERVICE_DIMENSION, ...dimensions].join(',');
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${name}"', 'Sum', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    period: PERIOD,
    // One line per dimension value, named by it (a CloudWatch dynamic label).
    label: dimensions.map((dimension) => `\${PROP('Dim.${dimension}')}`).join(' '),
  });
}

/**
 * Operations: an encrypted SNS topic for alarms; alarms on failed and timed-out executions, waits past
 * their deadline, an unconfirmed decision hand-over, each function's errors and SES's bounce and
 * complaint rates; a dashboard of the workflow, what waits at each stage, the functions and the mail.
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

    const executions = (metric: 'Started' | 'Succeeded' | 'Failed' | 'TimedOut', label?: string) =>
      props.stateMachine.metric(`Executions${metric}`, {
        period: PERIOD,
        statistic: cloudwatch.Stats.SUM,
        ...(label ? { label } : {}),
      });
    this.addCountAlarm(
      'ExecutionsFailedAlarm',
      executions('Failed'),
      'A nomination workflow execution failed (NeedsAttention): see the Step Functions console.',
    );
    this.addCountAlarm(
      'ExecutionsTimedOutAlarm',
      executions('TimedOut'),
      'A nomination workflow execution timed out.',
    );
    this.addCountAlarm(
      'WaitsPastDeadlineAlarm',
      customMetricTotal('waitsPastDeadline'),
      'A review waited past its deadline: the nomination is marked for an operator (Step Functions console, ' +
        'execution named by the nomination id).',
    );

    const handoverLogGroups = Object.entries(props.handoverLogGroups ?? {});
    if (handoverLogGroups.length > 0) {
      // A decision is on record but Step Functions' answer was lost: the task may still wait. One filter
      // per log group (the web function's keeps the id it had alone), all into the one metric.
      for (const [name, logGroup] of handoverLogGroups) {
        new logs.MetricFilter(
          this,
          name === 'web'
            ? 'DecisionHandoverUncertainFilter'
            : `${pascal(name)}DecisionHandoverUncertainFilter`,
          {
            logGroup,
            filterPattern: logs.FilterPattern.stringValue(
              `$.${LOG_MESSAGE_FIELD}`,
              '=',
              ALERT_MESSAGES.decisionHandoverUncertain,
            ),
            metricNamespace: METRICS_NAMESPACE,
            metricName: ALERT_METRICS.decisionHandoverUncertain,
            metricValue: '1',
          },
        );
      }
      this.addCountAlarm(
        'DecisionHandoverUncertainAlarm',
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: ALERT_METRICS.decisionHandoverUncertain,
          period: PERIOD,
          statistic: cloudwatch.Stats.SUM,
        }),
        'An approver decision or a correction is recorded but its hand-over to the workflow is unconfirmed: ' +
          'check the waiting execution.',
      );
    }

    const functions = Object.entries(props.functions);
    for (const [name, fn] of functions) {
      this.addCountAlarm(
        `${pascal(name)}ErrorsAlarm`,
        fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        `The ${name} function reported errors.`,
      );
    }
    this.alarms.push(...addSesReputationAlarms(this, this.alarmAction));
    this.addCountAlarm(
      'ApproverMailBouncedAlarm',
      customMetricTotal('approverMailBounced'),
      "An approver's address bounced while the stage waits for them: the nomination is marked (담당자 확인 " +
        '필요). Correct the address in the directory, then resend the approval link.',
    );
    this.addCountAlarm(
      'MailComplaintsAlarm',
      customMetricTotal('mailComplaints'),
      'A recipient marked a mail as spam: no more mail goes to that address until an operator clears it ' +
        '(admin CLI: suppressions, unsuppress <address>).',
    );
    if (props.mailEventsDeadLetterQueue) {
      this.addCountAlarm(
        'MailEventsDeadLettersAlarm',
        props.mailEventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        'SES mail events could not be recorded after retries: they are in the mail-events dead-letter queue.',
      );
    }

    const graph = (title: string, left: cloudwatch.IMetric[], width = 12) =>
      new cloudwatch.GraphWidget({ title, width, left });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          graph('Workflow executions', [
            executions('Started', 'started'),
            executions('Succeeded', 'succeeded'),
            executions('Failed', 'failed'),
            executions('TimedOut', 'timed out'),
          ]),
          graph('Nominations submitted, by channel', [customMetricBreakdown('nominationsSubmitted')]),
        ],
        [
          graph('Approval requests, by stage', [customMetricBreakdown('approvalsRequested')], 8),
          graph('Decisions, by stage and decision', [customMetricBreakdown('decisions')], 8),
          graph('Waits past their deadline, by stage', [customMetricBreakdown('waitsPastDeadline')], 8),
        ],
        [
          graph(
            'Lambda errors',
            functions.map(([name, fn]) =>
              fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM, label: name }),
            ),
          ),
          graph(
            'Lambda duration (p95)',
            functions.map(([name, fn]) =>
              fn.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.p(95), label: name }),
            ),
          ),
        ],
        [
          graph('Mails', [
            customMetricTotal('mailsSent', 'sent'),
            customMetricTotal('mailsFailed', 'failed'),
            customMetricTotal('mailsSuppressed', 'suppressed'),
            customMetricTotal('mailComplaints', 'complaints'),
            customMetricTotal('approverMailBounced', 'approver bounced'),
          ]),
          sesReputationWidget(),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: this.alarms })],
      ],
    });
  }

  /** An alarm on a count: one or more in five minutes. */
  private addCountAlarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    this.alarms.push(addCountAlarm(this, id, metric, description, this.alarmAction));
  }
}

function pascal(name: string): string {
  return name.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_m, _sep, c: string) => c.toUpperCase());
}
