import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SESEvent, SESReceiptStatus } from 'aws-lambda';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { rawMailKey } from '../functions/contracts/intake';

/** What SES's receipt rule would stamp on a mail. Locally nothing can be looked up in DNS. */
export type Verdict = SESReceiptStatus['status'];

export interface SmtpIntakeOptions {
  readonly port: number;
  readonly host: string;
  /** The only recipient accepted (SES's receipt rule recipient); others get 550, like a non-relay. */
  readonly intakeAddress: string;
  /** Largest message accepted (SES: 40 MB). */
  readonly maxBytes?: number;
  /** What SES's S3 action does with the raw message: store it under its key. */
  readonly store: (key: string, raw: Buffer) => Promise<void>;
  /** The Lambda action: the inbound-email handler, invoked asynchronously like SES does. */
  readonly deliver: (event: SESEvent) => Promise<unknown>;
  /** SPF/DKIM/DMARC verdicts for a sender; mail accepted from this machine passes by default. */
  readonly verdictFor?: (sender: string) => Verdict;
  /**
   * Where accepted mails wait for their delivery, so that none is lost when the process dies
   * between the 250 and the handler's success (kill -9): one file per mail, written before the 250
   * and removed once `deliver` succeeded; on start every one left is delivered again (the handler
   * is idempotent by Message-ID). Omitted = in memory (a kill loses the deliveries under way).
   */
  readonly pendingDir?: string;
  readonly log?: (line: string) => void;
}

/** The deliveries not yet done, one file per SES message id (its event, as JSON). */
class PendingDeliveries {
  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  private file(messageId: string): string {
    return path.join(this.directory, `${messageId}.json`);
  }

  add(messageId: string, event: SESEvent): void {
    const temporary = `${this.file(messageId)}.tmp`;
    writeFileSync(temporary, JSON.stringify(event));
    renameSync(temporary, this.file(messageId));
  }

  done(messageId: string): void {
    rmSync(this.file(messageId), { force: true });
  }

  /** Every delivery left, oldest first. */
  list(): { messageId: string; event: SESEvent }[] {
    return readdirSync(this.directory)
      .filter((name) => /^[0-9a-f]+\.json$/.test(name))
      .flatMap((name) => {
        try {
          const event = JSON.parse(readFileSync(path.join(this.directory, name), 'utf8')) as SESEvent;
          return [{ messageId: name.slice(0, -'.json'.length), event }];
        } catch {
          return []; // unreadable: not ours, or cut off before its rename (never answered 250)
        }
      })
      .sort((a, b) =>
        (a.event.Records[0]?.ses.receipt.timestamp ?? '').localeCompare(
          b.event.Records[0]?.ses.receipt.timestamp ?? '',
        ),
      );
  }
}

/** SES message ids are 20+ lowercase alphanumerics: also the S3 object key under the prefix. */
function sesMessageId(): string {
  return randomBytes(20).toString('hex');
}

/** The header block, unfolded, as SES lists it in `mail.headers`. */
function headersOf(raw: Buffer): { name: string; value: string }[] {
  const text = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block
    .split(/\r?\n/)
    .map((line) => /^([^:\s]+):\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] ?? '', value: match[2] ?? '' }));
}

