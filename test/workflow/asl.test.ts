import { readFileSync } from 'node:fs';
import path from 'node:path';
import aslValidator from 'asl-validator';
import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import { SENDING_LEASE_MS } from '../../functions/adapters/dynamo-sent-mail';
import { DEFAULT_CORRECTION_DAYS } from '../../functions/domain/correction';
import { MailInFlight, TransientError } from '../../functions/domain/errors';
import { NOMINATION_TASKS, type NominationTask } from '../../workflows/nomination-tasks';
import {
  MAIL_IN_FLIGHT_RETRY,
  retryPolicy,
  TRANSIENT_RETRY,
  totalRetryWaitSeconds,
} from '../../workflows/retry-policy';

type State = {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  Choices?: {
    Next: string;
    StringEquals?: string;
    Variable?: string;
    IsPresent?: boolean;
    Not?: { Variable: string; IsPresent: boolean };
  }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Retry?: {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    JitterStrategy?: string;
  }[];
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
};

const aslText = readFileSync(path.join(__dirname, '../../workflows/nomination.asl.json'), 'utf8');
const asl = JSON.parse(aslText) as { StartAt: string; States: Record<string, State> };
const states = Object.entries(asl.States);

describe('workflows/nomination.asl.json', () => {
  it('is valid Amazon States Language', () => {
    const result = aslValidator(JSON.parse(aslText));
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('waits for a human at the three review stages and for a correction, each with a deadline', () => {
    const waits = states.filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
    expect(waits.map(([name]) => name)).toEqual([
      'CenterReview',
      'HQReview',
      'MinisterApproval',
      'RequestCorrection',
    ]);
    for (const [, state] of waits) {
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
      expect(state.Parameters?.Payload?.['taskToken.$']).toBe('$$.Task.Token');
    }
  });

  /** The task of a Task state, by the function placeholder it invokes. */
  const taskOf = (state: State): NominationTask | undefined =>
    (Object.keys(NOMINATION_TASKS) as NominationTask[]).find(
      (task) => state.Parameters?.FunctionName === `\${${NOMINATION_TASKS[task].placeholder}}`,
    );
  const taskStates = states.filter(([, state]) => state.Type === 'Task');

  it('gives every task a timeout and the one retry policy of its function (workflows/retry-policy.ts), and catches the rest', () => {
    expect(taskStates.length).toBeGreaterThan(5);
    for (const [name, state] of taskStates) {
      const task = taskOf(state);
      expect({ name, task }).toEqual({ name, task: expect.any(String) });
      expect({ name, timeout: state.TimeoutSeconds }).toEqual({ name, timeout: expect.any(Number) });
      expect({ name, retry: state.Retry }).toEqual({ name, retry: retryPolicy(task as NominationTask) });
      expect(state.Catch?.at(-1)?.ErrorEquals).toEqual(['States.ALL']);
    }
  });

  it('retries by the error classes the functions throw', () => {
    expect(TRANSIENT_RETRY.ErrorEquals).toContain(new TransientError('x').name);
    expect(MAIL_IN_FLIGHT_RETRY.ErrorEquals).toEqual([new MailInFlight('x').name]);
  });

  it('waits out a mail lease before giving up on a mail another attempt may be sending', () => {
    expect(totalRetryWaitSeconds(MAIL_IN_FLIGHT_RETRY) * 1000).toBeGreaterThan(SENDING_LEASE_MS);
    // Every task of a function that sends mail waits for its lease; the others cannot raise MailInFlight.
    for (const [name, state] of taskStates) {
      const sendsMail = NOMINATION_TASKS[taskOf(state) as NominationTask].sendsMail;
      const waitsForLease = state.Retry?.some((entry) => entry.ErrorEquals.includes('MailInFlight')) ?? false;
      expect({ name, waitsForLease }).toEqual({ name, waitsForLease: sendsMail });
    }
  });

  it('routes every decision, and a missing or unknown one to an operator', () => {
    const decisions = states.filter(([name, s]) => s.Type === 'Choice' && name.endsWith('Decision'));
    expect(decisions.map(([name]) => name)).toEqual(['CenterDecision', 'HQDecision', 'MinisterDecision']);
    for (const [name, state] of decisions) {
      const decisions = state.Choices?.filter((choice) => choice.StringEquals).map(
        (choice) => choice.StringEquals,
      );
      expect({ name, decisions }).toEqual({ name, decisions: ['approve', 'reject', 'return'] });
      // A Choice cannot Catch: a missing field must be routed before any comparison reads it.
      expect(state.Choices?.[0]).toEqual({
        Variable: '$.decision.decision',
        IsPresent: false,
        Next: 'UnknownDecision',
      });
      expect(state.Default).toBe('UnknownDecision');
      expect(state.Choices?.find((choice) => choice.StringEquals === 'reject')?.Next).toBe('NotifyRejection');
      // A return at any stage asks the nominating center for a correction (보완요청).
      expect(state.Choices?.find((choice) => choice.StringEquals === 'return')?.Next).toBe(
        'RequestCorrection',
      );
    }
  });

  it('sends a corrected nomination back to the stage that returned it, and ends it returned when out of rounds', () => {
    const task = asl.States.RequestCorrection;
    expect(task?.Parameters?.FunctionName).toBe(`\${${NOMINATION_TASKS.requestCorrection.placeholder}}`);
    expect(task?.Parameters?.Payload).toEqual({
      'nominationId.$': '$.nominationId',
      // The return the workflow acted on: the stage to go back to, and the reason for the center.
      'decision.$': '$.decision',
      'taskToken.$': '$$.Task.Token',
      'executionId.$': '$$.Execution.Id',
    });
    expect(task?.Next).toBe('CorrectionRoute');
    const route = asl.States.CorrectionRoute;
    expect(route?.Type).toBe('Choice');
    // Presence first: a Choice cannot Catch a missing field.
    expect(route?.Choices?.slice(0, 2)).toEqual([
      { Variable: '$.correction.exhausted', IsPresent: true, Next: 'NotifyReturned' },
      // `Not IsPresent` rather than `IsPresent: false`, which aws-local-stepfunctions 3.0.0 never matches.
      { Not: { Variable: '$.correction.returnTo', IsPresent: true }, Next: 'UnknownCorrection' },
    ]);
    const back = Object.fromEntries(
      (route?.Choices ?? []).filter((c) => c.StringEquals).map((c) => [c.StringEquals, c.Next]),
    );
    expect(back).toEqual({
      center_review: 'CenterReview',
      hq_review: 'HQReview',
      minister_approval: 'MinisterApproval',
    });
    // Each target is the review task of that very stage.
    for (const [stage, next] of Object.entries(back)) {
      expect(asl.States[String(next)]?.Parameters?.Payload?.stage).toBe(stage);
    }
    expect(route?.Default).toBe('UnknownCorrection');
    expect(asl.States.UnknownCorrection?.Next).toBe('MarkNeedsAttention');
    expect(asl.States.NotifyReturned?.Next).toBe('Returned');
  });

  it('waits for a correction as long as its edit link works, and ends a correction that never came as returned', () => {
    for (const cycle of [cycle2023, cycle2026]) {
      expect({ year: cycle.year, seconds: asl.States.RequestCorrection?.TimeoutSeconds }).toEqual({
        year: cycle.year,
        seconds: (cycle.correctionDays ?? DEFAULT_CORRECTION_DAYS) * 24 * 60 * 60,
      });
    }
    // The center not correcting is its choice, not an operator's problem: returned, with the reason mailed.
    expect(asl.States.RequestCorrection?.Catch?.[0]).toEqual({
      ErrorEquals: ['States.Timeout'],
      ResultPath: '$.correctionTimeout',
      Next: 'NotifyReturned',
    });
    expect(asl.States.RequestCorrection?.Catch?.at(-1)).toMatchObject({
      ErrorEquals: ['States.ALL'],
      Next: 'MarkNeedsAttention',
    });
  });

  it('waits at each review stage as long as its links can decide: the review days plus the escalation period', () => {
    const reviewStates = {
      CenterReview: 'center_review',
      HQReview: 'hq_review',
      MinisterApproval: 'minister_approval',
    } as const;
    for (const [stateName, stage] of Object.entries(reviewStates)) {
      // Every shipped cycle: a link that still decides must find its task still waiting, and the
      // task must not wait (for an operator) much beyond the last link's expiry.
      for (const cycle of [cycle2023, cycle2026]) {
        expect({ stateName, year: cycle.year, seconds: asl.States[stateName]?.TimeoutSeconds }).toEqual({
          stateName,
          year: cycle.year,
          seconds: (cycle.reviewDays[stage] + (cycle.escalationDays ?? 0)) * 24 * 60 * 60,
        });
      }
      expect(asl.States[stateName]?.Parameters?.Payload?.stage).toBe(stage);
    }
  });

  it("hands the workflow's own decision to the outcome mail", () => {
    for (const name of ['NotifyAwardee', 'NotifyRejection', 'NotifyReturned']) {
      expect(asl.States[name]?.Parameters?.Payload?.['decision.$']).toBe('$.decision');
    }
  });

  it('issues the certificate (표창장) after the minister approves and before the awardee mail', () => {
    expect(
      asl.States.MinisterDecision?.Choices?.find((choice) => choice.StringEquals === 'approve')?.Next,
    ).toBe('IssueCertificate');
    const task = asl.States.IssueCertificate;
    expect(task?.Parameters?.FunctionName).toBe(`\${${NOMINATION_TASKS.issueCertificate.placeholder}}`);
    // The minister's decision: its time is the certificate's date.
    expect(task?.Parameters?.Payload).toEqual({
      'nominationId.$': '$.nominationId',
      'decision.$': '$.decision',
    });
    expect(task?.Next).toBe('NotifyAwardee');
    expect(task?.Catch).toEqual(asl.States.NotifyAwardee?.Catch);
  });

  it('only references states that exist, and reaches every state', () => {
    const reachable = new Set<string>();
    const visit = (name: string) => {
      if (reachable.has(name)) return;
      const state = asl.States[name];
      expect({ name, exists: Boolean(state) }).toEqual({ name, exists: true });
      if (!state) return;
      reachable.add(name);
      const targets = [
        state.Next,
        state.Default,
        ...(state.Choices ?? []).map((c) => c.Next),
        ...(state.Catch ?? []).map((c) => c.Next),
      ];
      for (const target of targets) if (target) visit(target);
    };
    visit(asl.StartAt);
    expect([...reachable].sort()).toEqual(Object.keys(asl.States).sort());
  });

  it('ends a rejection as a success (a business outcome), and a failure as Fail', () => {
    expect(asl.States.NotifyRejection?.Next).toBe('Rejected');
    expect(asl.States.Rejected?.Type).toBe('Succeed');
    expect(asl.States.NeedsAttention?.Type).toBe('Fail');
  });

  it('names each function by a substitution placeholder, nothing deployment-specific', () => {
    const names = new Set(states.map(([, s]) => s.Parameters?.FunctionName).filter(Boolean));
    const placeholder = (name: string) => `\${${name}}`;
    // Exactly the placeholders the CDK app and the local runtime substitute.
    expect([...names].sort()).toEqual(
      Object.values(NOMINATION_TASKS)
        .map((task) => placeholder(task.placeholder))
        .sort(),
    );
    expect(names.size).toBe(6);
    expect(aslText).not.toMatch(/arn:aws:lambda/);
  });
});
