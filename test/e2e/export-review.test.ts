import { gunzipSync } from 'node:zlib';
import readXlsxFile from 'read-excel-file/node';
import { shippedConfig } from '../../functions/adapters/config';
import { DynamoCycleExportReader } from '../../functions/adapters/dynamo-cycle-export';
import { DynamoReviewLinkRepository } from '../../functions/adapters/dynamo-review-links';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { randomIds } from '../../functions/adapters/random-ids';
import { createLinkKey } from '../../functions/adapters/secrets-link-key';
import { linkTo, pathTo } from '../../functions/contracts/routes';
import { hashLinkId } from '../../functions/domain/secret-links';
import { readCycleExport } from '../../functions/use-cases/export-cycle';
import { ALL_SHEET, buildExportRows, EXPORT_HEADER } from '../../functions/views/export-columns';
import { seedWaitingAtHq } from '../support/batch';
import { startTestStack } from '../support/stack';

/**
 * HQ's download over the whole local stack (DynamoDB Local, the gateway, the `export` function):
 * nominations seeded at HQ review through the functions' own repositories and use cases, the HQ
 * reviewer's real batch review link, the files fetched over HTTP and read back to the use case's rows.
 */
const COUNT = 40;

let stack: Awaited<ReturnType<typeof startTestStack>>['stack'];
let close: () => Promise<void>;
let reviewId: string;
let expected: string[][];
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  ({ stack, close } = await startTestStack({ reminderSweepSeconds: 0 }));
  // After the stack: the client finds DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.
  db = createDocumentClient();
  ({ reviewId } = await seedWaitingAtHq({
    tableName: stack.tableName,
    count: COUNT,
    linkKey: createLinkKey({ LINK_KEY_SECRET_ID: process.env.LINK_KEY_SECRET_ID ?? '' }),
    publicUrl: stack.urls.web,
  }));
  const cycle = shippedConfig().cycles.find((each) => each.year === '2026');
  const sources = await readCycleExport('2026', { reader: new DynamoCycleExportReader(db, stack.tableName) });
  expected = buildExportRows(
    sources,
    new Map((cycle?.categories ?? []).map((category) => [category.id, category.name])),
  ).map((row) => [...row.cells]);
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await close?.();
});

const exportUrl = (id: string, format?: string) =>
  `${linkTo(stack.urls.web, 'exportReview', { reviewId: id })}${format ? `?format=${format}` : ''}`;

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

it("HQ's review page links both exports, and the links it gives answer with files", async () => {
  const page = await (await fetch(linkTo(stack.urls.web, 'review', { reviewId }))).text();
  const hrefs = [...page.matchAll(/<a href="([^"]*\/export\?format=(?:xlsx|csv))" download>/g)].map(
    (m) => m[1] as string,
  );
  expect(hrefs).toEqual([
    `${pathTo('exportReview', { reviewId })}?format=xlsx`,
    `${pathTo('exportReview', { reviewId })}?format=csv`,
  ]);
  for (const href of hrefs) {
    const answer = await fetch(new URL(href, stack.urls.web), { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
  }
});

it('the use case reads every seeded nomination', () => {
  expect(expected).toHaveLength(COUNT);
  expect(expected.every((cells) => cells[8] === '본부 심사')).toBe(true);
});

it('CSV over the gateway: BOM, CRLF, the same rows, an attachment with the Korean name', async () => {
  const answer = await fetch(exportUrl(reviewId, 'csv'), { headers: { 'accept-encoding': 'identity' } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(answer.headers.get('content-disposition')).toBe(
    `attachment; filename="award-2026-nominations.csv"; filename*=UTF-8''${encodeURIComponent('올해의고용서비스상_2026_추천목록.csv')}`,
  );
  const bytes = Buffer.from(await answer.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(bytes.toString('utf8').slice(1));
  expect(rows).toEqual([[...EXPORT_HEADER], ...expected]);
});

it('CSV gzipped for a client that accepts it (fetch decodes it)', async () => {
  const answer = await fetch(exportUrl(reviewId, 'csv'), { headers: { 'accept-encoding': 'gzip' } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-encoding')).toBe('gzip');
  const text = await answer.text();
  expect(parseCsv(text.replace(/^\uFEFF/, ''))).toEqual([[...EXPORT_HEADER], ...expected]);
  // The raw bytes really are gzip.
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const url = new URL(exportUrl(reviewId, 'csv'));
    import('node:http').then(({ get }) =>
      get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject),
    );
  });
  expect(gunzipSync(raw).toString('utf8').startsWith('\uFEFF추천번호,')).toBe(true);
});

it('XLSX over the gateway: 전체 and a sheet per category, the same rows', async () => {
  const answer = await fetch(exportUrl(reviewId, 'xlsx'));
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(answer.headers.get('content-disposition')).toContain(
    `filename*=UTF-8''${encodeURIComponent('올해의고용서비스상_2026_추천목록.xlsx')}`,
  );
  const sheets = await readXlsxFile(Buffer.from(await answer.arrayBuffer()));
  expect(sheets[0]?.sheet).toBe(ALL_SHEET);
  const text = (data: unknown[][]) =>
    data.map((row) => [
      ...row.map((cell) => (cell === null ? '' : String(cell))),
      ...Array(EXPORT_HEADER.length - row.length).fill(''),
    ]);
  expect(text(sheets[0]?.data ?? [])).toEqual([[...EXPORT_HEADER], ...expected]);
  const perCategory = sheets.slice(1).reduce((sum, sheet) => sum + sheet.data.length - 1, 0);
  expect(perCategory).toBe(COUNT);
});

it('HEAD answers 200 with the headers and no body', async () => {
  const answer = await fetch(exportUrl(reviewId, 'xlsx'), { method: 'HEAD' });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-disposition')).toContain('attachment;');
  expect((await answer.arrayBuffer()).byteLength).toBe(0);
});

it('bad, expired and center-stage links: Korean pages with 404/410, never a file', async () => {
  const links = new DynamoReviewLinkRepository(db, stack.tableName);
  const stored = async (stage: string, expiresAt: string) => {
    const id = randomIds.linkId();
    await links.create({
      idHash: hashLinkId(id),
      cycle: '2026',
      stage: stage as 'hq_review',
      reviewer: { name: '다른 사람', email: `someone.${stage}.${Date.now()}@example.test` },
      linkNonce: randomIds.linkId(),
      createdAt: new Date().toISOString(),
      expiresAt,
    });
    return id;
  };
  const expired = await stored('hq_review', new Date(Date.now() - 60_000).toISOString());
  const center = await stored('center_review', new Date(Date.now() + 86_400_000).toISOString());
  for (const [id, status] of [
    [randomIds.linkId(), 404],
    ['nonsense', 404],
    [center, 404],
    [expired, 410],
  ] as const) {
    for (const method of ['GET', 'HEAD']) {
      const answer = await fetch(exportUrl(id, 'csv'), { method });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-disposition')).toBeNull();
      if (method === 'GET') expect(await answer.text()).toMatch(/링크/);
    }
  }
  const bad = await fetch(exportUrl(reviewId, 'pdf'));
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('csv 또는 xlsx');
});
