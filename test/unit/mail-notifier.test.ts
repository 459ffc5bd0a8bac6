import { shippedConfig } from '../../functions/adapters/config';
import { MailNotifier } from '../../functions/adapters/mail-notifier';
import { MAIL_TEMPLATES } from '../../functions/views/mail-templates';
import { receiptMail } from '../../functions/views/mails/receipt';
import { RecordingMailer } from '../support/fakes';

const { cycles } = shippedConfig();
const cycle = cycles.find((each) => each.year === '2026');
if (!cycle?.mail) throw new Error('the 2026 cycle names its sender (config/cycle-2026.json)');

const nomination = {
  id: '2026-abcdefghijkmnpqrstuv',
  cycle: '2026',
  stage: 'submitted',
  category: cycle.categories[0]?.id ?? '',
  nomineeType: 'individual',
  nominee: { name: '홍길동', affiliation: '서울고용복지플러스센터', position: '주무관', serviceYears: 7 },
  meritSummary: '공적',
  meritPeriod: { from: '2025-01', to: '2025-12' },
  centerId: 'seoul',
  centerName: '서울고용복지플러스센터',
  submitter: { name: '김담당', email: 'award.seoul@example.test' },
  version: 1,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
} as never;

describe('MailNotifier', () => {
  it("renders the kind's template and sends it with the cycle's sender name and reply-to, the recipients, files and tags", async () => {
    const mailer = new RecordingMailer();
    const model = { nomination, cycle, statusUrl: 'https://award.example.test/nominations/x' };
    await new MailNotifier(mailer, { receipt: receiptMail }).send({
      kind: 'receipt',
      to: ['award.seoul@example.test'],
      cc: ['head.seoul@example.test'],
      model,
      attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: new Uint8Array([1]) }],
      tags: { nomination: '2026-x' },
    });
    expect(mailer.sent).toEqual([
      {
        to: ['award.seoul@example.test'],
        cc: ['head.seoul@example.test'],
        ...receiptMail(model),
        attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: new Uint8Array([1]) }],
        senderName: cycle.mail?.senderName,
        replyTo: cycle.mail?.replyTo,
        tags: { nomination: '2026-x' },
      },
    ]);
  });

  it('a mail about no cycle (intake replies) goes out under the configured sender alone', async () => {
    const mailer = new RecordingMailer();
    await new MailNotifier(mailer, MAIL_TEMPLATES).send({
      kind: 'unregisteredSender',
      to: ['someone@example.test'],
      model: { intakeAddress: 'nominate@example.test' },
    });
    expect(mailer.sent[0]).not.toHaveProperty('senderName');
    expect(mailer.sent[0]).not.toHaveProperty('replyTo');
    expect(mailer.sent[0]?.subject).toBe(
      MAIL_TEMPLATES.unregisteredSender({ intakeAddress: 'nominate@example.test' }).subject,
    );
  });
});
