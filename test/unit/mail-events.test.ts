import {
  addressKey,
  mailEventKey,
  mailKind,
  mailSubject,
  parseSesEvent,
  tagValue,
} from '../../functions/domain/mail-events';
import { notifierFor } from '../support/fakes';

/** The EventBridge envelope SES events arrive in (source aws.ses, the SES record as `detail`). */
function sesEventBridgeEvent(detailType: string, detail: unknown) {
  return {
    version: '0',
    id: 'e6f0b0c4-1111-2222-3333-444455556666',
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-11-10T01:02:06Z',
    region: 'ap-northeast-2',
    resources: ['arn:aws:ses:ap-northeast-2:123456789012:configuration-set/award-workflow'],
    detail,
  };
}

/** SES event records as SES publishes them (docs: "Examples of event data that Amazon SES publishes"). */
const mail = {
  timestamp: '2026-11-10T01:02:03.000Z',
  source: 'award-office@example.test',
  sourceArn: 'arn:aws:ses:ap-northeast-2:123456789012:identity/example.test',
  sendingAccountId: '123456789012',
  messageId: '0102018f-aaaa-bbbb-cccc-000000000000-000000',
  destination: ['head.seoul@example.test'],
  headersTruncated: false,
  tags: {
    'ses:configuration-set': ['award-workflow'],
    'ses:source-ip': ['192.0.2.0'],
    'ses:from-domain': ['example.test'],
    'ses:caller-identity': ['award-request-approval'],
    nomination: ['N-2026-abc'],
    mail: ['request'],
    stage: ['center_review'],
  },
};

const bounceDetail = {
  eventType: 'Bounce',
  bounce: {
    feedbackId: '0102018f-feed-0000',
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      {
        emailAddress: 'head.seoul@example.test',
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      },
    ],
    timestamp: '2026-11-10T01:02:05.000Z',
    reportingMTA: 'dsn; e226-55.smtp-out.ap-northeast-2.amazonses.com',
  },
  mail,
};

const complaintDetail = {
  eventType: 'Complaint',
  complaint: {
    feedbackId: '0102018f-feed-0001',
    complaintSubType: null,
    complainedRecipients: [{ emailAddress: 'head.seoul@example.test' }],
    timestamp: '2026-11-10T02:00:00.000Z',
    userAgent: 'Mozilla/5.0',
    complaintFeedbackType: 'abuse',
    arrivalDate: '2026-11-10T01:59:00.000Z',
  },
  mail,
};

const deliveryDetail = {
  eventType: 'Delivery',
  delivery: {
    timestamp: '2026-11-10T01:02:04.000Z',
    processingTimeMillis: 1200,
    recipients: ['head.seoul@example.test'],
    smtpResponse: '250 2.6.0 Message received',
    reportingMTA: 'e226-55.smtp-out.ap-northeast-2.amazonses.com',
  },
  mail,
};

