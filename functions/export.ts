/**
 * The `export` function: HQ's download of a cycle (CSV or XLSX) from the batch review page, through
 * the reviewer's batch review link. Its own bundle and role: it only reads the table (Query and
 * GetItem), never mails, never reads the link key (a link is found by the SHA-256 of its id), and it
 * carries the spreadsheet writer the approvers' `review` bundle does without.
 */

import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { toCsv } from './adapters/csv';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoCycleExportReader } from './adapters/dynamo-cycle-export';
import { DynamoReviewLinkRepository } from './adapters/dynamo-review-links';
import { createDocumentClient } from './adapters/dynamo-table';
import { BadRequest, type HttpEvent, type HttpResult } from './adapters/http';
import { DownloadTooLarge, download } from './adapters/http-download';
import { log } from './adapters/middleware';
import { httpFunction, type RouteDeps } from './adapters/web-router';
import { xlsxBytes } from './adapters/xlsx';
import { openExportLink, readCycleExport } from './use-cases/export-cycle';
import {
  buildExportRows,
  EXPORT_FORMATS,
  EXPORT_HEADER,
  EXPORT_MESSAGES,
  type ExportFormat,
  exportFileName,
  exportSheets,
  isExportFormat,
} from './views/export-columns';
import { commonMessage } from './views/messages';

const env = readEnv('TABLE_NAME', 'CONFIG_CACHE_SECONDS');
const db = createDocumentClient();
const services = {
  reviewLinks: new DynamoReviewLinkRepository(db, env.TABLE_NAME),
  reader: new DynamoCycleExportReader(db, env.TABLE_NAME),
  clock: systemClock,
};

type Deps = RouteDeps<typeof services>;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `?format=csv|xlsx`; absent: xlsx (what HQ opens in Excel). */
function formatOf(event: HttpEvent): ExportFormat {
  const format = event.queryStringParameters?.format?.trim().toLowerCase() || 'xlsx';
  if (isExportFormat(format)) return format;
  throw new BadRequest(400, {
    format: EXPORT_MESSAGES.badFormat(EXPORT_FORMATS),
  });
}

async function fileBody(format: ExportFormat, rows: ReturnType<typeof buildExportRows>): Promise<Uint8Array> {
  if (format === 'csv')
    return Buffer.from(
      toCsv(
        EXPORT_HEADER,
        rows.map((row) => row.cells),
      ),
      'utf8',
    );
  return xlsxBytes(EXPORT_HEADER, exportSheets(rows));
}

/** GET (and HEAD) /reviews/{reviewId}/export?format=csv|xlsx: the link's cycle, every nomination, by category. */
const exportReview = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const reviewId = event.pathParameters?.reviewId ?? '';
  const format = formatOf(event);
  const { link, cycle } = await openExportLink(reviewId, deps);
  const answer = { contentType: CONTENT_TYPES[format], fileName: exportFileName(link.cycle, format) };
  // HEAD (link checkers, mail scanners): the headers only; the cycle is not read.
  if (event.routeKey.startsWith('HEAD '))
    return download(event, { ...answer, body: undefined, compressible: format === 'csv' });
  const sources = await readCycleExport(link.cycle, {
    reader: deps.reader,
    concurrency: 32,
    remainingMs: deps.remainingMs,
    reserveMs: 8_000,
  });
  const rows = buildExportRows(
    sources,
    new Map((cycle?.categories ?? []).map((category) => [category.id, category.name])),
  );
  try {
    const result = download(event, {
      ...answer,
      body: await fileBody(format, rows),
      compressible: format === 'csv',
    });
    log('info', 'cycle exported', { cycle: link.cycle, stage: link.stage, format, rows: rows.length });
    return result;
  } catch (error) {
    if (!(error instanceof DownloadTooLarge)) throw error;
    log('warn', 'export too large', { cycle: link.cycle, format, chars: error.chars });
    throw new BadRequest(413, { _: EXPORT_MESSAGES.tooLarge });
  }
};

export const { handler, routes } = httpFunction('export', {
  services,
  config: createConfigSource(db, env),
  handlers: { exportReview },
  wording: { fields: commonMessage },
});
