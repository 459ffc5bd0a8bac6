import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { Command } from '../command';
import { count, formatElapsed, formatKst, renderTable } from '../format';
import { ID_ARGUMENT, missingExecution, nominationId } from './common';

export interface HistoryRow {
  readonly id: number;
  readonly previousEventId?: number;
  readonly type: string;
  /** The state the event belongs to, as in the AWS console ('' for execution-level events). */
  readonly state: string;
  readonly timestamp?: string;
  /** Milliseconds since the first event (the execution's start). */
  readonly elapsedMs?: number;
}

function ownStateName(event: HistoryEvent): string | undefined {
  return event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
}

/** Each event with its state: named on state entered/exited events, inherited along previousEventId by the rest. */
export function historyRows(events: readonly HistoryEvent[]): HistoryRow[] {
  const stateById = new Map<number, string>();
  const start = events[0]?.timestamp?.getTime();
  return events.map((event) => {
    const id = event.id ?? 0;
    const type = event.type ?? '?';
    const inherited = event.previousEventId !== undefined ? stateById.get(event.previousEventId) : undefined;
    const state = type.startsWith('Execution') ? '' : (ownStateName(event) ?? inherited ?? '');
    // A state's exit ends it: events after it belong to the next state.
    if (state && !type.endsWith('StateExited')) stateById.set(id, state);
    const time = event.timestamp?.getTime();
    return {
      id,
      ...(event.previousEventId !== undefined ? { previousEventId: event.previousEventId } : {}),
      type,
      state,
      ...(event.timestamp ? { timestamp: event.timestamp.toISOString() } : {}),
      ...(time !== undefined && start !== undefined ? { elapsedMs: time - start } : {}),
    };
  });
}

export const historyCommand: Command = {
  summary: '워크플로 실행 이력: GetExecutionHistory (the execution’s event history)',
  description:
    '이벤트 번호, 유형, 상태, 시각(KST), 시작부터 경과 시간 (id, type, state, time in KST, elapsed).',
  positionals: [ID_ARGUMENT],
  examples: ['history 2026-abcdefghijkmnpqrstuv'],

  async run(context) {
    const id = nominationId(context);
    const data = await context.data();
    const progress = context.progress('실행 이력 읽는 중 (reading history)');
    let events: HistoryEvent[] | undefined;
    try {
      events = await data.history(id, (loaded) => progress.update(loaded));
    } finally {
      progress.finish();
    }
    if (!events) return missingExecution(data, id);
    const rows = historyRows(events);
    const table = renderTable(
      [
        { header: 'ID', align: 'right' },
        { header: '유형 (type)' },
        { header: '상태 (state)' },
        { header: '시각 (KST)' },
        { header: '경과 (elapsed)', align: 'right' },
      ],
      rows.map((row) => [
        String(row.id),
        row.type,
        row.state,
        formatKst(row.timestamp, { ms: true }),
        row.elapsedMs === undefined ? '-' : formatElapsed(row.elapsedMs),
      ]),
    );
    return {
      text: `실행 ${data.executionArn(id)}\n\n${table}\n\n${count(rows.length)}개 이벤트 (events)\n`,
      data: { id, executionArn: data.executionArn(id), events: rows },
    };
  },
};
