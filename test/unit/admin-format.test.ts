import { formatDuration } from '../../functions/views/time';
import { historyRows } from '../../local/admin/commands/history';
import {
  clean,
  describeAuditEvent,
  displayWidth,
  executionStatusText,
  formatDeadline,
  formatElapsed,
  formatKst,
  nomineeTypeText,
  renderFields,
  renderTable,
  stageText,
  toJson,
} from '../../local/admin/format';
import { createProgress, progressLine } from '../../local/admin/progress';

describe('admin CLI formatting', () => {
  it('shows times in KST (UTC+9), with milliseconds when asked', () => {
    expect(formatKst('2026-11-03T05:05:07.123Z')).toBe('2026-11-03 14:05:07 KST');
    expect(formatKst('2026-12-31T15:00:00Z')).toBe('2027-01-01 00:00:00 KST');
    expect(formatKst(new Date('2026-11-03T05:05:07.123Z'), { ms: true })).toBe('2026-11-03 14:05:07.123 KST');
    expect(formatKst(undefined)).toBe('-');
    expect(formatKst('not a time')).toBe('not a time');
  });

  it('shows durations, elapsed times and deadlines', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(4 * 60_000 + 12_000)).toBe('4분 12초');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000)).toBe('3일 4시간');
    expect(formatDuration(2 * 3_600_000)).toBe('2시간');
    expect(formatElapsed(0)).toBe('0ms');
    expect(formatElapsed(1234)).toBe('1.234s');
    expect(formatElapsed(125_000)).toBe('2분 5초');
    const now = new Date('2026-11-03T00:00:00Z');
    expect(formatDeadline('2026-11-17T00:00:00Z', now)).toBe('2026-11-17 09:00:00 KST (남은 시간 14일)');
    expect(formatDeadline('2026-11-01T22:00:00Z', now)).toBe(
      '2026-11-02 07:00:00 KST (기한 지남 1일 2시간 (overdue))',
    );
    expect(formatDeadline(undefined, now)).toBe('-');
  });

  it('pads table columns by display width: Hangul takes two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('센터 심사')).toBe(9);
    expect(displayWidth('ＡＢ')).toBe(4);
    const table = renderTable(
      [{ header: '단계' }, { header: 'n', align: 'right' }],
      [
        ['센터 심사', '1'],
        ['awarded', '12'],
      ],
    );
    expect(table.split('\n')).toEqual(['단계        n', '---------  --', '센터 심사   1', 'awarded    12']);
    expect(
      renderFields([
        ['단계 (stage)', 'x'],
        ['id', 'y'],
      ]),
    ).toBe('  단계 (stage)  x\n  id            y');
  });

  it('keeps data from escaping into the terminal', () => {
    expect(clean('a\u001b[2Jb')).toBe('a?[2Jb');
    expect(clean('line 1\nline 2\r\nline 3')).toBe('line 1 / line 2 / line 3');
    expect(clean('\u202eevil')).toBe('?evil');
    expect(renderTable([{ header: 'x' }], [['\u001b]0;title\u0007']])).not.toContain('\u001b');
  });

  it('names stages, nominee types, statuses and audit events in Korean with the English id', () => {
    expect(stageText('center_review')).toBe('센터 심사 (center_review)');
    expect(stageText('minister_approval')).toBe('장관 승인 (minister_approval)');
    expect(stageText('mystery')).toBe('mystery');
    expect(nomineeTypeText('organization')).toBe('기관 (organization)');
    // The words of the ops console too (local/ops-labels.ts), as the AWS console says them.
    expect(executionStatusText('ABORTED')).toBe('ABORTED (중단됨)');
    expect(executionStatusText('SUCCEEDED')).toBe('SUCCEEDED (성공)');
    expect(executionStatusText('constructor')).toBe('constructor');
    expect(stageText('constructor')).toBe('constructor');
    expect(stageText('toString')).toBe('toString');
    expect(describeAuditEvent({ type: 'submitted' })).toBe('접수 (submitted)');
    expect(describeAuditEvent({ type: 'stage_changed', from: 'center_review', to: 'hq_review' })).toBe(
      '센터 심사 → 본부 심사',
    );
    expect(
      describeAuditEvent({ type: 'decided', stage: 'hq_review', decision: 'return', comment: '증빙 보완' }),
    ).toBe('본부 심사: 보완 요청 (증빙 보완)');
    expect(describeAuditEvent({ type: 'decided', stage: 'hq_review', decision: 'constructor' })).toBe(
      '본부 심사: constructor',
    );
    expect(describeAuditEvent({ type: 'ops_action', action: 'resend_approval', outcome: 'succeeded' })).toBe(
      '운영 조치: 승인 메일 재발송 (resend_approval) 완료 (succeeded)',
    );
    expect(describeAuditEvent({ type: 'ops_action', action: 'toString', outcome: 'succeeded' })).toBe(
      '운영 조치: toString 완료 (succeeded)',
    );
    expect(describeAuditEvent({ type: 'ops_action', action: 'stop_execution', outcome: 'succeeded' })).toBe(
      '운영 조치: 실행 중지 (stop_execution) 완료 (succeeded)',
    );
    expect(
      describeAuditEvent({
        type: 'ops_action',
        action: 'redrive_execution',
        outcome: 'failed',
        error: 'ExecutionNotRedrivable',
        reason: '재시도',
      }),
    ).toBe('운영 조치: 재실행 (redrive_execution) 실패 (failed: ExecutionNotRedrivable) — 재시도');
    expect(describeAuditEvent({ type: 'something_new' })).toBe('something_new');
  });

  it('prints JSON as one document', () => {
    expect(JSON.parse(toJson({ a: [1] }))).toEqual({ a: [1] });
    expect(toJson({}).endsWith('\n')).toBe(true);
  });

  it('gives every history event its state, as the AWS console does', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 10, 3, 0, 0, 0, ms));
    const rows = historyRows([
      { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
      {
        id: 2,
        previousEventId: 1,
        type: 'TaskStateEntered',
        timestamp: at(5),
        stateEnteredEventDetails: { name: 'CenterReview' },
      },
      { id: 3, previousEventId: 2, type: 'TaskScheduled', timestamp: at(7) },
      { id: 4, previousEventId: 3, type: 'TaskSubmitted', timestamp: at(200) },
      { id: 5, previousEventId: 4, type: 'ExecutionAborted', timestamp: at(1500) },
    ]);
    expect(rows.map((row) => [row.id, row.type, row.state, row.elapsedMs])).toEqual([
      [1, 'ExecutionStarted', '', 0],
      [2, 'TaskStateEntered', 'CenterReview', 5],
      [3, 'TaskScheduled', 'CenterReview', 7],
      [4, 'TaskSubmitted', 'CenterReview', 200],
      [5, 'ExecutionAborted', '', 1500],
    ]);
    expect(rows[1]?.timestamp).toBe('2026-11-03T00:00:00.005Z');
  });
});

