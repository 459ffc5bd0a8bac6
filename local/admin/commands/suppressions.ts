import { maskEmail } from '../../../functions/domain/privacy';
import type { Command } from '../command';
import { refused, usageError } from '../errors';
import { formatKst, renderTable } from '../format';

/** An e-mail address as the commands take it (one `@`, something on both sides, no spaces). */
function addressArgument(value: string | undefined): string {
  const address = (value ?? '').trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
    throw usageError(
      `메일 주소 형식이 올바르지 않습니다: ${JSON.stringify(value ?? '')} (not an e-mail address).`,
      '예: unsuppress head.seoul@example.test',
    );
  }
  return address;
}

const REASON_TEXT: Readonly<Record<string, string>> = { complaint: '수신자 스팸 신고 (complaint)' };

export const suppressionsCommand: Command = {
  summary: '발송 중지된 주소 목록: 스팸 신고한 수신자 (addresses no mail goes to)',
  description:
    '수신자가 메일을 스팸으로 신고하면(SES complaint) 그 주소로는 더 이상 메일을 보내지 않습니다. 주소를 확인한 뒤\n' +
    'unsuppress로 해제합니다 (a complaint suppresses the address until an operator clears it).',
  options: {
    full: { type: 'boolean', description: '주소 전체 표시 (show full addresses; masked by default)' },
  },
  examples: ['suppressions', 'suppressions --full', 'suppressions --json'],

  async run(context) {
    const data = await context.data();
    const suppressions = await data.suppressions();
    const full = context.options.full === true;
    const shown = (address: string) => (full ? address : maskEmail(address));
    const text =
      suppressions.length === 0
        ? '발송 중지된 주소가 없습니다 (no suppressed addresses).\n'
        : `${renderTable(
            [
              { header: '주소 (address)' },
              { header: '사유 (reason)' },
              { header: '일시 (KST)' },
              { header: '추천서 (nomination)' },
            ],
            suppressions.map((entry) => [
              shown(entry.address),
              REASON_TEXT[entry.reason] ?? entry.reason,
              formatKst(entry.at),
              entry.nominationId ?? '-',
            ]),
          )}\n${suppressions.length}개 주소 (addresses)\n`;
    return { text, data: { suppressions } };
  },
};

export const unsuppressCommand: Command = {
  summary: '주소의 발송 중지 해제 (clear the suppression of an address)',
  description:
    '스팸 신고로 발송이 중지된 주소에 다시 메일을 보냅니다. 수신자와 확인한 뒤에만 해제하십시오\n' +
    '(mail goes to the address again; clear it only after checking with the recipient).',
  positionals: [{ name: 'address', description: '메일 주소 (e-mail address)' }],
  examples: ['unsuppress head.seoul@example.test'],

  async run(context) {
    const address = addressArgument(context.args[0]);
    const data = await context.data();
    const cleared = await data.unsuppress(address);
    if (!cleared) {
      throw refused(`${maskEmail(address)}은(는) 발송 중지된 주소가 아닙니다 (not suppressed).`);
    }
    return {
      text: `${maskEmail(address)}의 발송 중지를 해제했습니다 (suppression cleared).\n`,
      data: { address, cleared: true },
    };
  },
};
