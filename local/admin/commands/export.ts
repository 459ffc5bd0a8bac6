import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CycleExportReader, readCycleExport } from '../../../functions/use-cases/export-cycle';
import type { Command, CommandContext } from '../command';
import type { AdminData } from '../data';
import { CliError, usageError } from '../errors';
import {
  buildExportRows,
  EXPORT_FORMATS,
  EXPORT_HEADER,
  type ExportFormat,
  type ExportSource,
  toCsv,
  writeXlsx,
} from '../export-table';
import { count } from '../format';

interface ExportRequest {
  readonly cycle: string;
  readonly format: ExportFormat;
  readonly file: string;
}

function requestFrom(context: CommandContext): ExportRequest {
  const { cycle, format, out } = context.options;
  if (typeof cycle !== 'string' || !/^\d{4}$/.test(cycle)) {
    throw usageError(
      `export: --cycle은 연도(예: 2026)여야 합니다: ${cycle ?? '(없음)'} (--cycle must be a year).`,
    );
  }
  if (typeof out !== 'string' || out.trim() === '') {
    throw usageError('export: --out <파일>이 필요합니다 (--out <file> is required).');
  }
  const extension = path.extname(out).slice(1).toLowerCase();
  const chosen = typeof format === 'string' ? format : extension;
  if (!(EXPORT_FORMATS as readonly string[]).includes(chosen)) {
    throw usageError(
      `export: 알 수 없는 형식입니다: ${chosen || '(없음)'} (unknown format). 형식: ${EXPORT_FORMATS.join(', ')}`,
    );
  }
  return { cycle, format: chosen as ExportFormat, file: path.resolve(out) };
}

function unwritable(file: string, detail: string): CliError {
  return new CliError(
    'unwritable',
    `파일을 쓸 수 없습니다: ${file} (${detail}) (cannot write the file: check the path and permissions).`,
  );
}

/** Fails before any read when the file cannot be written (missing directory, no permission, a directory). */
async function checkWritable(file: string): Promise<void> {
  const dir = path.dirname(file);
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw unwritable(file, (error as NodeJS.ErrnoException).code ?? 'not writable');
  }
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw unwritable(file, 'EISDIR');
  if (existing) {
    try {
      await access(file, constants.W_OK);
    } catch (error) {
      throw unwritable(file, (error as NodeJS.ErrnoException).code ?? 'not writable');
    }
  }
}

/**
 * Every nomination of the cycle, then its details and audit trail, with a progress bar: the shared
 * core (functions/use-cases/export-cycle.ts) over the CLI's own reads (errors become CliErrors).
 */
async function readSources(data: AdminData, cycle: string, context: CommandContext): Promise<ExportSource[]> {
  const progress = context.progress('추천서 읽는 중 (reading)');
  const reader: CycleExportReader = {
    listPage: (year, startKey) => data.listPage({ cycle: year }, startKey),
    trail: async (id) => {
      const [details, events] = await Promise.all([data.exportDetails(id), data.auditEvents(id)]);
      return { ...(details ? { details } : {}), events };
    },
  };
  try {
    return await readCycleExport(cycle, {
      reader,
      concurrency: 8,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
}

export const exportCommand: Command = {
  summary: '연도별 추천서 내보내기, CSV·XLSX (export a cycle’s nominations for HQ)',
  description:
    '추천서마다 한 줄: 분야·단계·접수 순, 단계별 결정·일시·의견은 처리 이력에서 (취소된 결정 제외).\n' +
    'CSV는 UTF-8(BOM)·CRLF, XLSX는 분야별 시트와 "전체" 시트 (one row per nomination; decisions from the audit trail).',
  options: {
    cycle: { type: 'string', value: '<year>', description: '포상 연도 (cycle year), 예: 2026' },
    format: {
      type: 'string',
      value: '<csv|xlsx>',
      description: '파일 형식 (file format); 생략하면 --out의 확장자 (default: the file extension)',
    },
    out: { type: 'string', value: '<file>', description: '쓸 파일 (output file)' },
  },
  examples: [
    'export --cycle 2026 --format csv --out nominations-2026.csv',
    'export --cycle 2026 --out 2026.xlsx',
  ],

  async run(context) {
    const request = requestFrom(context);
    await checkWritable(request.file);
    const data = await context.data();
    const sources = await readSources(data, request.cycle, context);
    if (sources.length === 0) {
      throw new CliError(
        'not_found',
        `${request.cycle}년 추천서가 없습니다: 연도를 확인하세요 (unknown cycle or no nominations: ${request.cycle}).`,
      );
    }
    const cycle = (await data.liveConfig()).cycles.find((each) => each.year === request.cycle);
    const rows = buildExportRows(
      sources,
      new Map((cycle?.categories ?? []).map((category) => [category.id, category.name])),
    );
    try {
      if (request.format === 'csv') {
        await writeFile(
          request.file,
          toCsv(
            EXPORT_HEADER,
            rows.map((row) => row.cells),
          ),
          'utf8',
        );
      } else {
        await writeXlsx(request.file, rows);
      }
    } catch (error) {
      throw unwritable(request.file, (error as NodeJS.ErrnoException).code ?? String(error));
    }
    return {
      data: { cycle: request.cycle, format: request.format, file: request.file, rows: rows.length },
      text: `${count(rows.length)}건을 내보냈습니다 (exported): ${request.file} (${request.format})\n`,
    };
  },
};
