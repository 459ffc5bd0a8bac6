import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  CONFIGURATION_SET_TAG,
  SES_DETAIL_TYPES,
  SES_EVENT_SOURCE,
} from '../functions/contracts/mail-events';

/**
 * SES's mailbox simulator, locally: a mail to one of these addresses makes the outbox (aws-ses-v2-local)
 * report what SES would, as the EventBridge event the configuration set publishes, to the
 * `mail-events` handler, after the mail is in the outbox. Mail to other addresses reports nothing
 * locally (on AWS every mail reports its delivery).
 */
export const SES_SIMULATOR = {
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
  delivery: 'success@simulator.amazonses.com',
} as const;

export type SimulatedOutcome = keyof typeof SES_SIMULATOR;

/** What the outbox knows of a sent mail. */
export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly configurationSet?: string;
}

const ACCOUNT = '000000000000';

/** The event SES publishes to EventBridge for `outcome` of `recipient` (the shapes of SES's own examples). */
export function sesEvent(
  outcome: SimulatedOutcome,
  mail: SentMail,
  recipient: string,
  options: { readonly region?: string; readonly at?: Date } = {},
): Record<string, unknown> {
  const region = options.region ?? 'ap-northeast-2';
  const at = (options.at ?? new Date()).toISOString();
  const tags: Record<string, string[]> = {
    ...(mail.configurationSet ? { [CONFIGURATION_SET_TAG]: [mail.configurationSet] } : {}),
    'ses:source-ip': ['127.0.0.1'],
    'ses:from-domain': [mail.from.split('@').pop()?.replace(/>.*$/, '') ?? ''],
    ...Object.fromEntries(Object.entries(mail.tags).map(([name, value]) => [name, [value]])),
  };
  const record = {
    timestamp: at,
    source: mail.from,
    sendingAccountId: ACCOUNT,
    messageId: mail.messageId,
    destination: [...mail.destination],
    headersTruncated: false,
    tags,
  };
  const detail =
    outcome === 'bounce'
      ? {
          eventType: 'Bounce',
          bounce: {
            feedbackId: `${randomUUID()}-000000`,
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [
              {
                emailAddress: recipient,
                action: 'failed',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              },
            ],
            timestamp: at,
            reportingMTA: 'dsn; localhost',
          },
          mail: record,
        }
      : outcome === 'complaint'
        ? {
            eventType: 'Complaint',
            complaint: {
              feedbackId: `${randomUUID()}-000000`,
              complaintSubType: null,
              complainedRecipients: [{ emailAddress: recipient }],
              timestamp: at,
              userAgent: 'Amazon SES Mailbox Simulator',
              complaintFeedbackType: 'abuse',
              arrivalDate: at,
            },
            mail: record,
          }
        : {
            eventType: 'Delivery',
            delivery: {
              timestamp: at,
              processingTimeMillis: 1,
              recipients: [recipient],
              smtpResponse: '250 2.6.0 Message received',
              reportingMTA: 'localhost',
            },
            mail: record,
          };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': SES_DETAIL_TYPES[outcome],
    source: SES_EVENT_SOURCE,
    account: ACCOUNT,
    time: at.replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: mail.configurationSet
      ? [`arn:aws:ses:${region}:${ACCOUNT}:configuration-set/${mail.configurationSet}`]
      : [],
    detail,
  };
}

/** The simulator outcomes a mail draws: one per simulator recipient. */
export function simulatedOutcomes(mail: SentMail): { outcome: SimulatedOutcome; recipient: string }[] {
  const found: { outcome: SimulatedOutcome; recipient: string }[] = [];
  for (const recipient of mail.destination) {
    const bare = (/<([^<>]+)>\s*$/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
    for (const outcome of Object.keys(SES_SIMULATOR) as SimulatedOutcome[]) {
      if (SES_SIMULATOR[outcome] === bare) found.push({ outcome, recipient: bare });
    }
  }
  return found;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

interface SendEmailBody {
  readonly Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  readonly EmailTags?: { Name: string; Value: string }[];
  readonly ConfigurationSetName?: string;
  readonly FromEmailAddress?: string;
}

/**
 * Watches SES v2 SendEmail calls to the local outbox server and, once the outbox has answered (the
 * mail is stored), calls `publish` with each event the mailbox simulator would draw. The request
 * body is read here and handed to the outbox already parsed (its JSON parser skips a read body).
 */
export function watchSimulatorMail(
  server: Server,
  options: { readonly region?: string; readonly from?: () => string | undefined },
): {
  /** Where events go; events of mails sent before it is set are dropped. */
  publishTo(publish: (event: Record<string, unknown>) => Promise<unknown>): void;
  /** Waits for events being published. */
  settle(): Promise<void>;
} {
  let publish: ((event: Record<string, unknown>) => Promise<unknown>) | undefined;
  const pending = new Set<Promise<unknown>>();
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  const forward: Listener = (req, res) => {
    for (const listener of listeners) listener(req, res);
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v2/email/outbound-emails')) return forward(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => forward(req, res));
    req.on('end', () => {
      let body: SendEmailBody = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendEmailBody;
      } catch {
        // Left to the outbox to refuse.
      }
      (req as IncomingMessage & { body?: unknown }).body = body;
      const destination = [
        ...(body.Destination?.ToAddresses ?? []),
        ...(body.Destination?.CcAddresses ?? []),
        ...(body.Destination?.BccAddresses ?? []),
      ];
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        const chunk = args[0];
        if (res.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
          try {
            const { MessageId } = JSON.parse(chunk.toString()) as { MessageId?: string };
            if (MessageId) {
              const mail: SentMail = {
                messageId: MessageId,
                from: body.FromEmailAddress ?? options.from?.() ?? 'award@localhost',
                destination,
                tags: Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
                ...(body.ConfigurationSetName ? { configurationSet: body.ConfigurationSetName } : {}),
              };
              for (const { outcome, recipient } of simulatedOutcomes(mail)) {
                const target = publish;
                if (!target) continue;
                const event = sesEvent(
                  outcome,
                  mail,
                  recipient,
                  options.region ? { region: options.region } : {},
                );
                // After the answer, as SES reports after it accepted the mail; failures stay with the handler's log.
                const done = new Promise<void>((resolve) => setImmediate(resolve))
                  .then(() => target(event))
                  .catch(() => undefined)
                  .finally(() => pending.delete(done));
                pending.add(done);
              }
            }
          } catch {
            // Not a SendEmail answer: nothing to report.
          }
        }
        return end(...args);
      }) as typeof res.end;
      forward(req, res);
    });
  });
  return {
    publishTo(next) {
      publish = next;
    },
    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
