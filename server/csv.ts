/**
 * CSV as spreadsheet programs read it: UTF-8 with a byte-order mark (without it Excel takes the file
 * for the local code page and Cyrillic and Kazakh letters turn into mojibake), CRLF line ends
 * (RFC 4180), every field that holds a comma, quote or line break quoted with doubled quotes.
 * A text field starting with = + - @ gets a leading apostrophe so a spreadsheet never runs it as a
 * formula (CSV injection); numbers are written as they are.
 */
export const CSV_BOM = '\uFEFF';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null;
}

/** One field: numbers as they are, text guarded against formulas and quoted when it must be. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === undefined) return '';
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((column) => csvCell(column.header)).join(','), ...rows.map((row) => columns.map((column) => csvCell(column.value(row))).join(','))];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** Reads back what `toCsv` writes (quoted fields, doubled quotes, CRLF); for tests and imports. */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}