describe('admin CLI progress bar', () => {
  it('draws a bar with a known total, a running count without one', () => {
    expect(progressLine('읽는 중', 1200, 4800)).toBe(
      `읽는 중 [${'█'.repeat(6)}${'░'.repeat(18)}] 1,200/4,800 (25%)`,
    );
    expect(progressLine('읽는 중', 300)).toBe(`읽는 중 [${'█'.repeat(6)}${'░'.repeat(18)}] 300…`);
    expect(progressLine('읽는 중', 300, undefined, 2)).toBe(
      `읽는 중 [░░${'█'.repeat(6)}${'░'.repeat(16)}] 300…`,
    );
    // The block sweeps back from the far end.
    expect(progressLine('읽는 중', 300, undefined, 20)).toBe(
      `읽는 중 [${'░'.repeat(16)}${'█'.repeat(6)}░░] 300…`,
    );
  });

  it('writes to a terminal only, and clears its line when done', () => {
    const written: string[] = [];
    const silent = createProgress({ isTTY: false, write: (text) => written.push(text) }, 'x');
    silent.update(1, 2);
    silent.finish();
    expect(silent.active).toBe(false);
    expect(written).toEqual([]);

    let clock = 0;
    const progress = createProgress({ isTTY: true, write: (text) => written.push(text) }, 'x', () => clock);
    expect(progress.active).toBe(true);
    progress.update(1, 10);
    progress.update(2, 10); // within the redraw interval: skipped
    clock = 1000;
    progress.update(10, 10);
    progress.finish();
    expect(written).toHaveLength(3);
    expect(written[0]).toContain('1/10');
    expect(written[1]).toContain('10/10 (100%)');
    expect(written[2]).toBe('\r\u001b[2K');
  });
});

describe('audit events the CLI shares with the pages', () => {
  it('says reminders, escalations and delegations as participants read them, with the type', () => {
    expect(describeAuditEvent({ type: 'approval_reminded', stage: 'hq_review', number: 2 })).toBe(
      '본부 심사: 처리 기한 안내 메일 2차 발송 (approval_reminded)',
    );
    expect(describeAuditEvent({ type: 'approval_escalated', stage: 'hq_review', toName: '국장' })).toContain(
      '국장에게 대결 요청',
    );
    expect(
      describeAuditEvent({
        type: 'approval_delegated',
        stage: 'center_review',
        toName: '과장',
        toEmail: 'x@y',
      }),
    ).toBe('센터 심사: 과장에게 결정 위임 (approval_delegated)');
    expect(describeAuditEvent({ type: 'something_new' })).toBe('something_new');
  });
});
