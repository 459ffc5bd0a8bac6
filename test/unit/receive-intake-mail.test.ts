import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import {
  labelForFieldPath,
  parseNominationTemplate,
  templateText,
} from '../../functions/adapters/mail-template';
import { randomIds } from '../../functions/adapters/random-ids';
import type { Cycle } from '../../functions/domain/cycle';
import type { MailStore, OutgoingMail } from '../../functions/domain/ports';
import {
  type IntakeDeps,
  type MailVerdicts,
  messageKeyOf,
  type ReceivedMail,
  receiveIntakeMail,
} from '../../functions/use-cases/receive-intake-mail';
import {
  MemoryNominations,
  MemorySentMail,
  notifierFor,
  RecordingMailer,
  RecordingWorkflow,
} from '../support/fakes';
import { sampleTemplateBody } from '../support/mime';

/* ------------------------------------------------------------------ in-memory ports */

class RecordingMailStore implements MailStore {
  readonly puts: { key: string; content: Uint8Array; contentType: string }[] = [];
  async readRawMail() {
    return undefined;
  }
  readonly deleted: string[] = [];
  async putAttachment(key: string, content: Uint8Array, contentType: string) {
    this.puts.push({ key, content, contentType });
  }
  async deleteAttachment(key: string) {
    this.deleted.push(key);
  }
}

/* ------------------------------------------------------------------ fixtures */

const NOW = new Date('2026-11-01T00:00:00Z'); // inside the 2026 cycle; 2023 is closed
const SEOUL = 'award.seoul@example.test';
const RRN = '900101-1234567';
const RRN_DIGITS = ['9001011234567', '1234567'];

function wiring() {
  const nominations = new MemoryNominations();
  const workflow = new RecordingWorkflow();
  const mailer = new RecordingMailer();
  const sentMail = new MemorySentMail();
  const mailStore = new RecordingMailStore();
  const deps: IntakeDeps = {
    nominations,
    workflow,
    notifier: notifierFor(mailer),
    sentMail,
    mailStore,
    clock: { now: () => NOW },
    ids: randomIds,
    cycles: [cycle2023 as Cycle, cycle2026 as Cycle],
    directory,
    template: { parse: parseNominationTemplate, labelFor: labelForFieldPath, blank: () => templateText() },
  };
  return { deps, nominations, workflow, mailer, sentMail, mailStore };
}

const PASS: MailVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };

const pdf = {
  filename: '공적조서.pdf',
  contentType: 'application/pdf',
  size: 4,
  content: new Uint8Array([0x25, 0x50, 0x44, 0x46]),
};

function received(overrides: Partial<ReceivedMail> = {}): ReceivedMail {
  return {
    messageId: '<outlook-1@example.test>',
    from: { address: SEOUL },
    subject: '[추천] 2026년 올해의 고용서비스상 후보자 추천 - 김민지',
    text: sampleTemplateBody(),
    attachments: [],
    verdicts: PASS,
    ...overrides,
  };
}

function replyText(mail: OutgoingMail | undefined): string {
  return `${mail?.subject}\n${mail?.text}\n${mail?.html}`;
}

/** The "확인이 필요한 항목" lines of a problems reply (text part). */
function problemLines(mail: OutgoingMail | undefined): string[] {
  return (mail?.text ?? '').split('\n').filter((line) => /^ {2}- /.test(line));
}

/* ------------------------------------------------------------------ tests */

