import writeXlsxFile from 'write-excel-file/node';

/**
 * An XLSX workbook of text cells (nothing is read as a formula): a bold, frozen header row on every
 * sheet, columns sized from the header. Only the `export` function and the admin CLI load this
 * (write-excel-file stays out of the other bundles).
 */
export async function xlsxBytes(
  header: readonly string[],
  sheets: readonly { readonly sheet: string; readonly rows: readonly (readonly string[])[] }[],
): Promise<Buffer> {
  const top = header.map((title) => ({ value: title, type: String, fontWeight: 'bold' as const }));
  return writeXlsxFile(
    sheets.map(({ sheet, rows }) => ({
      sheet,
      stickyRowsCount: 1,
      data: [top, ...rows.map((cells) => cells.map((value) => ({ value, type: String })))],
      columns: header.map((title) => ({ width: Math.max(10, title.length * 2 + 2) })),
    })),
  ).toBuffer();
}
