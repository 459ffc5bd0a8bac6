import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoApprovalRepository,
  GUARD_CONDITIONS,
  transitionWrite,
} from '../../functions/adapters/dynamo-approvals';
import type { ApprovalAlias, ApprovalRequest } from '../../functions/domain/approval';
import {
  AFTER_HANDOVER,
  APPROVAL_GUARDS,
  APPROVAL_STATUSES,
  APPROVAL_TRANSITION_NAMES,
  type ApprovalTransitionName,
  TERMINAL_APPROVAL_STATUSES,
  transition,
  transitionEvent,
} from '../../functions/domain/approval-lifecycle';

describe('the approval request life-cycle table', () => {
  it('reaches every status from the request being opened', () => {
    const reached = new Set<string>();
    const creations = APPROVAL_TRANSITION_NAMES.filter((name) => transition(name).from.length === 0);
    expect(creations).toEqual(['open']);
    for (const name of creations) reached.add(transition(name).to);
    for (let grew = true; grew; ) {
      grew = false;
      for (const name of APPROVAL_TRANSITION_NAMES) {
        const { from, to } = transition(name);
        if (from.some((status) => reached.has(status)) && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...APPROVAL_STATUSES].sort());
  });

  it('leaves superseded and void requests alone, and nothing else', () => {
    expect([...TERMINAL_APPROVAL_STATUSES].sort()).toEqual(['superseded', 'void']);
    for (const name of APPROVAL_TRANSITION_NAMES)
      for (const status of transition(name).from) expect(TERMINAL_APPROVAL_STATUSES).not.toContain(status);
  });

  it('names only known statuses, guards and audit events', () => {
    for (const name of APPROVAL_TRANSITION_NAMES) {
      const { from, to, guards, audit, description } = transition(name);
      for (const status of [...from, to]) expect(APPROVAL_STATUSES).toContain(status);
      for (const guard of guards) expect(Object.keys(APPROVAL_GUARDS)).toContain(guard);
      expect(description.length).toBeGreaterThan(0);
      if (audit?.type === 'decision_voided') expect(audit.reason).toBeDefined();
    }
  });

  it('undoes a claim only from decided, after a stale or failed hand-over', () => {
    expect(AFTER_HANDOVER).toEqual({
      taken: undefined,
      uncertain: undefined,
      stale: 'void',
      failed: 'withdraw',
    });
    for (const name of [AFTER_HANDOVER.stale, AFTER_HANDOVER.failed]) {
      expect(transition(name).from).toEqual(['decided']);
      expect(transition(name).guards).toContain('sameClaim');
    }
  });

  it('writes the conditions it says (a readable copy of what the adapter sends)', () => {
    expect(transitionWrite('open').condition).toBe('attribute_not_exists(pk)');
    expect(transitionWrite('supersede').condition).toBe('#status = :from0');
    expect(transitionWrite('claim').condition).toBe(
      '#status = :from0 AND expiresAt > :at AND attribute_not_exists(delegatedTo)',
    );
    expect(transitionWrite('claim', { via: true }).condition).toBe('#status = :from0 AND expiresAt > :at');
    expect(transitionWrite('escalate').condition).toBe(
      '#status = :from0 AND expiresAt > :at AND attribute_not_exists(escalatedTo)',
    );
    expect(transitionWrite('withdraw').condition).toBe('#status = :from0 AND claimId = :claimId');
    expect(transitionWrite('void').values).toEqual({ ':from0': 'decided', ':to': 'void' });
    expect(transitionWrite('escalate').setStatus).toBeUndefined();
  });
});

// ---- every adapter write, held to the table ----

interface Sent {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

const request: ApprovalRequest = {
  idHash: 'a'.repeat(64),
  nominationId: 'nom-1',
  stage: 'hq_review',
  approver: { name: '본부 심사자', email: 'hq@example.test' },
  taskToken: 'tok-1',
  linkNonce: 'n'.repeat(43),
  createdAt: '2026-05-01T00:00:00.000Z',
  dueAt: '2026-05-10T00:00:00.000Z',
  expiresAt: '2026-05-12T00:00:00.000Z',
  status: 'open',
};
const previous: ApprovalRequest = { ...request, idHash: 'b'.repeat(64) };
const alias = (kind: ApprovalAlias['kind']): ApprovalAlias => ({
  idHash: 'c'.repeat(64),
  aliasOf: request.idHash,
  kind,
  nominationId: request.nominationId,
  stage: request.stage,
  approver: { name: '대리인', email: 'delegate@example.test' },
  linkNonce: 'm'.repeat(43),
  createdAt: '2026-05-02T00:00:00.000Z',
});
const at = '2026-05-03T00:00:00.000Z';
const base = { at, actor: 'hq@example.test', stage: 'hq_review' as const };

/** An adapter over a table that answers every write and finds a previous open request for the stage. */
function recording() {
  const sent: Sent[] = [];
  const db = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      if (command.constructor.name !== 'GetCommand') return {};
      const key = command.input.Key as { pk: string; sk: string };
      if (key.sk.startsWith('OPEN_APPROVAL#')) return { Item: { ...key, idHash: previous.idHash } };
      if (key.pk === `APPROVAL#${previous.idHash}`) return { Item: { ...key, ...previous } };
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { sent, approvals: new DynamoApprovalRepository(db, 'table') };
}

type Write = { Key?: { pk: string }; Item?: Record<string, unknown> } & Record<string, unknown>;

/** The writes of the last transaction: each item's Update or Put. */
function lastTransaction(sent: readonly Sent[]): Write[] {
  const last = sent.filter((one) => one.command === 'TransactWriteCommand').at(-1);
  const items = (last?.input.TransactItems ?? []) as Record<string, Write>[];
  return items.map((item) => (item.Update ?? item.Put) as Write);
}

function requestWrite(writes: readonly Write[], idHash: string): Write {
  const pk = `APPROVAL#${idHash}`;
  const found = writes.find((write) => (write.Key?.pk ?? write.Item?.pk) === pk);
  if (!found) throw new Error(`no write of ${pk}`);
  return found;
}

/** What the write's condition and status change say, checked against the transition's row. */
function expectWriteOf(name: ApprovalTransitionName, write: Write, via = false) {
  const row = transition(name);
  const condition = String(write.ConditionExpression);
  // Derived from the table, never written by hand:
  expect(condition).toBe(transitionWrite(name, { via }).condition);
  const values = (write.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const names = (write.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const parts = condition.split(' AND ');
  if (row.from.length > 0) {
    const statusPart = parts.shift() ?? '';
    const match = /^#status (?:= (:\w+)|IN \(([^)]*)\))$/.exec(statusPart);
    expect(match).not.toBeNull();
    const placeholders = match?.[1] ? [match[1]] : (match?.[2] ?? '').split(', ');
    expect(names['#status']).toBe('status');
    expect(placeholders.map((placeholder) => values[placeholder]).sort()).toEqual([...row.from].sort());
  }
  const guards = row.guards
    .map((guard) => GUARD_CONDITIONS[guard]({ via }))
    .filter((part): part is string => part !== undefined);
  expect(parts).toEqual(guards);
  // The status it leaves the request in.
  if (write.Item) expect(write.Item.status).toBe(row.to);
  else {
    const set = /#status = (:\w+)/.exec(String(write.UpdateExpression));
    if (set?.[1]) expect(values[set[1]]).toBe(row.to);
    else expect(row.from).toEqual([row.to]);
  }
}

/** The audit event item written with the transition: the type (and reason) the table names. */
function expectAuditOf(name: ApprovalTransitionName, writes: readonly Write[]) {
  const audit = transition(name).audit;
  const events = writes.filter((write) => String(write.Item?.sk ?? '').startsWith('EVENT#'));
  if (!audit) return expect(events).toHaveLength(0);
  expect(events).toHaveLength(1);
  expect(events[0]?.Item?.type).toBe(audit.type);
  if (audit.reason) expect(events[0]?.Item?.reason).toBe(audit.reason);
}

describe('the DynamoDB adapter writes each transition as the table says', () => {
  it('open and supersede', async () => {
    const { sent, approvals } = recording();
    await approvals.open(request);
    const writes = lastTransaction(sent);
    expectWriteOf('open', requestWrite(writes, request.idHash));
    expectWriteOf('supersede', requestWrite(writes, previous.idHash));
    expectAuditOf('open', writes);
  });

  it.each(['escalate', 'delegate'] as const)('%s', async (name) => {
    const { sent, approvals } = recording();
    const added =
      name === 'escalate'
        ? await approvals.escalate(
            request,
            alias('escalation'),
            { ...base, actor: 'workflow', type: 'approval_escalated', toName: '상급자' },
            at,
          )
        : await approvals.delegate(
            request,
            alias('delegate'),
            { ...base, type: 'approval_delegated', toEmail: 'delegate@example.test', toName: '대리인' },
            at,
          );
    expect(added).toBe('added');
    const writes = lastTransaction(sent);
    expectWriteOf(name, requestWrite(writes, request.idHash));
    expectAuditOf(name, writes);
  });

  it.each([false, true])('claim (through another link: %s)', async (via) => {
    const { sent, approvals } = recording();
    const reached = via
      ? { ...request, via: { kind: 'escalation' as const, idHash: 'c'.repeat(64) } }
      : request;
    await approvals.claim(reached, 'approve', undefined, { ...base, type: 'decided', decision: 'approve' });
    const writes = lastTransaction(sent);
    expectWriteOf('claim', requestWrite(writes, request.idHash), via);
    expectAuditOf('claim', writes);
  });

  it.each(['withdraw', 'void'] as const)('%s', async (name) => {
    const { sent, approvals } = recording();
    const event = transitionEvent(name, { ...base, decision: 'approve' });
    if (name === 'withdraw') await approvals.withdraw(request, 'EVENT#x', transitionEvent('withdraw', event));
    else await approvals.void(request, 'EVENT#x', transitionEvent('void', event));
    const writes = lastTransaction(sent);
    expectWriteOf(name, requestWrite(writes, request.idHash));
    expectAuditOf(name, writes);
  });

  it('covers every transition of the table', () => {
    const tested = ['open', 'supersede', 'escalate', 'delegate', 'claim', 'withdraw', 'void'];
    expect([...APPROVAL_TRANSITION_NAMES].sort()).toEqual(tested.sort());
  });

  it('refuses an audit event the table does not name for the transition', async () => {
    const { approvals } = recording();
    const wrong = { ...transitionEvent('void', { ...base, decision: 'approve' }) };
    await expect(
      approvals.withdraw(request, 'EVENT#x', wrong as unknown as Parameters<typeof approvals.withdraw>[2]),
    ).rejects.toThrow(/withdraw transition/);
  });
});
