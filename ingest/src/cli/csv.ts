/**
 * A small RFC 4180 CSV reader that keeps the line number each record starts on, so a manifest error
 * can say "line 7" even when an earlier cell holds a quoted line break. Spreadsheet exports differ
 * in separator (a comma, or a semicolon where the comma is the decimal mark, as in Kazakh and
 * Russian locales): the header line decides. A leading byte-order mark (Excel's "CSV UTF-8") is dropped.
 */

export interface CsvRecord {
  /** 1-based line of the file where this record starts. */
  line: number;
  cells: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function detectSeparator(text: string): ',' | ';' | '\t' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  const best = ([',', ';', '\t'] as const).map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

export function parseCsv(input: string): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const separator = detectSeparator(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;

  const endCell = () => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    // Blank lines (and a trailing newline) are not records.
    if (cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell.trim() !== '') throw new CsvError(line, 'a quote in the middle of a cell; put the whole cell in quotes and double the quote ("")');
      cell = '';
      quoted = true;
      wasQuoted = true;
    } else if (c === separator) endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else if (wasQuoted) {
      // Spaces after a closing quote are dropped; anything else there is a mistake.
      if (c.trim() !== '') throw new CsvError(line, 'text after a closing quote; put the whole cell in quotes');
    } else cell += c;
  }
  if (quoted) throw new CsvError(recordLine, 'a quoted cell is never closed (a missing " )');
  endRecord();
  return records;
}

/** One CSV record, quoting only the cells that need it (a separator, a quote or a line break). */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",;\r\n\t]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
}
