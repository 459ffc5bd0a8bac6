import type { StoredMail } from '../test/support/outbox';
import { sleep } from './measure';

interface Waiter {
  readonly address: string;
  readonly matches: (mail: StoredMail) => boolean;
  readonly count: number;
  readonly deadline: number;
  readonly resolve: (mail: StoredMail) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One reader of the aws-ses-v2-local outbox for many waiting nominations. test/support's
 * waitForMail fetches the whole store per waiter per 100 ms: with 12 journeys in flight and
 * thousands of mails stored, polling would cost more than the system under test. Here one
 * GET /store?since= per round fetches only recent mails for every waiter at once, and each mail
 * is indexed by recipient so a waiter looks only at its own mailbox.
 */
export class OutboxWatch {
  private readonly byAddress = new Map<string, StoredMail[]>();
  private readonly seen = new Set<string>();
  private waiters: Waiter[] = [];
  private polling: Promise<void> | undefined;
  /** Store timestamps are whole seconds: ask from a second before the last round, dedupe by id. */
  private sinceSeconds = 0;

  constructor(
    private readonly sesUrl: string,
    private readonly intervalMs = 20,
  ) {}

  /** The `count`-th mail to `address` that `matches` (oldest first), once it is in the outbox. */
  waitFor(
    address: string,
    matches: (mail: StoredMail) => boolean,
    { count = 1, timeoutMs = 120_000 } = {},
  ): Promise<StoredMail> {
    const found = this.nth(address, matches, count);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      this.waiters.push({ address, matches, count, deadline: Date.now() + timeoutMs, resolve, reject });
      this.polling ??= this.pollWhileWaiting().finally(() => {
        this.polling = undefined;
      });
    });
  }

  /** Forgets every mail read so far (after the outbox itself was cleared). */
  forget(): void {
    this.byAddress.clear();
    this.seen.clear();
  }

  private nth(address: string, matches: (mail: StoredMail) => boolean, count: number) {
    return (this.byAddress.get(address) ?? []).filter(matches)[count - 1];
  }

  private async pollWhileWaiting(): Promise<void> {
    while (this.waiters.length > 0) {
      await this.readNewMail();
      this.settleWaiters();
      if (this.waiters.length > 0) await sleep(this.intervalMs);
    }
  }

  private async readNewMail(): Promise<void> {
    const roundStart = Math.floor(Date.now() / 1000) - 1;
    const response = await fetch(`${this.sesUrl}/store?since=${this.sinceSeconds}`);
    const { emails } = (await response.json()) as { emails: StoredMail[] };
    this.sinceSeconds = roundStart;
    for (const mail of emails) {
      if (this.seen.has(mail.messageId)) continue;
      this.seen.add(mail.messageId);
      for (const address of mail.destination.to) {
        const list = this.byAddress.get(address) ?? [];
        list.push(mail);
        this.byAddress.set(address, list);
      }
    }
  }

  private settleWaiters(): void {
    const now = Date.now();
    this.waiters = this.waiters.filter((waiter) => {
      const mail = this.nth(waiter.address, waiter.matches, waiter.count);
      if (mail) waiter.resolve(mail);
      else if (now > waiter.deadline)
        waiter.reject(new Error(`No mail #${waiter.count} to ${waiter.address} in time`));
      else return true;
      return false;
    });
  }
}
