import {
  type AttachmentMeta,
  attachmentExtension,
  checkAttachments,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_STORAGE_NAME_LENGTH,
  MAX_TOTAL_ATTACHMENT_BYTES,
  safeStorageName,
} from '../../functions/domain/attachments';
import { attachmentMessage } from '../../functions/views/messages';

const MB = 1024 * 1024;
const file = (filename: string, contentType: string, size = 1000): AttachmentMeta => ({
  filename,
  contentType,
  size,
});
/** The policy's problems, worded as the intake reply says them (views/messages.ts). */
const errorsOf = (...list: AttachmentMeta[]) => checkAttachments(list).errors.map(attachmentMessage);

describe('checkAttachments: types', () => {
  it.each([
    ['공적조서.pdf', 'application/pdf'],
    ['공적조서.PDF', 'application/pdf; name="공적조서.PDF"'],
    ['공적조서.hwp', 'application/x-hwp'],
    ['공적조서.hwp', 'application/haansofthwp'],
    ['공적조서.hwpx', 'application/vnd.hancom.hwpx'],
    ['추천서.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['현장사진.JPG', 'image/jpeg'],
    ['현장사진.jpeg', 'IMAGE/JPEG'],
    ['현장사진.png', 'image/png'],
    ['공적조서.hwp', 'application/octet-stream'],
    ['현장사진.Png', 'application/octet-stream'],
  ])('accepts %s sent as %s', (filename, contentType) => {
    expect(errorsOf(file(filename, contentType))).toEqual([]);
  });

  it.each([
    ['setup.exe', 'application/octet-stream'],
    ['자료.zip', 'application/zip'],
    ['공적조서.hwp.exe', 'application/x-msdownload'],
    ['추천서.doc', 'application/msword'],
    ['확장자없음', 'application/pdf'],
    // The right-to-left override shows this name as "사진exe.jpg": the real extension is exe.
    ['사진\u202Egpj.exe', 'image/jpeg'],
  ])('refuses %s, naming the file and the allowed types', (filename, contentType) => {
    const [error, ...rest] = errorsOf(file(filename, contentType));
    expect(rest).toEqual([]);
    expect(error).toContain(`첨부파일 '${safeStorageName(filename)}'`);
    expect(error).toContain('PDF, HWP, HWPX, DOCX, JPG, PNG');
  });

  it('refuses a content type that contradicts the extension', () => {
    expect(errorsOf(file('공적조서.pdf', 'image/png'))).toEqual([
      "첨부파일 '공적조서.pdf': 파일 이름의 확장자(.pdf)와 실제 파일 형식이 맞지 않습니다. 파일을 확인해 주세요.",
    ]);
    expect(errorsOf(file('사진.png', 'text/html'))).toHaveLength(1);
  });
});

describe('checkAttachments: sizes and count', () => {
  it('allows a file of exactly 10 MB and refuses a larger one', () => {
    expect(errorsOf(file('a.pdf', 'application/pdf', MAX_ATTACHMENT_BYTES))).toEqual([]);
    expect(errorsOf(file('큰파일.pdf', 'application/pdf', 12.3 * MB))).toEqual([
      "첨부파일 '큰파일.pdf': 파일 하나의 크기는 10MB 이하여야 합니다. (이 파일: 12.3MB)",
    ]);
  });

  it('refuses an empty file', () => {
    expect(errorsOf(file('빈파일.pdf', 'application/pdf', 0))).toEqual([
      "첨부파일 '빈파일.pdf': 빈 파일입니다. 내용이 있는 파일을 첨부해 주세요.",
    ]);
  });

  it('allows 25 MB in total and refuses more', () => {
    const nine = file('a.pdf', 'application/pdf', 9 * MB);
    const seven = file('b.pdf', 'application/pdf', 7 * MB);
    expect(errorsOf(nine, nine, seven)).toEqual([]);
    expect(errorsOf(nine, nine, nine)).toEqual([
      '첨부파일 전체 크기는 25MB 이하여야 합니다. (보낸 파일 합계: 27MB)',
    ]);
  });

  it('allows 10 files and refuses 11', () => {
    const photo = file('사진.jpg', 'image/jpeg');
    expect(errorsOf(...Array(MAX_ATTACHMENTS).fill(photo))).toEqual([]);
    expect(errorsOf(...Array(MAX_ATTACHMENTS + 1).fill(photo))).toEqual([
      '첨부파일은 10개까지 보낼 수 있습니다. (보낸 파일: 11개)',
    ]);
  });

  it('reports every problem of every file', () => {
    expect(
      errorsOf(file('a.exe', 'application/octet-stream', 11 * MB), file('b.pdf', 'image/png', 0)),
    ).toHaveLength(4);
  });

  it('exports the limits', () => {
    expect([MAX_ATTACHMENT_BYTES, MAX_TOTAL_ATTACHMENT_BYTES, MAX_ATTACHMENTS]).toEqual([
      10 * MB,
      25 * MB,
      10,
    ]);
  });
});

describe('safeStorageName', () => {
  it.each([
    ['2026 공적조서(김민지).hwp', '2026 공적조서(김민지).hwp'],
    ['[최종] 추천서.pdf', '(최종) 추천서.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\박서준\\바탕 화면\\공적조서.hwp', '공적조서.hwp'],
    ['공적\r\n조서\t.pdf', '공적 조서.pdf'],
    ['사진\u202Egpj.exe', '사진gpj.exe'],
    ['\u200B추천서\uFEFF.pdf', '추천서.pdf'],
    ['...숨김.pdf', '숨김.pdf'],
    ['보고서.pdf. . ', '보고서.pdf'],
    ['.pdf', '첨부파일.pdf'],
    ['..', '첨부파일'],
    ['', '첨부파일'],
    ['a<b>c:d"e|f?g*h#i%j.png', 'a_b_c_d_e_f_g_h_i_j.png'],
    [`${'공적조서'.normalize('NFD')}.hwp`, '공적조서.hwp'],
  ])('%j -> %j', (input, expected) => {
    expect(safeStorageName(input)).toBe(expected);
  });

  it('shortens long names and keeps the extension', () => {
    const name = safeStorageName(`${'가'.repeat(300)}.hwpx`);
    expect([...name]).toHaveLength(MAX_STORAGE_NAME_LENGTH);
    expect(name.endsWith('가.hwpx')).toBe(true);
  });

  it('is stable: cleaning a clean name changes nothing', () => {
    for (const input of ['../[최종] 공적조서 v2.HWP', ' 사진 (1).jpeg ', '공적\u0000조서.pdf']) {
      expect(safeStorageName(safeStorageName(input))).toBe(safeStorageName(input));
    }
  });

  it('reads the extension of the name as stored', () => {
    expect(attachmentExtension('공적조서.HWP')).toBe('hwp');
    expect(attachmentExtension('사진\u202Egpj.exe')).toBe('exe');
    expect(attachmentExtension('README')).toBe('');
  });
});
