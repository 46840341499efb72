/**
 * `--dry-run`: what the import would create and send, after every check has passed, and nothing
 * sent. Files an earlier run already sent (by the state file in the folder) are named as such.
 */
import type { RowReferences } from './archive-records.js';
import type { ManifestRow } from './manifest.js';
import type { SheetNarrator } from './narrator-sheet.js';
import { formatBytes } from './progress.js';
import type { FileState } from './state-file.js';

export interface PlannedRow {
  row: ManifestRow;
  refs: RowReferences;
  size: number;
  earlier: FileState | undefined;
}

export function planText(graphqlUrl: string, planned: readonly PlannedRow[], newNarrators: readonly SheetNarrator[] = []): string {
  const sent = (p: PlannedRow) => p.earlier?.interviewId && (p.earlier.status === 'uploaded' || p.earlier.status === 'stored');
  const todo = planned.filter((p) => !sent(p));
  const lines = [`Dry run: everything checks out; nothing was sent to ${graphqlUrl}.`, `Would create ${todo.length} interview${todo.length === 1 ? '' : 's'} and upload ${formatBytes(todo.reduce((n, p) => n + p.size, 0))}:`];
  if (newNarrators.length) {
    lines.push(`Would first create ${newNarrators.length} narrator${newNarrators.length === 1 ? '' : 's'} from the sheet (the others are in the archive already):`);
    for (const n of newNarrators) lines.push(`  line ${n.line}  ${n.names.map((v) => v.value).join(' / ')}`);
  }
  for (const p of planned) {
    const { row, refs } = p;
    const where = row.line ? `line ${row.line}` : 'folder';
    if (sent(p)) {
      lines.push(`  ${where}  ${row.file} (${formatBytes(p.size)})  already sent by an earlier run (interview ${p.earlier!.interviewId})`);
      continue;
    }
    const details = [
      row.title ? `"${row.title}"` : null,
      row.languages.length ? row.languages.join(', ') : null,
      row.recordedOn,
      row.place,
      refs.narrators.length ? `narrators: ${row.narrators.join('; ')}` : null,
      refs.tagKeys.length ? `tags: ${refs.tagKeys.join(', ')}` : null,
      `access: ${row.accessLevel ?? 'private'}`,
      row.release ? `release: ${row.release.file} (permits ${row.release.permits}${row.release.embargoUntil ? `, embargo until ${row.release.embargoUntil}` : ''})` : null,
    ].filter(Boolean);
    lines.push(`  ${where}  ${row.file} (${formatBytes(p.size)})  ${details.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
