/**
 * The wording of the commendation certificate (표창장) and of what goes with it (its file name, the
 * download page's messages): Korean text in one place, next to the other views. The PDF layout is
 * functions/adapters/certificate-pdf.ts; the facts come from functions/domain/certificate.ts.
 */
import { type Certificate, printable } from '../domain/certificate';

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2026년 11월 27일`: the KST calendar date of an instant. */
export function koreanDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const kst = new Date(date.getTime() + KST_OFFSET_MS);
  return `${kst.getUTCFullYear()}년 ${kst.getUTCMonth() + 1}월 ${kst.getUTCDate()}일`;
}

/** Longest values printed (code points): far beyond any real name, short enough to lay out. */
export const CERTIFICATE_LIMITS = { name: 200, affiliation: 200, position: 100, category: 200, title: 200 };

export interface CertificateRow {
  readonly label: string;
  readonly value: string;
  readonly emphasis?: boolean;
}

/** The certificate's lines, in reading order; each value printable (functions/domain/certificate.ts). */
export interface CertificateText {
  /** Large heading. Spaced as it is printed, so the extracted text reads the same. */
  readonly heading: string;
  /** The award, e.g. `2026년 올해의 고용서비스상`. */
  readonly award: string;
  /** Label and value rows (소속, 직위, 성명 / 기관명, 분야); the awardee's name set in bold. */
  readonly rows: readonly CertificateRow[];
  readonly citation: string;
  readonly date: string;
  readonly signatory: string;
  /** Document metadata. */
  readonly documentTitle: string;
  readonly subject: string;
}

export const CERTIFICATE_HEADING = '표 창 장';
export const CERTIFICATE_SIGNATORY = '고용노동부장관';

export function certificateText(certificate: Certificate): CertificateText {
  const organization = certificate.nomineeType === 'organization';
  const name = printable(certificate.name, CERTIFICATE_LIMITS.name);
  const affiliation = printable(certificate.affiliation, CERTIFICATE_LIMITS.affiliation);
  const position = printable(certificate.position ?? '', CERTIFICATE_LIMITS.position);
  const category = printable(certificate.categoryName, CERTIFICATE_LIMITS.category);
  const award = printable(certificate.cycleTitle, CERTIFICATE_LIMITS.title);
  const awardee: CertificateRow = { label: organization ? '기관명' : '성명', value: name, emphasis: true };
  const rows: CertificateRow[] = organization
    ? [awardee, { label: '소속', value: affiliation }, { label: '분야', value: category }]
    : [
        { label: '소속', value: affiliation },
        { label: '직위', value: position },
        awardee,
        { label: '분야', value: category },
      ];
  const subjectWord = organization ? '위 기관은' : '위 사람은';
  return {
    heading: CERTIFICATE_HEADING,
    award,
    rows: rows.filter((row) => row.value !== ''),
    citation:
      `${subjectWord} 국민을 위한 고용서비스 현장에서 투철한 사명감과 남다른 열정으로 맡은 바 직무에 ` +
      `헌신하여 고용서비스 발전에 기여한 공이 크므로 이에 표창합니다.`,
    date: koreanDate(certificate.awardedAt),
    signatory: CERTIFICATE_SIGNATORY,
    documentTitle: `표창장 - ${name}`,
    subject: `${award} ${category}`,
  };
}

/** `표창장_김민지.pdf`: no path separators or unprintable characters, at most 60 characters of name. */
export function certificateFilename(name: string): string {
  const safe = printable(name, 60)
    .replace(/[\\/:*?"<>|%]/g, '_')
    .replace(/\s+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.+/, '');
  return `표창장_${safe || '수상자'}.pdf`;
}

/** The download page's answers when there is no certificate (yet). */
export const CERTIFICATE_MESSAGES = {
  notAwarded: {
    title: '표창장을 내려받을 수 없습니다',
    message:
      '표창장은 장관 승인으로 수상이 확정된 추천서에만 발급됩니다. 진행 상황은 현황 페이지에서 확인해 주세요.',
  },
  notIssued: {
    title: '발급된 표창장이 없습니다',
    message:
      '이 추천서의 표창장은 아직 발급되지 않았습니다. 수상이 막 확정되었다면 잠시 후 다시 시도해 주시고, 계속 보이지 않으면 고용서비스상 사무국에 문의해 주세요.',
  },
} as const;
