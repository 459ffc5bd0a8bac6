import { GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { LocalStack } from '../local/stack';
import { local } from '../test/support/flow';
import {
  APPROVAL_STAGES,
  approvalMail,
  awardeeMail,
  benchNominee,
  decideAt,
  type JourneyContext,
  submitAndConfirm,
} from './journey';
import { sleep } from './measure';
import { executionArnOf, executionFinished } from './pipeline';

/** Step Functions Standard, ap-northeast-2: USD per 1,000 state transitions. */
export const USD_PER_1000_TRANSITIONS = 0.0271;
const [CENTER, HQ, MINISTER] = APPROVAL_STAGES;
const CENTER_MAILBOX = 'award.seoul@example.test';

/**
 * The states an execution entered, from GetExecutionHistory (every page). AWS bills a Standard
 * workflow per state transition, i.e. per state entered (Task, Choice, Pass, Succeed alike); the
 * start of the execution and the task's own events (scheduled, succeeded, ...) are not transitions.
 */
export async function statesEntered(sfn: SFNClient, executionArn: string): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }),
    );
    for (const event of page.events ?? []) {
      if (event.type?.endsWith('StateEntered')) names.push(event.stateEnteredEventDetails?.name ?? '?');
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

/**
 * Milliseconds the execution spent in each state, StateEntered to StateExited (summed over
 * visits): where a journey's time goes. Review states include the approver's (the bench's) time
 * to read the mail and decide.
 */
export async function stateMilliseconds(
  sfn: SFNClient,
  executionArn: string,
): Promise<Record<string, number>> {
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  const spent: Record<string, number> = {};
  let current: { name: string; at: number } | undefined;
  for (const event of events) {
    const at = event.timestamp?.getTime() ?? 0;
    if (event.type?.endsWith('StateEntered'))
      current = { name: event.stateEnteredEventDetails?.name ?? '?', at };
    if (event.type?.endsWith('StateExited') && current) {
      spent[current.name] = (spent[current.name] ?? 0) + (at - current.at);
      current = undefined;
    }
  }
  return spent;
}

/**
 * A nomination reminded while it waits at the center (the bench's cycle makes a reminder due
 * REMINDER_AFTER_SECONDS after a request opens; sweeps run only on demand), then approved through.
 * The reminder is the sweep's mail, outside the workflow: it should add no transition.
 */
export async function remindedJourney(
  stack: LocalStack,
  sfn: SFNClient,
  context: JourneyContext,
  reminderAfterSeconds: number,
): Promise<string[]> {
  const nominee = benchNominee('알림', 'remind', 0);
  const id = await submitAndConfirm(context, nominee);
  await approvalMail(context, CENTER, nominee.name);
  await sleep((reminderAfterSeconds + 0.5) * 1000);
  await stack.sweepReminders();
  await context.outbox.waitFor(
    CENTER.approver,
    (m) => m.subject.includes('[처리 기한 안내]') && m.subject.includes(nominee.name),
  );
  for (const stage of APPROVAL_STAGES) await decideAt(context, stage, nominee.name, 'approve');
  await awardeeMail(context, nominee);
  return finishedStates(stack, sfn, id);
}

/**
 * A nomination returned once by HQ (보완 요청), corrected by the center through the edit link (as
 * a JSON client, test/e2e/correction.test.ts's second case), approved by HQ again and awarded.
 */
export async function returnedOnceJourney(
  stack: LocalStack,
  sfn: SFNClient,
  context: JourneyContext,
): Promise<string[]> {
  const nominee = benchNominee('보완', 'return', 0);
  const id = await submitAndConfirm(context, nominee);
  await decideAt(context, CENTER, nominee.name, 'approve');
  await decideAt(context, HQ, nominee.name, 'return', { comment: '공적요지의 수치 근거를 적어 주세요' });
  const returned = await context.outbox.waitFor(
    CENTER_MAILBOX,
    (m) => m.subject.includes('보완 요청') && m.subject.includes(nominee.name),
  );
  await correct(editLinkIn(returned, context.web), { ...nominee.body, meritDetails: '보완한 세부공적' });
  await decideAt(context, HQ, nominee.name, 'approve', { count: 2 });
  await decideAt(context, MINISTER, nominee.name, 'approve');
  await awardeeMail(context, nominee);
  return finishedStates(stack, sfn, id);
}

function editLinkIn(mail: { subject: string; body: { text?: string } }, web: string): string {
  const match = /https?:\/\/[^\s"'<>]+\/corrections\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No edit link in mail '${mail.subject}'`);
  return local(match[0], web);
}

async function correct(link: string, corrected: Record<string, unknown>): Promise<void> {
  const answer = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(corrected),
  });
  const json = (await answer.json()) as { status?: string };
  if (answer.status !== 200 || json.status !== 'corrected')
    throw new Error(`the correction answered ${answer.status} ${JSON.stringify(json)}`);
}

async function finishedStates(stack: LocalStack, sfn: SFNClient, nominationId: string): Promise<string[]> {
  const executionArn = executionArnOf(stack, nominationId);
  const status = await executionFinished(sfn, executionArn);
  if (status !== 'SUCCEEDED') throw new Error(`${nominationId} ended ${status}`);
  return statesEntered(sfn, executionArn);
}

/** Transitions per nomination x 1,000 nominations x USD 0.0271 per 1,000 transitions. */
export function costPer1000Nominations(transitionsPerNomination: number): number {
  return (transitionsPerNomination * 1000 * USD_PER_1000_TRANSITIONS) / 1000;
}
