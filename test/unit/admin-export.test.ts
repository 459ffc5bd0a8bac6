import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import readXlsxFile from 'read-excel-file/node';
import type { AuditRecord, NominationSummary } from '../../local/admin/data';
import {
  ALL_SHEET,
  buildExportRows,
  EXPORT_HEADER,
  type ExportSource,
  neutralizeFormula,
  standingDecisions,
  toCsv,
  writeXlsx,
} from '../../local/admin/export-table';
import { type CliIo, runCli } from '../../local/admin/main';
import { localTarget } from '../../local/admin/target';

const dynamo = mockClient(DynamoDBDocumentClient);

function nomination(
  id: string,
  category: string,
  stage: string,
  createdAt: string,
  extra: Partial<NominationSummary> = {},
): NominationSummary {
  return {
    id,
    cycle: '2026',
    category,
    stage,
    nomineeType: 'individual',
    centerId: 'seoul',
    centerName: '서울센터',
    createdAt,
    updatedAt: createdAt,
    ...extra,
  };
}

const decided = (stage: string, decision: string, at: string, comment?: string): AuditRecord => ({
  type: 'decided',
  actor: 'someone',
  stage,
  decision,
  at,
  ...(comment ? { comment } : {}),
});

const SOURCES: ExportSource[] = [
  {
    nomination: nomination('2026-bbbbbbbbbbbbbbbbbbbb', 'job-matching', 'hq_review', '2026-10-02T00:00:00Z'),
    details: { name: '김둘', affiliation: '=HYPERLINK("x")', position: '주무관' },
    events: [
      { type: 'submitted', at: '2026-10-02T00:00:00Z', actor: 'center' },
      // Voided (the workflow did not take it), then decided again with another comment.
      decided('center_review', 'approve', '2026-10-02T01:00:00Z', '먼저 기록된 결정'),
      { type: 'decision_voided', stage: 'center_review', decision: 'approve', at: '2026-10-02T01:00:01Z' },
      decided('center_review', 'approve', '2026-10-02T02:00:00Z', '좋음, "추천"\n둘째 줄'),
    ],
  },
  {
    nomination: nomination(
      '2026-aaaaaaaaaaaaaaaaaaaa',
      'job-matching',
      'center_review',
      '2026-10-03T00:00:00Z',
      {
        nomineeType: 'organization',
      },
    ),
    details: { name: '기관', affiliation: '소속', correctionRound: 1 },
    events: [
      decided('center_review', 'reject', '2026-10-03T01:00:00Z'),
      { type: 'decision_voided', stage: 'center_review', decision: 'reject', at: '2026-10-03T01:00:01Z' },
    ],
  },
  {
    nomination: nomination(
      '2026-cccccccccccccccccccc',
      'insurance-integrity',
      'awarded',
      '2026-10-05T00:00:00Z',
    ),
    details: { name: '박셋', affiliation: '부산센터', position: '팀장' },
    events: [
      decided('center_review', 'approve', '2026-10-05T01:00:00Z'),
      decided('hq_review', 'approve', '2026-10-05T02:00:00Z', '-적극 추천'),
      decided('minister_approval', 'approve', '2026-10-05T03:00:00Z'),
    ],
  },
];

describe('export rows', () => {
  it('takes the standing decision of each stage, skipping voided ones', () => {
    expect(standingDecisions(SOURCES[0]?.events ?? [])).toEqual({
      center_review: { decision: 'approve', at: '2026-10-02T02:00:00Z', comment: '좋음, "추천"\n둘째 줄' },
    });
    expect(standingDecisions(SOURCES[1]?.events ?? [])).toEqual({});
  });

  it('one row per nomination, by category, then stage, then submission time; KST times', () => {
    const rows = buildExportRows(SOURCES);
    expect(rows.map((row) => row.cells[0])).toEqual([
      '2026-cccccccccccccccccccc',
      '2026-aaaaaaaaaaaaaaaaaaaa',
      '2026-bbbbbbbbbbbbbbbbbbbb',
    ]);
    expect(rows[0]?.cells).toEqual([
      '2026-cccccccccccccccccccc',
      '2026',
      'insurance-integrity',
      '개인',
      '박셋',
      '부산센터',
      '팀장',
      '서울센터',
      '수상 확정',
      '2026-10-05 09:00:00 KST',
      '2026-10-05 09:00:00 KST',
      '승인',
      '2026-10-05 10:00:00 KST',
      '',
      '승인',
      '2026-10-05 11:00:00 KST',
      '-적극 추천',
      '승인',
      '2026-10-05 12:00:00 KST',
      '',
      '',
    ]);
    expect(rows[1]?.cells.slice(3, 4)).toEqual(['기관']);
    expect(rows[1]?.cells.slice(11, 14)).toEqual(['', '', '']);
    expect(rows[1]?.cells.at(-1)).toBe('1');
    expect(rows[2]?.cells.slice(11, 14)).toEqual([
      '승인',
      '2026-10-02 11:00:00 KST',
      '좋음, "추천"\n둘째 줄',
    ]);
    expect(EXPORT_HEADER).toHaveLength(rows[0]?.cells.length ?? 0);
  });
});

