/** A value a spreadsheet would read as a formula (= + - @, or a leading tab/CR) gets an apostrophe first. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * RFC 4180 CSV: UTF-8 with a BOM (Korean Excel then reads it as UTF-8, not CP949), CRLF line ends,
 * quoted where needed, formulas neutralised.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