describe('receiveIntakeMail: a valid mail from a registered address', () => {
  it('creates the nomination, starts its workflow once and stores the attachments with it', async () => {
    const { deps, nominations, workflow, mailer, mailStore } = wiring();
    const hwp = {
      filename: '[최종] 추천서/사본.hwp',
      contentType: 'application/octet-stream',
      size: 3,
      content: new Uint8Array([1, 2, 3]),
    };
    const result = await receiveIntakeMail(received({ attachments: [pdf, hwp] }), deps);

    expect(result.outcome).toBe('created');
    const id = result.nominationId ?? '';
    expect(id).toMatch(/^2026-[a-z2-9]{20}$/);
    expect(workflow.calls).toEqual([id]);
    // The receipt goes out from the workflow's first step, not from here.
    expect(mailer.sent).toHaveLength(0);

    const folder = messageKeyOf('<outlook-1@example.test>');
    expect(mailStore.puts.map((put) => put.key)).toEqual([
      `attachments/${folder}/1-공적조서.pdf`,
      `attachments/${folder}/2-사본.hwp`,
    ]);
    expect(mailStore.puts[0]?.content).toBe(pdf.content);
    expect(mailStore.puts[0]?.contentType).toBe('application/pdf');

    const stored = await nominations.get(id);
    expect(stored).toMatchObject({
      id,
      cycle: '2026',
      category: 'job-matching',
      centerId: 'seoul',
      centerName: '서울고용복지플러스센터',
      stage: 'submitted',
      source: { channel: 'email', messageKey: messageKeyOf('<outlook-1@example.test>') },
      submitter: { name: '박서준', email: SEOUL },
      nominee: { name: '김민지', email: 'minji.kim@example.test', serviceYears: 6 },
    });
    expect(stored?.attachments).toEqual([
      {
        filename: '공적조서.pdf',
        contentType: 'application/pdf',
        size: 4,
        key: `attachments/${folder}/1-공적조서.pdf`,
      },
      {
        filename: hwp.filename,
        contentType: 'application/octet-stream',
        size: 3,
        key: `attachments/${folder}/2-사본.hwp`,
      },
    ]);
    expect(await nominations.history(id)).toEqual([
      { type: 'submitted', at: NOW.toISOString(), actor: SEOUL },
    ]);
  });

  it('stores no attachments field when the mail had none', async () => {
    const { deps, nominations, mailStore } = wiring();
    const result = await receiveIntakeMail(received(), deps);
    expect(result.outcome).toBe('created');
    expect(mailStore.puts).toHaveLength(0);
    expect((await nominations.get(result.nominationId ?? ''))?.attachments).toBeUndefined();
  });

  it('accepts an address written in another case', async () => {
    const { deps } = wiring();
    const result = await receiveIntakeMail(received({ from: { address: 'Award.Seoul@Example.TEST' } }), deps);
    expect(result.outcome).toBe('created');
  });

  it('defaults 추천센터 to the one center the sender is registered for', async () => {
    const { deps, nominations } = wiring();
    const result = await receiveIntakeMail(received({ text: sampleTemplateBody({ 추천센터: null }) }), deps);
    expect(result.outcome).toBe('created');
    expect((await nominations.get(result.nominationId ?? ''))?.centerId).toBe('seoul');
  });

  it('takes busan nominations from busan’s address', async () => {
    const { deps, nominations } = wiring();
    const result = await receiveIntakeMail(
      received({
        from: { address: 'award.busan@example.test' },
        text: sampleTemplateBody({ 추천센터: null }),
      }),
      deps,
    );
    expect(result.outcome).toBe('created');
    expect((await nominations.get(result.nominationId ?? ''))?.centerId).toBe('busan');
  });
});

