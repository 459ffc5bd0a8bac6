import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

/**
 * SES's reputation of the account in a region: the rates SES itself watches (it reviews an account
 * from 5 % bounces or 0.1 % complaints and may pause its sending). The alarms fire well before that,
 * at the levels AWS recommends acting on: 2 % bounces, 0.05 % complaints.
 */
export const SES_REPUTATION = {
  bounceRate: { metricName: 'Reputation.BounceRate', threshold: 0.02, label: 'bounce rate' },
  complaintRate: { metricName: 'Reputation.ComplaintRate', threshold: 0.0005, label: 'complaint rate' },
} as const;

type Rate = keyof typeof SES_REPUTATION;

/** The account-level rate (no dimensions) of this stack's region, as a fraction (0.02 = 2 %). */
export function sesReputationMetric(rate: Rate): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName: SES_REPUTATION[rate].metricName,
    // SES publishes a running rate, not counts: the highest value of the hour is the one to act on.
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.hours(1),
  });
}

/** One alarm per rate (>= its threshold), each calling `action`. */
export function addSesReputationAlarms(
  scope: Construct,
  action: cloudwatch.IAlarmAction,
): cloudwatch.Alarm[] {
  return (Object.keys(SES_REPUTATION) as Rate[]).map((rate) => {
    const { threshold, label } = SES_REPUTATION[rate];
    const alarm = new cloudwatch.Alarm(
      scope,
      rate === 'bounceRate' ? 'SesBounceRateAlarm' : 'SesComplaintRateAlarm',
      {
        metric: sesReputationMetric(rate),
        alarmDescription:
          `The SES ${label} of this account and region reached ${threshold * 100} %: look for mails to wrong ` +
          'or stale addresses before SES reviews the account and pauses its sending.',
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No mail sent, no rate: nothing to report.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    alarm.addAlarmAction(action);
    return alarm;
  });
}

/** Both rates on one graph, with the alarm thresholds drawn in. */
export function sesReputationWidget(): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title: 'SES bounce and complaint rates',
    width: 12,
    // Labels only here: a labelled metric turns an alarm into a metric-math alarm.
    left: [sesReputationMetric('bounceRate').with({ label: SES_REPUTATION.bounceRate.label })],
    right: [sesReputationMetric('complaintRate').with({ label: SES_REPUTATION.complaintRate.label })],
    leftAnnotations: [{ value: SES_REPUTATION.bounceRate.threshold, label: 'bounce alarm' }],
    rightAnnotations: [{ value: SES_REPUTATION.complaintRate.threshold, label: 'complaint alarm' }],
  });
}
