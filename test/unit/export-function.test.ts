import { gunzipSync } from 'node:zlib';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import readXlsxFile from 'read-excel-file/node';
import { keys } from '../../functions/adapters/dynamo-table';
import { contentDisposition } from '../../functions/adapters/http-download';
import { randomIds } from '../../functions/adapters/random-ids';
import { hashLinkId } from '../../functions/domain/secret-links';
import {
  type CycleExportReader,
  ExportOutOfTime,
  readCycleExport,
} from '../../functions/use-cases/export-cycle';
import { ALL_SHEET, buildExportRows, EXPORT_HEADER } from '../../functions/views/export-columns';

/**
 * The `export` HTTP function (GET /reviews/{reviewId}/export) against a mocked table: the files read
 * back (a CSV parse, read-excel-file) to the rows of the use case; refusals as Korean pages; HEAD.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const TABLE = 'award-test';
const DAY = 24 * 60 * 60 * 1000;

type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}>;
let handler: Handler;

const saved = process.env.TABLE_NAME;
beforeAll(() => {
  process.env.TABLE_NAME = TABLE;
  // Not isolated: the function must use the same (mocked) SDK module as this file.
  handler = require('../../functions/export').handler as Handler;
});
afterAll(() => {
  if (saved === undefined) delete process.env.TABLE_NAME;
  else process.env.TABLE_NAME = saved;
});

const NOMINATIONS = [
  {
    id: '2026-bbbbbbbbbbbbbbbbbbbb',
    cycle: '2026',
    stage: 'hq_review',
    category: 'job-matching',
    nomineeType: 'individual',
    centerId: 'seoul',
    centerName: '서울고용복지플러스센터',
    createdAt: '2026-10-02T00:00:00.000Z',
    updatedAt: '2026-10-02T03:00:00.000Z',
  },
  {
    id: '2026-cccccccccccccccccccc',
    cycle: '2026',
    stage: 'awarded',
    category: 'insurance-integrity',
    nomineeType: 'organization',
    centerId: 'busan',
    centerName: '부산고용복지플러스센터',
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-05T03:00:00.000Z',
  },
];

const TRAILS: Record<string, Record<string, unknown>[]> = {
  '2026-bbbbbbbbbbbbbbbbbbbb': [
    { sk: 'EVENT#2026-10-02T00:00:00.000Z#a', type: 'submitted', at: '2026-10-02T00:00:00.000Z' },
    {
      sk: 'EVENT#2026-10-02T01:00:00.000Z#b',
      type: 'decided',
      stage: 'center_review',
      decision: 'approve',
      at: '2026-10-02T01:00:00.000Z',
      comment: '=cmd|"적극 추천", 둘째\n줄',
    },
    {
      sk: 'NOMINATION',
      nominee: { name: '김하나', affiliation: '서울센터', position: '주무관' },
      correctionRound: 1,
    },
  ],
  '2026-cccccccccccccccccccc': [
    {
      sk: 'EVENT#2026-10-05T01:00:00.000Z#c',
      type: 'decided',
      stage: 'minister_approval',
      decision: 'approve',
      at: '2026-10-05T01:00:00.000Z',
    },
    { sk: 'NOMINATION', nominee: { name: '부산센터 취업지원팀', affiliation: '부산센터' } },
  ],
};

const CATEGORY_NAMES = new Map([
  ['job-matching', '수요자 맞춤형 취업·채용지원 서비스'],
  ['insurance-integrity', '건전한 고용보험사업 운영'],
]);

function storeLink(reviewId: string, link: { stage: string; expiresAt: string; cycle?: string }) {
  dynamo.on(GetCommand, { Key: keys.reviewLink(hashLinkId(reviewId)) }).resolves({
    Item: {
      ...keys.reviewLink(hashLinkId(reviewId)),
      idHash: hashLinkId(reviewId),
      cycle: link.cycle ?? '2026',
      stage: link.stage,
      reviewer: { name: '본부 심사자', email: 'hq.reviewer@example.test' },
      linkNonce: 'n'.repeat(43),
      createdAt: new Date(Date.now() - DAY).toISOString(),
      expiresAt: link.expiresAt,
    },
  });
}

const hqId = randomIds.linkId();
const ministerId = randomIds.linkId();
const expiredId = randomIds.linkId();
const centerId = randomIds.linkId();
const future = new Date(Date.now() + 10 * DAY).toISOString();

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({});
  // The configuration items: none, so the shipped cycles (2026 with its categories).
  dynamo.on(QueryCommand, { KeyConditionExpression: 'pk = :pk' }).resolves({ Items: [] });
  dynamo
    .on(QueryCommand, { IndexName: 'gsi1' })
    .resolvesOnce({ Items: [NOMINATIONS[0] as never], LastEvaluatedKey: { pk: 'x' } })
    .resolves({ Items: [NOMINATIONS[1] as never] });
  for (const [id, items] of Object.entries(TRAILS)) {
    dynamo
      .on(QueryCommand, {
        ExpressionAttributeValues: { ':pk': `NOM#${id}`, ':from': 'EVENT#', ':to': 'NOMINATION' },
      })
      .resolves({ Items: items });
  }
  storeLink(hqId, { stage: 'hq_review', expiresAt: future });
  storeLink(ministerId, { stage: 'minister_approval', expiresAt: future });
  storeLink(expiredId, { stage: 'hq_review', expiresAt: new Date(Date.now() - 1000).toISOString() });
  storeLink(centerId, { stage: 'center_review', expiresAt: future });
});

function request(
  reviewId: string,
  query: Record<string, string> = {},
  options: { method?: string; headers?: Record<string, string> } = {},
) {
  const method = options.method ?? 'GET';
  return handler(
    {
      version: '2.0',
      routeKey: `${method} /reviews/{reviewId}/export`,
      rawPath: `/reviews/${reviewId}/export`,
      rawQueryString: new URLSearchParams(query).toString(),
      headers: { accept: 'text/html', ...options.headers },
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      pathParameters: { reviewId },
      requestContext: { http: { method, path: `/reviews/${reviewId}/export` } },
      isBase64Encoded: false,
    },
    { awsRequestId: 'r-1', functionName: 'export', getRemainingTimeInMillis: () => 29_000 },
  );
}

/** The rows the use case makes of the same table. */
async function expectedRows() {
  const reader: CycleExportReader = {
    listPage: async (_cycle, startKey) =>
      startKey
        ? { items: [NOMINATIONS[1] as never] }
        : { items: [NOMINATIONS[0] as never], nextKey: { pk: 'x' } },
    trail: async (id) => {
      const items = TRAILS[id] ?? [];
      const record = (items.find((item) => item.sk === 'NOMINATION') ?? {}) as Record<string, never>;
      const nominee = record.nominee as unknown as Record<string, string>;
      return {
        details: {
          name: nominee.name,
          affiliation: nominee.affiliation,
          ...(nominee.position ? { position: nominee.position } : {}),
          ...(record.correctionRound ? { correctionRound: record.correctionRound } : {}),
        },
        events: items.filter((item) => item.sk !== 'NOMINATION').map(({ sk: _sk, ...event }) => event),
      };
    },
  };
  return buildExportRows(await readCycleExport('2026', { reader }), CATEGORY_NAMES).map((row) => [
    ...row.cells,
  ]);
}

