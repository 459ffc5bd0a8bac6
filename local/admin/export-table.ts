/**
 * The HQ export of a cycle (admin CLI `export`): the one core lives with the functions, shared with
 * the `export` HTTP function behind the batch review page: the rows and standing decisions
 * (functions/use-cases/export-cycle.ts), the Korean columns and sheets (functions/views/export-columns.ts),
 * the CSV and XLSX writers (functions/adapters/csv.ts, xlsx.ts). This module only writes the file.
 */
import { writeFile } from 'node:fs/promises';
import { xlsxBytes } from '../../functions/adapters/xlsx';
import { EXPORT_HEADER, type ExportRow, exportSheets } from '../../functions/views/export-columns';

export { neutralizeFormula, toCsv } from '../../functions/adapters/csv';
export {
  type ExportSource,
  type StageDecision,
  standingDecisions,
} from '../../functions/use-cases/export-cycle';
export {
  ALL_SHEET,
  buildExportRows,
  EXPORT_FORMATS,
  EXPORT_HEADER,
  type ExportFormat,
  type ExportRow,
  exportSheets,
} from '../../functions/views/export-columns';

/** Writes the XLSX file (text cells only: nothing is read as a formula). */
export async function writeXlsx(file: string, rows: readonly ExportRow[]): Promise<void> {
  await writeFile(file, await xlsxBytes(EXPORT_HEADER, exportSheets(rows)));
}
