import type { Mailer } from '../domain/ports';
import type {
  Notification,
  NotificationKind,
  NotificationModels,
  NotificationOf,
  Notifier,
} from '../use-cases/notification';
import type { RenderedMail } from '../views/mails/render-mail';

/** The template of each kind a function sends. */
export type MailTemplates<K extends NotificationKind> = {
  readonly [P in K]: (model: NotificationModels[P]) => RenderedMail;
};

/** The cycle a notification is about, where its data names one: its mails carry the cycle's sender. */
function cycleOf(notification: Notification) {
  return 'cycle' in notification.model ? notification.model.cycle : undefined;
}

/**
 * Renders a notification from its template and sends it: subject, text and HTML from the same
 * template; sender name and reply-to from the cycle settings; recipients, attachments and tags as
 * the use case asked.
 */
export class MailNotifier<K extends NotificationKind> implements Notifier<K> {
  constructor(
    private readonly mailer: Mailer,
    private readonly templates: MailTemplates<K>,
  ) {}

  async send(notification: NotificationOf<K>): Promise<void> {
    // The table is keyed by kind, and each notification's model is its kind's: one lookup, one call.
    const render = this.templates[notification.kind as K] as (model: unknown) => RenderedMail;
    const { subject, text, html } = render(notification.model);
    const sender = cycleOf(notification)?.mail;
    await this.mailer.send({
      to: notification.to,
      ...(notification.cc?.length ? { cc: notification.cc } : {}),
      subject,
      text,
      html,
      ...(notification.attachments?.length ? { attachments: notification.attachments } : {}),
      ...(sender ? { senderName: sender.senderName } : {}),
      ...(sender?.replyTo ? { replyTo: sender.replyTo } : {}),
      ...(notification.tags ? { tags: notification.tags } : {}),
    });
  }
}
