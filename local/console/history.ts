import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { maskedJson } from './mask';

/** One row of the event history, as the AWS console lists it. */
export interface HistoryRow {
  readonly id: number;
  readonly type: string;
  /** The state the event belongs to (task events carry none on AWS: the state entered before them). */
  readonly state?: string;
  readonly timestamp?: Date;
  /** Milliseconds since the execution started. */
  readonly elapsedMs?: number;
  /** The event's details (input, output, parameters, error and cause) as masked JSON. */
  readonly details?: string;
}

/** One visit of a state: when it was entered and left, what went in and came out (masked). */
export interface StateVisit {
  readonly state: string;
  readonly enteredAt?: Date;
  readonly exitedAt?: Date;
  readonly input?: string;
  readonly output?: string;
  readonly status: 'running' | 'waiting' | 'done' | 'failed';
}

export interface ExecutionStory {
  readonly rows: readonly HistoryRow[];
  readonly visits: readonly StateVisit[];
  /** States entered, in order (the path taken; repeated on loops). */
  readonly path: readonly string[];
  /** Transitions taken, as `from>to`. */
  readonly traversed: ReadonlySet<string>;
  /** The state entered and not left, while the execution runs. */
  readonly current?: string;
  /** `current` is a callback task whose request went out: it waits for a person. */
  readonly waiting: boolean;
  /** The last state entered, for an execution that ended in failure. */
  readonly lastState?: string;
}

const DATA_MEMBERS = new Set(['input', 'output', 'parameters', 'cause']);
const TASK_FAILURES =
  /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|ScheduleFailed|SubmitFailed)$/;

/** The `...EventDetails` member of an event with its JSON texts parsed, as masked, indented JSON. */
function detailsOf(event: HistoryEvent): string | undefined {
  const entry = Object.entries(event).find(([key, value]) => key.endsWith('EventDetails') && value);
  if (!entry) return undefined;
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry[1] as Record<string, unknown>)) {
    if (key === 'inputDetails' || key === 'outputDetails') continue;
    if (DATA_MEMBERS.has(key) && typeof value === 'string') {
      try {
        details[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON: shown as text
      }
    }
    details[key] = value;
  }
  if (Object.keys(details).length === 0) return undefined;
  return maskedJson(JSON.stringify(details));
}

function timeOf(event: HistoryEvent): Date | undefined {
  const value = event.timestamp as Date | string | number | undefined;
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(typeof value === 'number' ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads a GetExecutionHistory (oldest first) into what the execution page shows: the rows, each
 * state's visits with their input and output, the path taken and where the execution is now.
 */
export function readHistory(events: readonly HistoryEvent[]): ExecutionStory {
  const sorted = [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const started = sorted.map(timeOf).find((time) => time !== undefined);
  const rows: HistoryRow[] = [];
  const visits: {
    state: string;
    enteredAt?: Date;
    exitedAt?: Date;
    input?: string;
    output?: string;
    status: StateVisit['status'];
  }[] = [];
  const path: string[] = [];
  const traversed = new Set<string>();
  let open: (typeof visits)[number] | undefined;
  let lastEntered: string | undefined;

  for (const event of sorted) {
    const type = event.type ?? '?';
    const timestamp = timeOf(event);
    const entered = event.stateEnteredEventDetails;
    const exited = event.stateExitedEventDetails;
    if (type.endsWith('StateEntered') && entered?.name) {
      if (lastEntered) traversed.add(`${lastEntered}>${entered.name}`);
      lastEntered = entered.name;
      path.push(entered.name);
      open = {
        state: entered.name,
        ...(timestamp ? { enteredAt: timestamp } : {}),
        ...(entered.input !== undefined ? { input: maskedJson(entered.input) } : {}),
        status: 'running',
      };
      visits.push(open);
    } else if (open && type === 'TaskSubmitted') {
      open.status = 'waiting';
    } else if (open && (type === 'TaskSucceeded' || type === 'TaskStarted' || type === 'TaskScheduled')) {
      if (open.status === 'waiting' && type === 'TaskSucceeded') open.status = 'running';
    } else if (open && TASK_FAILURES.test(type)) {
      open.status = 'failed';
    }
    const state =
      (type.endsWith('StateEntered') && entered?.name) ||
      (type.endsWith('StateExited') && exited?.name) ||
      (!type.startsWith('Execution') && open ? open.state : undefined) ||
      undefined;
    const details = detailsOf(event);
    rows.push({
      id: event.id ?? rows.length + 1,
      type,
      ...(state ? { state } : {}),
      ...(timestamp ? { timestamp } : {}),
      ...(timestamp && started ? { elapsedMs: timestamp.getTime() - started.getTime() } : {}),
      ...(details ? { details } : {}),
    });
    if (type.endsWith('StateExited') && exited?.name && open?.state === exited.name) {
      if (timestamp) open.exitedAt = timestamp;
      if (exited.output !== undefined) open.output = maskedJson(exited.output);
      if (open.status !== 'failed') open.status = 'done';
      open = undefined;
    }
    if (type === 'ExecutionRedriven' || type === 'ExecutionStarted') open = undefined;
  }

  const executionEnded = sorted.some(
    (event) =>
      (event.type ?? '').startsWith('Execution') &&
      /(Succeeded|Failed|Aborted|TimedOut)$/.test(event.type ?? ''),
  );
  const last = visits.at(-1);
  const current = !executionEnded && last && !last.exitedAt ? last : undefined;
  if (executionEnded && last && !last.exitedAt && last.status !== 'failed') last.status = 'failed';
  return {
    rows,
    visits,
    path,
    traversed,
    ...(current ? { current: current.state } : {}),
    waiting: current?.status === 'waiting',
    ...(lastEntered ? { lastState: lastEntered } : {}),
  };
}
