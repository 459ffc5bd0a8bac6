import { parseIntakeMail } from '../functions/adapters/intake-mail';
import { parseNominationTemplate } from '../functions/adapters/mail-template';
import { buildMail, sampleTemplateBody } from '../test/support/mime';
import { round, timed } from './measure';

/** Intake mails parsed per second: a typical Korean mail (text + a small PDF), mailparser + the template parser. */
export async function mailParsing(
  count = 500,
): Promise<{ mails: number; kilobytes: number; perSecond: number }> {
  const raw = buildMail({
    from: 'award.seoul@example.test',
    to: 'nominations@example.test',
    subject: '올해의 고용서비스상 후보자 추천',
    text: sampleTemplateBody(),
    charset: 'ks_c_5601-1987',
    transferEncoding: 'quoted-printable',
    attachments: [
      { filename: '공적조서.pdf', contentType: 'application/pdf', content: Buffer.alloc(20_000, 7) },
    ],
  });
  const { ms } = await timed(async () => {
    for (let i = 0; i < count; i += 1) {
      const mail = await parseIntakeMail(raw);
      parseNominationTemplate(mail.text, mail.from?.address ?? '');
    }
  });
  return { mails: count, kilobytes: round(raw.length / 1024), perSecond: round(count / (ms / 1000)) };
}
