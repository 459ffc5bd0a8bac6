/**
 * The HQ export at scale: `npx tsx bench/export-scale.ts [count]` (default 10,000) seeds `count`
 * nominations (the record with its gsi1 keys and three audit events each) into an in-memory DynamoDB
 * Local, then times what the `export` function does for one request: the reads (gsi1 pages, one
 * Query per nomination, 32 at a time), the rows, the CSV (gzipped, as browsers accept) and the XLSX
 * with their base64 answers, against the function's 29 s timeout and Lambda's 6 MB response limit.
 * DynamoDB Local is far slower per request than DynamoDB: a time well inside the budget here is a
 * time well inside it on AWS.
 */
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toCsv } from '../functions/adapters/csv';
import { DynamoCycleExportReader } from '../functions/adapters/dynamo-cycle-export';
import { keys } from '../functions/adapters/dynamo-table';
import { xlsxBytes } from '../functions/adapters/xlsx';
import { FUNCTION_TIMEOUT_SECONDS } from '../functions/contracts/names';
import { inPool } from '../functions/domain/pool';
import { readCycleExport } from '../functions/use-cases/export-cycle';
import { buildExportRows, EXPORT_HEADER, exportSheets } from '../functions/views/export-columns';
import { ensureTable, localCredentials, startDynamoDbLocal } from '../local/dynamodb-local';
import { freePort } from '../local/ports';

const COUNT = Number(process.argv[2] ?? 10_000);
const TABLE = 'export-scale';
const CATEGORIES = ['job-matching', 'regional-cooperation', 'vocational-training', 'insurance-integrity'];
const STAGES = ['center_review', 'hq_review', 'minister_approval', 'awarded', 'rejected'];

function itemsOf(index: number): Record<string, unknown>[] {
  const id = `2026-${String(index).padStart(20, '0')}`;
  const at = new Date(Date.UTC(2026, 9, 1) + index * 60_000).toISOString();
  const stage = STAGES[index % STAGES.length] as string;
  return [
    {
      ...keys.nomination(id),
      ...keys.byCycleAndStage('2026', stage, at, id),
      id,
      cycle: '2026',
      stage,
      category: CATEGORIES[index % CATEGORIES.length],
      nomineeType: index % 8 === 0 ? 'organization' : 'individual',
      centerId: 'seoul',
      centerName: '서울고용복지플러스센터',
      nominee: { name: `후보${index}`, affiliation: '서울고용복지플러스센터 취업지원과', position: '주무관' },
      meritSummary: '공적 요지 '.repeat(40),
      createdAt: at,
      updatedAt: at,
      version: 3,
    },
    { ...keys.event(id, at, 'a'), type: 'submitted', at, actor: 'center' },
    {
      ...keys.event(id, at, 'b'),
      type: 'decided',
      at,
      actor: 'head.seoul@example.test',
      stage: 'center_review',
      decision: 'approve',
      comment: '현장 성과가 뚜렷하여 본부 심사에 추천합니다.',
    },
    {
      ...keys.event(id, at, 'c'),
      type: 'decided',
      at,
      actor: 'hq.reviewer@example.test',
      stage: 'hq_review',
      decision: 'approve',
      comment: '우수 사례로 장관 승인을 요청합니다.',
    },
  ];
}

async function main() {
  const port = await freePort();
  const dynamodb = await startDynamoDbLocal({ port });
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'ap-northeast-2',
    credentials: localCredentials,
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTable(dynamodb.endpoint, TABLE);
    const seedStarted = performance.now();
    const batches: Record<string, unknown>[][] = [];
    let batch: Record<string, unknown>[] = [];
    for (let index = 0; index < COUNT; index++) {
      for (const item of itemsOf(index)) {
        batch.push(item);
        if (batch.length === 25) {
          batches.push(batch);
          batch = [];
        }
      }
    }
    if (batch.length) batches.push(batch);
    await inPool(batches, 16, async (items) => {
      let pending = items.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
        pending = (result.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
      }
    });
    console.log(`seeded ${COUNT} nominations in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const reader = new DynamoCycleExportReader(db, TABLE);
    const started = performance.now();
    const sources = await readCycleExport('2026', { reader, concurrency: 32 });
    const readMs = performance.now() - started;
    const rows = buildExportRows(sources);
    const csv = gzipSync(
      Buffer.from(
        toCsv(
          EXPORT_HEADER,
          rows.map((row) => row.cells),
        ),
        'utf8',
      ),
    );
    const csvMs = performance.now() - started;
    const xlsxStarted = performance.now();
    const xlsx = await xlsxBytes(EXPORT_HEADER, exportSheets(rows));
    const xlsxMs = performance.now() - xlsxStarted;
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
    console.log(
      `rows ${rows.length}; reads ${(readMs / 1000).toFixed(1)} s (timeout ${FUNCTION_TIMEOUT_SECONDS.export} s)`,
    );
    console.log(
      `csv (gzip) total ${(csvMs / 1000).toFixed(1)} s, base64 ${mb(csv.toString('base64').length)}`,
    );
    console.log(`xlsx +${(xlsxMs / 1000).toFixed(1)} s, base64 ${mb(xlsx.toString('base64').length)}`);
    console.log(`heap used ${mb(process.memoryUsage().heapUsed)}, rss ${mb(process.memoryUsage().rss)}`);
  } finally {
    db.destroy();
    await dynamodb.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