describe('receiveIntakeMail: the same mail again, and another mail for the same nominee', () => {
  it('recognises a redelivery by its Message-ID: one nomination, no second execution, no reply', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    const first = await receiveIntakeMail(received({ attachments: [pdf] }), deps);
    const again = await receiveIntakeMail(received({ attachments: [pdf] }), deps);
    expect(first.outcome).toBe('created');
    expect(again).toEqual({ outcome: 'redelivered', nominationId: first.nominationId });
    expect(nominations.items.size).toBe(1);
    expect(workflow.executions.size).toBe(1);
    expect(mailer.sent).toHaveLength(0);
  });

  it('starts nothing on a redelivery once the workflow has moved the nomination on', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    const first = await receiveIntakeMail(received(), deps);
    const stored = await nominations.get(first.nominationId ?? '');
    if (!stored) throw new Error('not stored');
    await nominations.changeStage(stored, 'center_review', {
      type: 'stage_changed',
      at: NOW.toISOString(),
      actor: 'workflow',
      from: 'submitted',
      to: 'center_review',
    });
    const again = await receiveIntakeMail(received(), deps);
    expect(again).toEqual({ outcome: 'redelivered', nominationId: first.nominationId });
    expect(workflow.calls).toHaveLength(1);
    expect(mailer.sent).toHaveLength(0);
  });

  it('treats surrounding spaces of the Message-ID as the same mail', async () => {
    const { deps, nominations } = wiring();
    await receiveIntakeMail(received(), deps);
    const again = await receiveIntakeMail(received({ messageId: '  <outlook-1@example.test>\n' }), deps);
    expect(again.outcome).toBe('redelivered');
    expect(nominations.items.size).toBe(1);
  });

  it('never lets a redelivered mail resubmit its nomination after it was returned', async () => {
    const { deps, nominations } = wiring();
    const first = await receiveIntakeMail(received(), deps);
    const stored = await nominations.get(first.nominationId ?? '');
    if (!stored) throw new Error('not stored');
    nominations.items.set(stored.id, { ...stored, stage: 'returned' });
    const again = await receiveIntakeMail(received(), deps);
    expect(again).toEqual({ outcome: 'redelivered', nominationId: first.nominationId });
    expect(nominations.items.size).toBe(1);
  });

  it('keeps no files of a mail that started nothing', async () => {
    const { deps, mailStore } = wiring();
    await receiveIntakeMail(received(), deps);
    const other = received({
      messageId: '<outlook-3@example.test>',
      attachments: [
        { filename: '공적.pdf', contentType: 'application/pdf', size: 4, content: new Uint8Array(4) },
      ],
    });
    expect((await receiveIntakeMail(other, deps)).outcome).toBe('duplicate');
    expect(mailStore.deleted).toEqual(mailStore.puts.map((put) => put.key));
    expect(mailStore.deleted).toHaveLength(1);
  });

  it('answers another mail for the same nominee once as a duplicate, creating nothing', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    await receiveIntakeMail(received(), deps);
    const other = received({ messageId: '<outlook-2@example.test>', subject: '다시 보냅니다' });
    const duplicate = await receiveIntakeMail(other, deps);
    expect(duplicate.outcome).toBe('duplicate');
    expect(duplicate.nominationId).toBeUndefined();
    expect(nominations.items.size).toBe(1);
    expect(workflow.executions.size).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toEqual([SEOUL]);
    expect(mailer.sent[0]?.subject).toContain('다시 보냅니다');
    expect(mailer.sent[0]?.text).toContain('이미 추천했습니다');
    expect(mailer.sent[0]?.text).toContain('포상연도:');
    // The same duplicate delivered again gets no second reply.
    expect((await receiveIntakeMail(other, deps)).outcome).toBe('duplicate');
    expect(mailer.sent).toHaveLength(1);
  });

  it('refuses the same nominee from another center, naming the field', async () => {
    const { deps, nominations, mailer } = wiring();
    await receiveIntakeMail(received(), deps);
    const result = await receiveIntakeMail(
      received({
        messageId: '<busan-1@example.test>',
        from: { address: 'award.busan@example.test' },
        text: sampleTemplateBody({ 추천센터: 'busan' }),
      }),
      deps,
    );
    expect(result.outcome).toBe('refused');
    expect(nominations.items.size).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toEqual(['award.busan@example.test']);
    expect(problemLines(mailer.sent[0])).toEqual([
      expect.stringMatching(/^ {2}- 이메일: .*이미 2026년 포상에 추천/),
    ]);
  });
});

