/**
 * One line per file: a bar, the percentage, bytes sent of the total, the name, and how it ended.
 * On a terminal the line is redrawn in place after each part; in a log or a pipe only
 * the final line of each file is printed, so the output stays readable.
 */

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

export const formatBytes = (n: number) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;

const WIDTH = 24;

export function progressLine(index: string, name: string, sent: number, total: number, note = ''): string {
  const ratio = total > 0 ? Math.min(1, sent / total) : 1;
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `${index} [${bar}] ${percent} ${formatBytes(sent)} / ${formatBytes(total)}  ${name}${note ? `  ${note}` : ''}`;
}

export class FileProgress {
  constructor(
    private readonly out: Output,
    private readonly index: string,
    private readonly name: string,
    private readonly total: number,
  ) {}

  /** Called once per part sent (8 MiB or more), so every call is drawn. */
  update(sent: number, note = ''): void {
    if (!this.out.isTTY) return;
    this.out.write(`\r\x1b[2K${progressLine(this.index, this.name, sent, this.total, note)}`);
  }

  /** The file's final line, e.g. "uploaded" or "skipped: already stored". */
  finish(sent: number, note: string): void {
    this.out.write(`${this.out.isTTY ? '\r\x1b[2K' : ''}${progressLine(this.index, this.name, sent, this.total, note)}\n`);
  }
}

const duration = (seconds: number) =>
  seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

/**
 * The whole run: files done of all, bytes of all, and the time left, estimated from the bytes
 * sent so far (files skipped as already stored count as done but not as speed).
 */
export class RunProgress {
  private files = 0;
  private bytes = 0;
  private sent = 0;
  private readonly started = Date.now();

  constructor(
    private readonly totalFiles: number,
    private readonly totalBytes: number,
  ) {}

  /** A file ended: `size` bytes are behind us, `sentBytes` of them went over the wire now. */
  fileDone(size: number, sentBytes: number): void {
    this.files += 1;
    this.bytes += size;
    this.sent += sentBytes;
  }

  line(now = Date.now()): string {
    const seconds = (now - this.started) / 1000;
    const left = this.totalBytes - this.bytes;
    const eta = left <= 0 ? 'done' : this.sent > 0 && seconds > 0 ? `about ${duration((left / this.sent) * seconds)} left` : 'time left not known yet';
    return `  ${this.files}/${this.totalFiles} files, ${formatBytes(this.bytes)} / ${formatBytes(this.totalBytes)}, ${eta}`;
  }
}
