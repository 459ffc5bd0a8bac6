import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NotificationKind } from '../use-cases/notification';
import { systemClock } from './clock';
import { readEnv } from './config';
import { createConfigSource } from './dynamo-config';
import { DynamoReviewLinkRepository } from './dynamo-review-links';
import { DynamoReviewQueue } from './dynamo-review-queue';
import { DynamoSentMailLog } from './dynamo-sent-mail';
import { createDocumentClient } from './dynamo-table';
import type { MailTemplates } from './mail-notifier';
import { randomIds } from './random-ids';
import { createLinkKey } from './secrets-link-key';
import { createNotifier } from './ses-mailer';

/** A repository class over the table: a reader, or a writer extending it (dynamo-nominations.ts, dynamo-approvals.ts). */
type TableRepository<T> = new (db: DynamoDBDocumentClient, tableName: string) => T;

/**
 * What the functions that mail approval links (request-approval, remind-approvals, review) work with, from
 * their validated environment: one composition for all three, read once at init. Each names the mails it
 * sends (request, reminder, escalation, delegation; the HQ/minister digest) and the repository roles it
 * uses, so its bundle carries only those.
 */
export function approvalMailing<K extends NotificationKind, Nominations, Approvals>(uses: {
  readonly templates: MailTemplates<K>;
  readonly nominations: TableRepository<Nominations>;
  readonly approvals: TableRepository<Approvals>;
}) {
  const env = readEnv(
    'TABLE_NAME',
    'PUBLIC_URL',
    'MAIL_FROM',
    'SES_CONFIGURATION_SET',
    'CONFIG_CACHE_SECONDS',
    'LINK_KEY_SECRET_ID',
  );
  const db = createDocumentClient();
  return {
    config: createConfigSource(db, env),
    services: {
      nominations: new uses.nominations(db, env.TABLE_NAME),
      approvals: new uses.approvals(db, env.TABLE_NAME),
      sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
      reviewLinks: new DynamoReviewLinkRepository(db, env.TABLE_NAME),
      reviewQueue: new DynamoReviewQueue(db, env.TABLE_NAME),
      notifier: createNotifier(env, uses.templates),
      linkKey: createLinkKey(env),
      clock: systemClock,
      ids: randomIds,
      publicUrl: env.PUBLIC_URL,
    },
  };
}
