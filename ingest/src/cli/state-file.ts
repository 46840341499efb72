/**
 * The import's memory, kept in the folder itself (`.archive-import.json`): for each file, the
 * interview made for it, the upload in progress and the parts already sent. A rerun after Ctrl-C,
 * a lost connection or a flat laptop battery picks up from there. Written to a temp file and renamed,
 * so a crash mid-write leaves the previous state, never half a file. Kept per API, so importing the
 * same folder into a test archive and then the real one does not mix their ids.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_FILE = '.archive-import.json';

export interface FileState {
  size: number;
  mtimeMs: number;
  sha256: string;
  interviewId: string | null;
  assetId: string | null;
  partSize: number | null;
  partCount: number | null;
  doneParts: number[];
  /** uploaded: completed by this import; stored: the archive already had it (by checksum). */
  status: 'new' | 'uploading' | 'uploaded' | 'stored';
}

interface StateDoc {
  version: 1;
  archives: Record<string, { files: Record<string, FileState> }>;
}

export class ImportState {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly doc: StateDoc,
    private readonly api: string,
  ) {}

  static async open(folder: string, api: string): Promise<ImportState> {
    const path = join(folder, STATE_FILE);
    let doc: StateDoc = { version: 1, archives: {} };
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (text) {
      try {
        const parsed = JSON.parse(text) as StateDoc;
        if (parsed.version === 1 && parsed.archives) doc = parsed;
      } catch {
        throw new Error(`${path} is not valid JSON; delete it to start the import afresh (files already stored are still skipped by checksum)`);
      }
    }
    doc.archives[api] ??= { files: {} };
    return new ImportState(path, doc, api);
  }

  get(file: string): FileState | undefined {
    return this.doc.archives[this.api]!.files[file];
  }

  /** Updates a file's entry and writes the state; writes are queued so they never interleave. */
  update(file: string, change: Partial<FileState>): Promise<void> {
    const files = this.doc.archives[this.api]!.files;
    files[file] = { ...(files[file] as FileState), ...change };
    return this.save();
  }

  markPart(file: string, partNumber: number): Promise<void> {
    const entry = this.get(file);
    if (entry && !entry.doneParts.includes(partNumber)) entry.doneParts = [...entry.doneParts, partNumber].sort((a, b) => a - b);
    return this.save();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.doc, null, 2);
    this.writing = this.writing.then(async () => {
      await writeFile(`${this.path}.tmp`, snapshot);
      await rename(`${this.path}.tmp`, this.path);
    });
    return this.writing;
  }
}
