import { randomBytes } from 'node:crypto';
import { ServiceError } from './errors';
import type { JsonValue } from './json';

export type CallbackOutcome =
  | { kind: 'success'; output: JsonValue }
  | { kind: 'failure'; error: string; cause: string };

/** The waiting callback task behind a token. */
export interface TokenWaiter {
  executionArn: string;
  settle(outcome: CallbackOutcome): void;
}

const TOKEN_BYTES = 48;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{64}$/; // base64url of 48 bytes, no padding

/**
 * Task tokens of callback tasks. Each token settles its task at most once: `complete` takes the
 * waiter out of the map synchronously before settling it, so of concurrent SendTaskSuccess
 * calls exactly one wins and the others see TaskTimedOut (as AWS answers for a finished task).
 */
export class TaskTokenRegistry {
  private readonly waiting = new Map<string, TokenWaiter>();
  /** Tokens whose task finished in any way; kept to tell "used" (TaskTimedOut) from "never issued". */
  private readonly finished = new Set<string>();

  /** A fresh opaque token for a task that starts waiting now. */
  issue(waiter: TokenWaiter): string {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    this.waiting.set(token, waiter);
    return token;
  }

  /** Re-attaches a token saved earlier (resume after restart), so e-mailed links keep working. */
  restore(token: string, waiter: TokenWaiter): void {
    this.finished.delete(token);
    this.waiting.set(token, waiter);
  }

  /** Settles the task behind the token; throws the AWS error if the token is not waiting. */
  complete(token: string, outcome: CallbackOutcome): void {
    const waiter = this.claim(token);
    waiter.settle(outcome);
  }

  /** Checks the token is live (HeartbeatSeconds itself is not emulated). */
  heartbeat(token: string): void {
    this.lookup(token);
  }

  /** The task ended without a callback (timeout, lambda error, stop): the token is dead. */
  expire(token: string): void {
    if (this.waiting.delete(token)) this.finished.add(token);
  }

  isWaiting(token: string): boolean {
    return this.waiting.has(token);
  }

  private claim(token: string): TokenWaiter {
    const waiter = this.lookup(token);
    this.waiting.delete(token);
    this.finished.add(token);
    return waiter;
  }

  private lookup(token: string): TokenWaiter {
    const waiter = this.waiting.get(token);
    if (waiter) return waiter;
    if (this.finished.has(token)) {
      throw new ServiceError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    const reason = TOKEN_SHAPE.test(token) ? 'was never issued by this service' : 'is malformed';
    throw new ServiceError('InvalidToken', `Invalid Token: the task token ${reason}`);
  }
}
