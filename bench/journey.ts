import { decideOnPage, draftLinkIn, local } from '../test/support/flow';
import { approvalLinkIn, type StoredMail } from '../test/support/outbox';
import { sampleNomination } from '../test/support/sample';
import type { OutboxWatch } from './outbox-watch';

/** What a journey needs of the local stack: its web address and one outbox reader. */
export interface JourneyContext {
  readonly web: string;
  readonly outbox: OutboxWatch;
}

export interface BenchNominee {
  readonly name: string;
  readonly email: string;
  readonly body: Record<string, unknown>;
}

/** Where draft confirmations of seoul nominations go (config/directory.json). */
const CENTER_MAILBOX = 'award.seoul@example.test';

/** The three approvals of a nomination, in order: the label in its mail's subject and who gets it. */
export const APPROVAL_STAGES = [
  { label: '센터 심사', approver: 'head.seoul@example.test' },
  { label: '본부 심사', approver: 'hq.reviewer@example.test' },
  { label: '장관 승인', approver: 'minister.office@example.test' },
] as const;
export type ApprovalStage = (typeof APPROVAL_STAGES)[number];

const runStamp = Date.now().toString(36);

/**
 * A nominee of this run. The name ends in 호 so no name is a prefix of another (벤치1호 is not in
 * 벤치11호): mails are matched by the name in their subject.
 */
export function benchNominee(prefix: string, mailTag: string, index: number): BenchNominee {
  const name = `${prefix}${index}호`;
  const email = `${mailTag}.${runStamp}.${index}@example.test`;
  return {
    name,
    email,
    body: sampleNomination({
      nominee: { name, affiliation: '서울고용복지플러스센터', position: '주무관', email, serviceYears: 5 },
    }),
  };
}

/** POST /nominations (a draft), then the confirmation link from the center's mail: the nomination id. */
export async function submitAndConfirm(context: JourneyContext, nominee: BenchNominee): Promise<string> {
  const draft = await fetch(`${context.web}/nominations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(nominee.body),
  });
  await draft.arrayBuffer();
  if (draft.status !== 202) throw new Error(`POST /nominations answered ${draft.status}`);
  const mail = await context.outbox.waitFor(CENTER_MAILBOX, (m) =>
    m.subject.includes(`추천서 확정 요청: ${nominee.name}`),
  );
  const confirmed = await fetch(local(draftLinkIn(mail), context.web), {
    method: 'POST',
    headers: { accept: 'application/json' },
  });
  const answer = (await confirmed.json()) as { id?: string };
  if (confirmed.status !== 201 || !answer.id) throw new Error(`confirmation answered ${confirmed.status}`);
  return answer.id;
}

/** The `count`-th approval request of `stage` for the nominee (a reminder repeats the subject). */
export function approvalMail(
  context: JourneyContext,
  stage: ApprovalStage,
  name: string,
  count = 1,
): Promise<StoredMail> {
  return context.outbox.waitFor(stage.approver, (m) => m.subject.includes(`${stage.label} 요청: ${name} (`), {
    count,
  });
}

/** Decides as the approver does in a browser: the link from the mail, the page, its form. */
export async function decideAt(
  context: JourneyContext,
  stage: ApprovalStage,
  name: string,
  decision: 'approve' | 'return',
  { count = 1, comment = '' } = {},
): Promise<void> {
  const link = local(approvalLinkIn(await approvalMail(context, stage, name, count)), context.web);
  const answer = await decideOnPage(link, decision, comment);
  if (answer.status !== 200) throw new Error(`${stage.label} ${decision} answered ${answer.status}`);
}

/** The awardee's congratulation mail: the last thing an awarded nomination's workflow does before it ends. */
export function awardeeMail(context: JourneyContext, nominee: BenchNominee): Promise<StoredMail> {
  return context.outbox.waitFor(nominee.email, (m) => m.subject.includes('축하'));
}

/** Submit, confirm, three approvals, the awardee's mail: the nomination id and the wall time. */
export async function journey(
  context: JourneyContext,
  nominee: BenchNominee,
): Promise<{ id: string; ms: number }> {
  const started = performance.now();
  const id = await submitAndConfirm(context, nominee);
  for (const stage of APPROVAL_STAGES) await decideAt(context, stage, nominee.name, 'approve');
  await awardeeMail(context, nominee);
  return { id, ms: performance.now() - started };
}
