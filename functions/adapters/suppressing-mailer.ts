import type { Mailer, OutgoingMail, SuppressionList } from '../domain/ports';
import { maskEmail } from '../domain/privacy';
import { countMetric } from './metrics';
import { log } from './middleware';

/**
 * A Mailer in front of another: recipients who complained about our mail (suppressed until ops
 * clear them: `npm run admin -- unsuppress <address>`) are dropped, each logged (masked) and
 * counted; a mail left with no recipient is not sent at all (a send that is skipped is a
 * send that succeeded, for the caller's send-once record).
 */
export class SuppressingMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly suppressions: Pick<SuppressionList, 'suppressed'>,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const suppressed = await this.suppressions.suppressed([...mail.to, ...(mail.cc ?? [])]);
    if (suppressed.size === 0) return this.inner.send(mail);
    const keep = (list: readonly string[] = []) => list.filter((address) => !suppressed.has(address));
    const to = keep(mail.to);
    const cc = keep(mail.cc);
    // One line per mail: who was left out (masked), and whether anything went at all.
    log('warn', 'suppressed recipients dropped', {
      recipients: [...suppressed].map(maskEmail),
      sent: to.length + cc.length > 0,
      nominationId: mail.tags?.nomination,
      mail: mail.tags?.mail,
    });
    for (const _ of suppressed) countMetric('mailsSuppressed', {});
    if (to.length + cc.length === 0) return;
    // Copies alone left: they become the addressees.
    const { cc: _dropped, ...rest } = mail;
    return this.inner.send({ ...rest, ...(to.length ? { to, ...(cc.length ? { cc } : {}) } : { to: cc }) });
  }
}
