import { createServer, type Server, type Socket } from 'node:net';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import { createSfnClient } from '../../functions/adapters/sfn-workflow';
import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/contracts/names';
import {
  ANSWER_RESERVE_MS,
  APP_RETRIES,
  callWorstMs,
  DECISION_TIME_NEEDED_MS,
  DECISION_WORST_MS,
  functionTimeoutMs,
  SDK_BUDGET,
} from '../../functions/contracts/retry-budget';
import type { ApprovalRequest } from '../../functions/domain/approval';
import { TransientError } from '../../functions/domain/errors';
import type { Nomination } from '../../functions/domain/nomination';

import { type ApprovalDeps, decideApproval } from '../../functions/use-cases/decide-approval';

const FUNCTIONS = Object.keys(FUNCTION_TIMEOUT_SECONDS) as (keyof typeof FUNCTION_TIMEOUT_SECONDS)[];
/** The functions that decide approvals (a link's POST, a batch review): the claim must never be stranded. */
const DECIDING = ['review'] as const;

describe('the retry budget, at its worst (every attempt timing out)', () => {
  it.each(FUNCTIONS)('one call of any client ends, with time to answer, inside %s', (fn) => {
    for (const budget of Object.values(SDK_BUDGET))
      expect(callWorstMs(budget) + ANSWER_RESERVE_MS).toBeLessThanOrEqual(functionTimeoutMs(fn));
  });

  it.each(DECIDING)('a decision (claim, hand-over, a withdrawal, the answer) fits %s', (fn) => {
    expect(DECISION_TIME_NEEDED_MS).toBeLessThanOrEqual(functionTimeoutMs(fn));
    // ...with room for a slow read before the claim (slower reads: the check refuses the claim, below).
    expect(DECISION_TIME_NEEDED_MS + callWorstMs(SDK_BUDGET.dynamodb)).toBeLessThanOrEqual(
      functionTimeoutMs(fn),
    );
  });

  it('would not fit without the time checks: the retries alone outlast a page', () => {
    // What issue 9 found: the withdrawal's retries x the SDK's attempts x its timeouts.
    const unchecked =
      DECISION_WORST_MS.claim +
      DECISION_WORST_MS.handover +
      APP_RETRIES.withdraw.tries * DECISION_WORST_MS.withdraw;
    expect(unchecked + ANSWER_RESERVE_MS).toBeGreaterThan(DECISION_TIME_NEEDED_MS);
  });
});

// ---- the decision path, run against a clock where every call takes its worst case ----

const approvalId = randomIds.linkId();
const request: ApprovalRequest = {
  idHash: 'a'.repeat(64),
  nominationId: 'nom-1',
  stage: 'hq_review',
  approver: { name: '본부 심사자', email: 'hq@example.test' },
  taskToken: 'tok-1',
  createdAt: '2026-05-01T00:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
  status: 'open',
};

/** Deps whose calls move a fake clock: the claim succeeds slowly, the hand-over and every withdrawal time out. */
function worstCase(timeoutMs: number, readsMs: number) {
  let elapsed = 0;
  const spend = (ms: number) => {
    elapsed += ms;
    if (elapsed > timeoutMs) throw new Error(`cut off by the function timeout at ${elapsed} ms`);
  };
  const calls = { claim: 0, withdraw: 0, handover: 0 };
  const timedOut = () => new TransientError('timed out');
  const deps: ApprovalDeps = {
    nominations: {
      get: async () => {
        spend(readsMs);
        return { id: 'nom-1', cycle: '2026' } as Nomination;
      },
    } as unknown as ApprovalDeps['nominations'],
    approvals: {
      findByHash: async () => request,
      claim: async () => {
        calls.claim += 1;
        spend(DECISION_WORST_MS.claim);
        return 'EVENT#claim';
      },
      withdraw: async () => {
        calls.withdraw += 1;
        spend(DECISION_WORST_MS.withdraw);
        throw timedOut();
      },
      void: async () => {
        throw new Error('not expected');
      },
    } as unknown as ApprovalDeps['approvals'],
    workflow: {
      sendDecision: async () => {
        calls.handover += 1;
        spend(DECISION_WORST_MS.handover);
        throw timedOut();
      },
    },
    clock: { now: () => new Date(Date.parse('2026-05-03T00:00:00.000Z') + elapsed) },
    cycles: [],
    remainingMs: () => timeoutMs - elapsed,
    sleep: async (ms) => spend(ms),
  };
  return { deps, calls, elapsed: () => elapsed };
}

describe('a decision whose hand-over and withdrawals all time out', () => {
  it.each(DECIDING)('ends inside %s, with time to answer, however late it starts', async (fn) => {
    const timeoutMs = functionTimeoutMs(fn);
    // From no time spent to the latest start the check allows.
    for (let readsMs = 0; readsMs <= timeoutMs - DECISION_TIME_NEEDED_MS; readsMs += 250) {
      const run = worstCase(timeoutMs, readsMs);
      await expect(
        decideApproval({ approvalId, decision: 'approve', comment: '' }, run.deps),
      ).rejects.toBeInstanceOf(TransientError);
      expect(run.calls.claim).toBe(1);
      expect(run.calls.withdraw).toBeGreaterThanOrEqual(1);
      expect(run.calls.withdraw).toBeLessThanOrEqual(APP_RETRIES.withdraw.tries);
      expect(run.elapsed()).toBeLessThanOrEqual(timeoutMs - ANSWER_RESERVE_MS);
    }
  });

  it.each(DECIDING)('makes no claim in %s when too little time is left for it', async (fn) => {
    const timeoutMs = functionTimeoutMs(fn);
    const run = worstCase(timeoutMs, timeoutMs - DECISION_TIME_NEEDED_MS + 1);
    await expect(
      decideApproval({ approvalId, decision: 'approve', comment: '' }, run.deps),
    ).rejects.toBeInstanceOf(TransientError);
    expect(run.calls).toEqual({ claim: 0, withdraw: 0, handover: 0 });
  });
});

// ---- the SDK clients as configured, against an endpoint that never answers ----

describe('the SDK clients give up in time', () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  async function timed(call: () => Promise<unknown>): Promise<number> {
    const started = Date.now();
    await expect(call()).rejects.toThrow();
    return Date.now() - started;
  }

  it('DynamoDB: every attempt times out, within the budget of one call', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    try {
      const db = createDocumentClient();
      const took = await timed(() => db.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } })));
      expect(took).toBeGreaterThanOrEqual(SDK_BUDGET.dynamodb.requestTimeoutMs - 50);
      expect(took).toBeLessThanOrEqual(callWorstMs(SDK_BUDGET.dynamodb));
      db.destroy();
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    }
  }, 20_000);

  it('Step Functions: the single-attempt hand-over times out once, within its budget', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_SFN;
    process.env.AWS_ENDPOINT_URL_SFN = endpoint;
    try {
      const sfn = createSfnClient({ singleAttempt: true });
      const took = await timed(() => sfn.send(new SendTaskSuccessCommand({ taskToken: 't', output: '{}' })));
      expect(took).toBeGreaterThanOrEqual(SDK_BUDGET.sfnSingleAttempt.requestTimeoutMs - 50);
      expect(took).toBeLessThanOrEqual(callWorstMs(SDK_BUDGET.sfnSingleAttempt));
      sfn.destroy();
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SFN;
      else process.env.AWS_ENDPOINT_URL_SFN = previous;
    }
  }, 20_000);
});