describe('parseSesEvent', () => {
  it('reads a bounce delivered by EventBridge', () => {
    const parsed = parseSesEvent(sesEventBridgeEvent('Email Bounced', bounceDetail));
    expect(parsed).toEqual({
      ok: true,
      event: {
        type: 'bounce',
        messageId: mail.messageId,
        at: '2026-11-10T01:02:05.000Z',
        tags: expect.objectContaining({ nomination: 'N-2026-abc', mail: 'request', stage: 'center_review' }),
        bounceType: 'Permanent',
        bounceSubType: 'General',
        recipients: ['head.seoul@example.test'],
        diagnostic: 'smtp; 550 5.1.1 user unknown',
      },
    });
  });

  it('reads a complaint and a delivery', () => {
    const complaint = parseSesEvent(sesEventBridgeEvent('Email Complaint Received', complaintDetail));
    expect(complaint).toMatchObject({
      ok: true,
      event: { type: 'complaint', recipients: ['head.seoul@example.test'], feedbackType: 'abuse' },
    });
    const delivery = parseSesEvent(sesEventBridgeEvent('Email Delivered', deliveryDetail));
    expect(delivery).toMatchObject({
      ok: true,
      event: { type: 'delivery', at: '2026-11-10T01:02:04.000Z', recipients: ['head.seoul@example.test'] },
    });
  });

  it('also reads the bare SES record (as SNS delivers it)', () => {
    expect(parseSesEvent(bounceDetail)).toMatchObject({ ok: true, event: { type: 'bounce' } });
  });

  it.each([
    ['null', null],
    ['a string', 'Email Bounced'],
    ['no mail', { detail: { eventType: 'Bounce', bounce: bounceDetail.bounce } }],
    ['no messageId', { detail: { ...bounceDetail, mail: { ...mail, messageId: '' } } }],
    ['an open event', { detail: { eventType: 'Open', mail, open: {} } }],
    [
      'a bounce without recipients',
      { detail: { ...bounceDetail, bounce: { ...bounceDetail.bounce, bouncedRecipients: [] } } },
    ],
    ['a complaint without its object', { detail: { eventType: 'Complaint', mail } }],
  ])('refuses %s with a reason', (_name, input) => {
    const parsed = parseSesEvent(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/\w/);
  });

  it('finds the nomination, mail and stage in the tags', () => {
    const parsed = parseSesEvent(sesEventBridgeEvent('Email Bounced', bounceDetail));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(mailSubject(parsed.event)).toEqual({
      nominationId: 'N-2026-abc',
      mail: 'request',
      stage: 'center_review',
    });
    const untagged = parseSesEvent({ detail: { ...bounceDetail, mail: { ...mail, tags: {} } } });
    if (!untagged.ok) throw new Error(untagged.reason);
    expect(mailSubject(untagged.event)).toBeUndefined();
  });
});

describe('mail tags and keys', () => {
  it('keeps tag values to the characters SES allows', () => {
    expect(tagValue('reminder:ab12:2')).toBe('reminder_ab12_2');
    expect(tagValue('INTAKE-x.y@z')).toBe('INTAKE-x_y_z');
    expect(tagValue('x'.repeat(300))).toHaveLength(256);
    expect(mailKind('reminder_ab12_2')).toBe('reminder');
    expect(mailKind('request')).toBe('request');
  });

  it('gives a redelivered event the same key, and other events other keys', () => {
    const a = parseSesEvent(sesEventBridgeEvent('Email Bounced', bounceDetail));
    const b = parseSesEvent(sesEventBridgeEvent('Email Bounced', bounceDetail));
    const c = parseSesEvent(sesEventBridgeEvent('Email Delivered', deliveryDetail));
    if (!a.ok || !b.ok || !c.ok) throw new Error('parse');
    expect(mailEventKey(a.event)).toBe(mailEventKey(b.event));
    expect(mailEventKey(a.event)).not.toBe(mailEventKey(c.event));
  });

  it('keys an address case-insensitively', () => {
    expect(addressKey(' Head.Seoul@Example.TEST ')).toBe(addressKey('head.seoul@example.test'));
  });
});

describe('nomination mails carry their tags', () => {
  it('sendOnce tags the mail with the nomination, the key (SES charset) and the stage', async () => {
    const { sendOnce } = await import('../../functions/use-cases/send-once');
    const { MemorySentMail, RecordingMailer } = await import('../support/fakes');
    const mailer = new RecordingMailer();
    const deps = { sentMail: new MemorySentMail(), notifier: notifierFor(mailer) };
    const mail = {
      kind: 'unregisteredSender' as const,
      to: ['head.seoul@example.test'],
      model: { intakeAddress: 'nominate@example.test' },
    };
    await sendOnce(deps, '2026-abc', 'reminder:ab12:2', () => mail, { stage: 'center_review' });
    await sendOnce(deps, '2026-abc', 'receipt', () => mail);
    expect(mailer.sent.map((sent) => sent.tags)).toEqual([
      { nomination: '2026-abc', mail: 'reminder_ab12_2', stage: 'center_review' },
      { nomination: '2026-abc', mail: 'receipt' },
    ]);
  });
});
