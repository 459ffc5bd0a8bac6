import { randomBytes } from 'node:crypto';
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
  readonly log?: (line: string) => void;
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
export function sesEvent(options: {
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

/** Lambda's asynchronous invocation: two retries, then the failure is only logged (the DLQ on AWS). */
async function invokeAsync(deliver: () => Promise<unknown>, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await deliver();
      return;
    } catch (error) {
      log(`inbound-email attempt ${attempt} failed: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  log('inbound-email failed 3 times: the message stays in S3 (on AWS it goes to the DLQ)');
}

/**
 * A local stand-in for SES receiving: an SMTP server that accepts mail for the intake address,
 * stores the raw message as SES's S3 action does, and invokes the inbound-email handler with the
 * event SES's Lambda action sends. Answers 250 once the message is stored, as SES does.
 */
export async function startSmtpIntake(
  options: SmtpIntakeOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  const inFlight = new Set<Promise<void>>();
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
            callback(null, `2.0.0 Ok: queued as ${messageId}`);
            const verdict = options.verdictFor?.(envelopeFrom) ?? 'PASS';
            const event = sesEvent({ messageId, raw, envelopeFrom, recipients, verdict });
            const delivery = invokeAsync(() => options.deliver(event), log).finally(() =>
              inFlight.delete(delivery),
            );
            inFlight.add(delivery);
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
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
