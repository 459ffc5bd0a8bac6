import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SWITCH,
  type MetricDimension,
  type MetricKey,
  SERVICE_NAME,
} from '../contracts/observability';
import { ConfigurationError } from '../domain/errors';
import { logger } from './middleware';

/**
 * EMF lines are metrics only where CloudWatch Logs reads the function's output: infra switches them
 * on for every function. Where the switch is not set (tests, `npm start`, which runs every handler in
 * one process, the bench) they would only be noise on stdout: off, unlike Powertools' own default.
 * Checked at init.
 */
function metricsEnabled(): boolean {
  const raw = process.env[METRICS_SWITCH.variable];
  if (raw === undefined || raw === '' || raw === METRICS_SWITCH.off) return false;
  if (raw === METRICS_SWITCH.on) return true;
  throw new ConfigurationError(
    `${METRICS_SWITCH.variable} must be "${METRICS_SWITCH.on}" or "${METRICS_SWITCH.off}", not "${raw}"`,
  );
}

const enabled = metricsEnabled();

// Powertools' own warnings (a bad dimension value) go to the log, as JSON like every other line.
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });

/**
 * Counts one occurrence of a metric of functions/contracts/observability.ts, at once, as its own EMF
 * record: one record per metric keeps each metric's dimensions its own (metrics stored together share
 * their dimensions), and needs no flush at the end of the handler, so a handler that counted nothing
 * writes nothing. The record carries two dimension sets: `service` (the total) and `service` plus the
 * metric's dimensions (the breakdown). Metrics never fail the work they count: a problem is logged.
 */
export function countMetric<K extends MetricKey>(
  key: K,
  dimensions: Readonly<Record<MetricDimension<K>, string>>,
): void {
  if (!enabled) return;
  try {
    const single = metrics.singleMetric();
    if (Object.keys(dimensions).length > 0) {
      // An empty set stands for the default dimension alone (`service`): the total next to the breakdown.
      single.addDimensions({});
      single.addDimensions(dimensions);
    }
    single.addMetric(METRICS[key].name, MetricUnit.Count, 1);
  } catch (error) {
    logger.warn('metric not emitted', { metric: METRICS[key].name, error });
  }
}