describe('CSV', () => {
  it('UTF-8 BOM, CRLF, RFC 4180 quoting, formula injection neutralized', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['=1+1', 'x,"y"\r\nz'],
        ['+1', '@sum'],
        ['-2', '\tx'],
        ['plain', ''],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFa,b\r\n\'=1+1,"x,""y""\r\nz"\r\n\'+1,\'@sum\r\n\'-2,\'\tx\r\nplain,\r\n');
    expect(neutralizeFormula('\rcmd')).toBe("'\rcmd");
    expect(neutralizeFormula('안전')).toBe('안전');
  });
});

describe('XLSX', () => {
  it('writes 전체 and one sheet per category, read back as the same rows', async () => {
    const rows = buildExportRows(SOURCES);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'export-')), 'out.xlsx');
    await writeXlsx(file, rows);
    const sheets = await readXlsxFile(readFileSync(file));
    const text = (data: unknown[][]) =>
      data.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
    expect(sheets.map((sheet) => sheet.sheet)).toEqual([ALL_SHEET, 'insurance-integrity', 'job-matching']);
    const pad = (cells: readonly string[]) => [...cells];
    const normalize = (data: string[][]) =>
      data.map((row) => [...row, ...Array(EXPORT_HEADER.length - row.length).fill('')]);
    expect(normalize(text(sheets[0]?.data ?? []))).toEqual([
      [...EXPORT_HEADER],
      ...rows.map((row) => pad(row.cells)),
    ]);
    expect(normalize(text(sheets[2]?.data ?? []))).toEqual([
      [...EXPORT_HEADER],
      ...rows.filter((row) => row.category === 'job-matching').map((row) => pad(row.cells)),
    ]);
  });
});

describe('admin export command', () => {
  function capture() {
    let out = '';
    let err = '';
    const stderr = Object.assign(new PassThrough(), { isTTY: false });
    stderr.on('data', (chunk) => {
      err += chunk;
    });
    const io: CliIo = {
      stdout: { write: (text: string) => (out += text) },
      stderr,
      stdin: Object.assign(new PassThrough(), { isTTY: false }),
      env: {},
    } as unknown as CliIo;
    return { io, stdout: () => out, stderr: () => err };
  }
  async function cli(argv: string[]) {
    const captured = capture();
    const code = await runCli(argv, captured.io, {
      resolveTarget: async () => localTarget({}),
      now: () => new Date('2026-11-03T00:00:00Z'),
    });
    return { code, ...captured };
  }
  beforeEach(() => dynamo.reset());

  it('reads by Query and GetItem (no Scan) and writes the CSV; --json is a summary', async () => {
    const id = '2026-abcdefghijkmnpqrstuv';
    dynamo
      .on(QueryCommand, { IndexName: 'gsi1' })
      .resolves({ Items: [{ ...nomination(id, 'job-matching', 'hq_review', '2026-10-02T00:00:00Z') }] });
    dynamo
      .on(QueryCommand, { KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)' })
      .resolves({ Items: [decided('center_review', 'approve', '2026-10-02T01:00:00Z', '@좋음')] });
    dynamo.on(GetCommand).resolves({ Item: { nominee: { name: '이관리', affiliation: '서울' } } });
    // The cycle settings in the table (none here: the shipped ones name the categories).
    dynamo.on(QueryCommand, { KeyConditionExpression: 'pk = :pk' }).resolves({ Items: [] });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'export-')), 'out.csv');
    const result = await cli(['export', '--cycle', '2026', '--format', 'csv', '--out', file, '--json']);
    expect(result.stderr()).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout())).toEqual({ cycle: '2026', format: 'csv', file, rows: 1 });
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith(`\uFEFF${EXPORT_HEADER.join(',')}\r\n`)).toBe(true);
    expect(csv).toContain(
      `${id},2026,수요자 맞춤형 취업·채용지원 서비스,개인,이관리,서울,,서울센터,본부 심사,`,
    );
    expect(csv).toContain(",승인,2026-10-02 10:00:00 KST,'@좋음,");
    expect(dynamo.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('bad format, missing year: usage (exit 2); unwritable path and an empty cycle: exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'export-'));
    const bad = await cli(['export', '--cycle', '2026', '--format', 'pdf', '--out', path.join(dir, 'x.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr()).toContain('알 수 없는 형식입니다');
    expect(bad.stderr()).toContain('unknown format');
    expect((await cli(['export', '--cycle', '26', '--out', path.join(dir, 'x.csv')])).code).toBe(2);

    const unwritable = await cli(['export', '--cycle', '2026', '--out', path.join(dir, 'nope', 'x.csv')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr()).toContain('파일을 쓸 수 없습니다');
    expect(unwritable.stderr()).toContain('cannot write the file');

    dynamo.on(QueryCommand).resolves({ Items: [] });
    const empty = await cli(['export', '--cycle', '1999', '--out', path.join(dir, 'x.xlsx')]);
    expect(empty.code).toBe(1);
    expect(empty.stderr()).toContain('1999년 추천서가 없습니다');
    expect(empty.stderr()).toContain('unknown cycle or no nominations');
  });
});