/** The event SES's Lambda action sends (eventSource aws:ses), for a message stored under `messageId`. */
function sesEvent(options: {
  messageId: string;
  raw: Buffer;
  envelopeFrom: string;
  recipients: string[];
  verdict: Verdict;
}): SESEvent {
  const headers = headersOf(options.raw);
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  const now = new Date().toISOString();
  const status: SESReceiptStatus = { status: options.verdict };
  const pass: SESReceiptStatus = { status: 'PASS' };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: now,
            source: options.envelopeFrom,
            messageId: options.messageId,
            destination: options.recipients,
            headersTruncated: false,
            headers,
            commonHeaders: {
              returnPath: options.envelopeFrom,
              from: header('from') ? [header('from') ?? ''] : [],
              date: header('date') ?? now,
              to: header('to') ? [header('to') ?? ''] : [],
              messageId: header('message-id') ?? '',
              subject: header('subject') ?? '',
            },
          },
          receipt: {
            timestamp: now,
            processingTimeMillis: 1,
            recipients: options.recipients,
            spamVerdict: pass,
            virusVerdict: pass,
            spfVerdict: status,
            dkimVerdict: status,
            dmarcVerdict: status,
            dmarcPolicy: 'none' as const,
            action: {
              type: 'Lambda' as const,
              functionArn: 'arn:aws:lambda:ap-northeast-2:000000000000:function:inbound-email',
              invocationType: 'Event' as const,
            },
          },
        },
      },
    ],
  };
}

/**
 * Lambda's asynchronous invocation: two retries, then the failure is only logged (the DLQ on AWS).
 * Answers whether the handler succeeded.
 */
async function invokeAsync(deliver: () => Promise<unknown>, log: (line: string) => void): Promise<boolean> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await deliver();
      return true;
    } catch (error) {
      log(`inbound-email attempt ${attempt} failed: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  log('inbound-email failed 3 times: the message stays in S3 (on AWS it goes to the DLQ)');
  return false;
}

/**
 * A local stand-in for SES receiving: an SMTP server that accepts mail for the intake address,
 * stores the raw message as SES's S3 action does, and invokes the inbound-email handler with the
 * event SES's Lambda action sends. Answers 250 once the message is stored, as SES does (and, with
 * `pendingDir`, once its delivery is noted: deliveries a kill cut off are made on the next start).
 */
export async function startSmtpIntake(
  options: SmtpIntakeOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  const inFlight = new Set<Promise<void>>();
  const pending = options.pendingDir ? new PendingDeliveries(options.pendingDir) : undefined;
  /** Invokes the handler in the background; the pending note goes once it succeeded. */
  const deliverInBackground = (messageId: string, event: SESEvent) => {
    const delivery = invokeAsync(() => options.deliver(event), log)
      .then((delivered) => {
        if (delivered) pending?.done(messageId);
        else if (pending) log(`mail ${messageId} stays pending: delivered again on the next start`);
      })
      .catch((error: Error) => log(`mail ${messageId}: ${error.message}`))
      .finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    banner: 'award-workflow local intake (SES receiving stand-in)',
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address.toLowerCase() === options.intakeAddress.toLowerCase()) return callback();
      const refused = new Error(`5.7.1 <${address.address}>: relay access denied`) as Error & {
        responseCode: number;
      };
      refused.responseCode = 550;
      return callback(refused);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const tooBig = new Error('5.3.4 message too big') as Error & { responseCode: number };
          tooBig.responseCode = 552;
          return callback(tooBig);
        }
        const raw = Buffer.concat(chunks);
        const messageId = sesMessageId();
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        options
          .store(rawMailKey(messageId), raw)
          .then(() => {
            const verdict = options.verdictFor?.(envelopeFrom) ?? 'PASS';
            const event = sesEvent({ messageId, raw, envelopeFrom, recipients, verdict });
            pending?.add(messageId, event);
            callback(null, `2.0.0 Ok: queued as ${messageId}`);
            deliverInBackground(messageId, event);
          })
          .catch((error: Error) => {
            log(`could not store an incoming mail: ${error.message}`);
            const failed = new Error('4.3.0 temporary failure, try again') as Error & {
              responseCode: number;
            };
            failed.responseCode = 451;
            callback(failed);
          });
      });
    },
  });
  server.on('error', (error) => log(`SMTP: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const left = pending?.list() ?? [];
  if (left.length > 0) log(`SMTP intake: delivering ${left.length} mail(s) accepted before a restart`);
  for (const { messageId, event } of left) deliverInBackground(messageId, event);
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