describe('receiveIntakeMail: dropped without a word', () => {
  it.each([
    ['spam', { spam: 'FAIL' }],
    ['a virus', { virus: 'FAIL' }],
  ])('drops %s, even from a registered address', async (_name, verdict) => {
    const { deps, nominations, workflow, mailer, mailStore } = wiring();
    const result = await receiveIntakeMail(
      received({ verdicts: { ...PASS, ...verdict }, attachments: [pdf] }),
      deps,
    );
    expect(result).toEqual({ outcome: 'dropped' });
    expect(mailer.sent).toHaveLength(0);
    expect(workflow.calls).toHaveLength(0);
    expect(nominations.items.size).toBe(0);
    expect(mailStore.puts).toHaveLength(0);
  });

  it('drops a mail without a sender', async () => {
    const { deps, nominations, mailer } = wiring();
    const { from: _from, ...withoutFrom } = received();
    expect(await receiveIntakeMail(withoutFrom, deps)).toEqual({ outcome: 'dropped' });
    expect(await receiveIntakeMail({ ...withoutFrom, from: { address: '' } }, deps)).toEqual({
      outcome: 'dropped',
    });
    expect(mailer.sent).toHaveLength(0);
    expect(nominations.items.size).toBe(0);
  });
});

describe('receiveIntakeMail: senders', () => {
  it('answers an unregistered sender whose SPF passed with one polite reply, however often delivered', async () => {
    const { deps, nominations, workflow, mailer, mailStore } = wiring();
    const mail = received({ from: { address: 'someone@example.test' }, attachments: [pdf] });
    expect(await receiveIntakeMail(mail, deps)).toEqual({ outcome: 'unregistered' });
    expect(await receiveIntakeMail(mail, deps)).toEqual({ outcome: 'unregistered' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toEqual(['someone@example.test']);
    expect(mailer.sent[0]?.subject).toContain('등록되지 않은 주소');
    expect(mailer.sent[0]?.text).toContain('nominations@example.test');
    expect(nominations.items.size).toBe(0);
    expect(workflow.calls).toHaveLength(0);
    expect(mailStore.puts).toHaveLength(0);
  });

  it('does not answer an unregistered sender whose SPF failed (no backscatter)', async () => {
    const { deps, mailer } = wiring();
    const mail = received({ from: { address: 'someone@example.test' }, verdicts: { ...PASS, spf: 'FAIL' } });
    expect(await receiveIntakeMail(mail, deps)).toEqual({ outcome: 'unregistered' });
    expect(mailer.sent).toHaveLength(0);
  });

  it.each([
    ['DMARC', { dmarc: 'FAIL' }],
    ['DMARC (GRAY)', { dmarc: 'GRAY' }],
  ])(
    'does not trust a registered address whose %s failed, and does not answer a From that DMARC did not tie to SPF',
    async (_name, verdict) => {
      const { deps, nominations, workflow, mailer } = wiring();
      const mail = received({ verdicts: { ...PASS, ...verdict } });
      expect(await receiveIntakeMail(mail, deps)).toEqual({ outcome: 'unverified' });
      expect(await receiveIntakeMail(mail, deps)).toEqual({ outcome: 'unverified' });
      expect(nominations.items.size).toBe(0);
      expect(workflow.calls).toHaveLength(0);
      // SPF vouches for the envelope sender only: without DMARC the From may be forged.
      expect(mailer.sent).toHaveLength(0);
    },
  );

  it('answers a registered address whose DKIM failed but SPF and DMARC passed, naming the check', async () => {
    const { deps, mailer } = wiring();
    const mail = received({ verdicts: { ...PASS, dkim: 'FAIL' } });
    expect(await receiveIntakeMail(mail, deps)).toEqual({ outcome: 'unverified' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toEqual([SEOUL]);
    expect(mailer.sent[0]?.text).toContain('SPF·DKIM·DMARC');
    expect(mailer.sent[0]?.text).toContain('포상연도:');
  });

  it('draws the status page id afresh: it never follows from the Message-ID', async () => {
    const first = await receiveIntakeMail(received(), wiring().deps);
    const second = await receiveIntakeMail(received(), wiring().deps);
    expect(first.outcome).toBe('created');
    expect(second.outcome).toBe('created');
    expect(first.nominationId).not.toBe(second.nominationId);
  });

  it.each([
    ['SPF alone', { spf: 'FAIL' }],
    ['SPF and DKIM', { spf: 'SOFTFAIL', dkim: 'FAIL' }],
  ])('stays silent to a registered address when %s failed', async (_name, verdict) => {
    const { deps, nominations, mailer } = wiring();
    expect(await receiveIntakeMail(received({ verdicts: { ...PASS, ...verdict } }), deps)).toEqual({
      outcome: 'unverified',
    });
    expect(mailer.sent).toHaveLength(0);
    expect(nominations.items.size).toBe(0);
  });

  it('refuses a registered sender naming another center, naming 추천센터', async () => {
    const { deps, nominations, workflow, mailer } = wiring();
    const result = await receiveIntakeMail(
      received({ text: sampleTemplateBody({ 추천센터: 'busan' }) }),
      deps,
    );
    expect(result).toEqual({ outcome: 'refused' });
    expect(nominations.items.size).toBe(0);
    expect(workflow.calls).toHaveLength(0);
    expect(mailer.sent).toHaveLength(1);
    expect(problemLines(mailer.sent[0])).toEqual([
      expect.stringMatching(/^ {2}- 추천센터: .*등록한 추천 담당 주소가 아닙니다/),
    ]);
  });
});

describe('receiveIntakeMail: refused mails', () => {
  function refusedReply(mailer: RecordingMailer): OutgoingMail {
    expect(mailer.sent).toHaveLength(1);
    const reply = mailer.sent[0] as OutgoingMail;
    expect(reply.to).toEqual([SEOUL]);
    expect(reply.subject).toContain('접수하지 못했습니다');
    // The blank template to copy, in both parts.
    for (const label of ['포상연도:', '세부공적:', '추천센터:', '제출자:']) {
      expect(reply.text).toContain(label);
      expect(reply.html).toContain(label);
    }
    return reply;
  }

  it.each([
    ['the subject', { subject: `후보자 추천 ${RRN}` }, '제목'],
    ['an attachment file name', { attachments: [{ ...pdf, filename: `${RRN} 공적조서.pdf` }] }, '첨부 파일'],
    ['세부공적', { text: sampleTemplateBody({ 세부공적: `후보자 주민번호 ${RRN} 참고` }) }, '세부공적'],
    [
      '세부공적 (full-width digits)',
      { text: sampleTemplateBody({ 세부공적: '９００１０１－１２３４５６７' }) },
      '세부공적',
    ],
  ] as const)(
    'refuses a resident registration number in %s, naming it without repeating the digits',
    async (_where, overrides, label) => {
      const { deps, nominations, workflow, mailer, mailStore } = wiring();
      const result = await receiveIntakeMail(received(overrides), deps);
      expect(result).toEqual({ outcome: 'refused' });
      expect(nominations.items.size).toBe(0);
      expect(workflow.calls).toHaveLength(0);
      expect(mailStore.puts).toHaveLength(0);
      const reply = refusedReply(mailer);
      const lines = problemLines(reply);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^ {2}- ${label}: .*주민등록번호`))]);
      const all = replyText(reply).replace(/[\s-]/g, '');
      for (const digits of RRN_DIGITS) expect(all).not.toContain(digits);
      expect(all).not.toContain('９００１０１');
    },
  );

  it('never repeats the number when a badly named attachment is also of a refused type', async () => {
    const { deps, mailer } = wiring();
    const result = await receiveIntakeMail(
      received({
        attachments: [{ ...pdf, filename: `${RRN}.exe`, contentType: 'application/x-msdownload' }],
      }),
      deps,
    );
    expect(result.outcome).toBe('refused');
    const all = replyText(mailer.sent[0]).replace(/[\s-]/g, '');
    for (const digits of RRN_DIGITS) expect(all).not.toContain(digits);
  });

  it('never repeats the number of a subject in a reply about something else', async () => {
    const { deps, mailer } = wiring();
    const result = await receiveIntakeMail(
      received({ subject: `후보 ${RRN}`, verdicts: { ...PASS, dkim: 'FAIL' } }),
      deps,
    );
    expect(result.outcome).toBe('unverified');
    expect(mailer.sent).toHaveLength(1);
    const all = replyText(mailer.sent[0]).replace(/[\s-]/g, '');
    for (const digits of RRN_DIGITS) expect(all).not.toContain(digits);
  });

  it('keeps the reply subject one line whatever the mail’s subject held', async () => {
    const { deps, mailer } = wiring();
    await receiveIntakeMail(
      received({
        subject: '추천\r\nBcc: evil@example.test\u0000\u001b[31m\u0085끝',
        attachments: [{ ...pdf, size: 0 }],
      }),
      deps,
    );
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.subject).toMatch(/^\[고용서비스상\] 추천 메일을 접수하지 못했습니다: 추천 /);
    expect(mailer.sent[0]?.subject).not.toMatch(/\p{Cc}/u);
  });

  it('refuses a disallowed attachment type, naming 첨부 파일', async () => {
    const { deps, nominations, mailer, mailStore } = wiring();
    const exe = {
      filename: 'setup.exe',
      contentType: 'application/octet-stream',
      size: 10,
      content: new Uint8Array(10),
    };
    const result = await receiveIntakeMail(received({ attachments: [pdf, exe] }), deps);
    expect(result).toEqual({ outcome: 'refused' });
    expect(nominations.items.size).toBe(0);
    expect(mailStore.puts).toHaveLength(0);
    const reply = refusedReply(mailer);
    expect(problemLines(reply)).toEqual([
      expect.stringMatching(/^ {2}- 첨부 파일: .*setup\.exe.*받을 수 없는 파일 형식/),
    ]);
  });

  it('refuses a closed cycle, naming 포상연도', async () => {
    const { deps, nominations, mailer } = wiring();
    const result = await receiveIntakeMail(
      received({ text: sampleTemplateBody({ 포상연도: '2023', 공적기간: '2023.01-2023.10' }) }),
      deps,
    );
    expect(result).toEqual({ outcome: 'refused' });
    expect(nominations.items.size).toBe(0);
    const reply = refusedReply(mailer);
    expect(problemLines(reply)).toEqual([
      expect.stringMatching(/^ {2}- 포상연도: 2023년 포상 추천 접수가 마감/),
    ]);
  });

  it('lists every problem once, by its template label, and answers a redelivery not again', async () => {
    const { deps, mailer } = wiring();
    const mail = received({
      text: sampleTemplateBody({ 근무연수: '여섯', 본인동의: '아니오', 직위: null, 비고: '없음' }),
    });
    expect((await receiveIntakeMail(mail, deps)).outcome).toBe('refused');
    expect((await receiveIntakeMail(mail, deps)).outcome).toBe('refused');
    const reply = refusedReply(mailer);
    const labels = problemLines(reply).map((line) => line.replace(/^ {2}- /, '').split(':')[0]);
    expect(labels.sort()).toEqual(['근무연수', '본인동의', '비고', '직위'].sort());
  });

  it('refuses a mail without the template at all', async () => {
    const { deps, nominations, mailer } = wiring();
    const result = await receiveIntakeMail(received({ text: '안녕하세요. 추천서 첨부합니다.' }), deps);
    expect(result.outcome).toBe('refused');
    expect(nominations.items.size).toBe(0);
    expect(problemLines(refusedReply(mailer)).length).toBeGreaterThan(3);
  });

  it('stays silent about problems when SPF did not pass', async () => {
    const { deps, mailer } = wiring();
    const result = await receiveIntakeMail(
      received({ subject: `후보 ${RRN}`, verdicts: { ...PASS, spf: 'NONE', dkim: 'NONE', dmarc: 'NONE' } }),
      deps,
    );
    expect(result.outcome).toBe('unverified');
    expect(mailer.sent).toHaveLength(0);
  });
});