/** RFC 4180 parse (quotes, doubled quotes, CRLF), enough to read our own files back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const neutral = (cells: string[]) => cells.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell));

describe('GET /reviews/{reviewId}/export', () => {
  it('CSV: UTF-8 with BOM, CRLF, the use case rows, a Korean file name, no-store, security headers', async () => {
    const answer = await request(hqId, { format: 'csv' });
    expect(answer.statusCode).toBe(200);
    expect(answer.isBase64Encoded).toBe(true);
    expect(answer.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-disposition': `attachment; filename="award-2026-nominations.csv"; filename*=UTF-8''${encodeURIComponent('올해의고용서비스상_2026_추천목록.csv')}`,
    });
    expect(answer.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers?.['content-encoding']).toBeUndefined();
    const bytes = Buffer.from(answer.body ?? '', 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...EXPORT_HEADER]);
    const expected = await expectedRows();
    expect(rows.slice(1)).toEqual(expected.map(neutral));
    // By category: 건전한 고용보험사업 운영 (insurance-integrity) before job-matching; names and KST times.
    expect(rows[1]?.[2]).toBe('건전한 고용보험사업 운영');
    expect(rows[2]?.slice(4, 7)).toEqual(['김하나', '서울센터', '주무관']);
    expect(rows[2]?.[12]).toBe('2026-10-02 10:00:00 KST');
    expect(rows[2]?.[13]).toBe('\'=cmd|"적극 추천", 둘째\n줄');
    expect(dynamo.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('CSV gzipped for a client that accepts it', async () => {
    const answer = await request(
      hqId,
      { format: 'csv' },
      { headers: { 'accept-encoding': 'gzip, deflate, br' } },
    );
    expect(answer.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    const text = gunzipSync(Buffer.from(answer.body ?? '', 'base64')).toString('utf8');
    expect(parseCsv(text.slice(1)).slice(1)).toEqual((await expectedRows()).map(neutral));
  });

  it.each([[{ format: 'xlsx' }], [{}]])(
    'XLSX (%j; the default): 전체 and one sheet per category, read back to the same rows',
    async (query: Record<string, string>) => {
      const answer = await request(ministerId, query);
      expect(answer.statusCode).toBe(200);
      expect(answer.isBase64Encoded).toBe(true);
      expect(answer.headers).toMatchObject({
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'cache-control': 'no-store',
        'content-disposition': expect.stringContaining(
          `filename*=UTF-8''${encodeURIComponent('올해의고용서비스상_2026_추천목록.xlsx')}`,
        ),
      });
      const sheets = await readXlsxFile(Buffer.from(answer.body ?? '', 'base64'));
      expect(sheets.map((sheet) => sheet.sheet)).toEqual([
        ALL_SHEET,
        '건전한 고용보험사업 운영',
        '수요자 맞춤형 취업·채용지원 서비스',
      ]);
      const text = (data: unknown[][]) =>
        data.map((row) => [
          ...row.map((cell) => (cell === null ? '' : String(cell))),
          ...Array(EXPORT_HEADER.length - row.length).fill(''),
        ]);
      const expected = await expectedRows();
      expect(text(sheets[0]?.data ?? [])).toEqual([[...EXPORT_HEADER], ...expected]);
      expect(text(sheets[2]?.data ?? [])).toEqual([[...EXPORT_HEADER], expected[1]]);
    },
  );

  it('HEAD answers the headers and reads no nomination', async () => {
    const answer = await request(hqId, { format: 'csv' }, { method: 'HEAD' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBeUndefined();
    expect(answer.headers).toMatchObject({ 'content-type': 'text/csv; charset=utf-8' });
    expect(dynamo.commandCalls(QueryCommand, { IndexName: 'gsi1' })).toHaveLength(0);
  });

  it.each([
    ['an unknown link', () => randomIds.linkId(), 404],
    ['a malformed link', () => 'not-a-link', 404],
    ["a center head's stage", () => centerId, 404],
    ['an expired link', () => expiredId, 410],
  ])('%s: a Korean page, 4xx, no file', async (_label, id, status) => {
    for (const method of ['GET', 'HEAD']) {
      const answer = await request(id(), { format: 'xlsx' }, { method });
      expect(answer.statusCode).toBe(status);
      expect(answer.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers?.['content-disposition']).toBeUndefined();
      if (method === 'GET') expect(answer.body).toMatch(/[가-힣]/);
    }
    expect(dynamo.commandCalls(QueryCommand, { IndexName: 'gsi1' })).toHaveLength(0);
  });

  it('an unknown format: 400 Korean page', async () => {
    const answer = await request(hqId, { format: 'pdf' });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('csv 또는 xlsx');
  });
});

describe('export pieces', () => {
  it('Content-Disposition: ASCII fallback and RFC 5987 filename*', () => {
    expect(contentDisposition({ korean: "상장 (최종)'s.pdf", ascii: 'a"b\\c.pdf' })).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''%EC%83%81%EC%9E%A5%20%28%EC%B5%9C%EC%A2%85%29%27s.pdf`,
    );
  });

  it('reads trails concurrently and stops in time with ExportOutOfTime', async () => {
    let active = 0;
    let peak = 0;
    const ids = Array.from({ length: 200 }, (_, i) => `2026-${String(i).padStart(20, '0')}`);
    const reader: CycleExportReader = {
      listPage: async () => ({ items: ids.map((id) => ({ id, stage: 'hq_review' })) }),
      trail: async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 1));
        active--;
        return { events: [] };
      },
    };
    await expect(readCycleExport('2026', { reader, concurrency: 16 })).resolves.toHaveLength(200);
    expect(peak).toBe(16);
    let left = 20_000;
    const remainingMs = () => (left -= 100);
    await expect(readCycleExport('2026', { reader, remainingMs, reserveMs: 8_000 })).rejects.toBeInstanceOf(
      ExportOutOfTime,
    );
  });
});
