/**
 * The run's report: one entry per manifest row with its interview's studio link, or why it was not
 * imported. Printed at the end and written next to the manifest (a CSV a spreadsheet opens), so the
 * researcher can tick off the day's recordings and follow the links into the studio.
 */
import { writeFile } from 'node:fs/promises';
import { csvLine } from './csv.js';

export const REPORT_FILE = 'import-report.csv';

export interface ReportEntry {
  line: number;
  file: string;
  outcome: 'uploaded' | 'already stored' | 'failed' | 'not sent';
  interviewId: string | null;
  /** Why it failed, or was not sent. */
  reason: string | null;
}

export const studioLink = (site: string, lang: string, interviewId: string) => `${site.replace(/\/+$/, '')}/${lang}/studio/interviews/${interviewId}`;

export function reportText(entries: readonly ReportEntry[], site: string, lang: string): string {
  const lines = entries.map((e) => {
    const where = e.line ? `line ${e.line}` : 'folder';
    const link = e.interviewId ? `  ${studioLink(site, lang, e.interviewId)}` : '';
    return `  ${where}  ${e.file}  ${e.outcome}${link}${e.reason ? `  (${e.reason})` : ''}`;
  });
  return `Report:\n${lines.join('\n')}\n`;
}

export async function writeReport(path: string, entries: readonly ReportEntry[], site: string, lang: string): Promise<void> {
  const rows = [
    csvLine(['line', 'file', 'outcome', 'interview', 'studio link', 'reason']),
    ...entries.map((e) => csvLine([e.line ? String(e.line) : '', e.file, e.outcome, e.interviewId ?? '', e.interviewId ? studioLink(site, lang, e.interviewId) : '', e.reason ?? ''])),
  ];
  await writeFile(path, `${rows.join('\r\n')}\r\n`);
}
