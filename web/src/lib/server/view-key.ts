/**
 * The API's anonymous cache key as the site knows it (GET /api/view-key): read every POLL_MS while
 * pages are being asked for, and trusted for FRESH_MS after the read that brought it was sent. A
 * request that finds it older (a late timer on a loaded machine) reads it now, sharing one read with
 * every request waiting; when it cannot be read (the API is away, its cache is off, it does not follow
 * the change log), there is no key and the page cache keeps and serves nothing.
 *
 * With the API's own poll of the change log (500 ms) this keeps a change made on another API
 * instance off the site's pages within about 1 s, and one made on the instance the site asks within
 * FRESH_MS (that instance moves its key before the mutation answers). Pure: no SvelteKit, no $env.
 */
export const POLL_MS = 250;
export const FRESH_MS = 500;
/** With no page asked for this long, the polling stops; the next page reads the key itself. */
const IDLE_MS = 30_000;

export class ViewKeyWatch {
  private key: string | null = null;
  /** When the read that brought `key` was sent: the key was current at some moment after it. */
  private sentAt = -Infinity;
  private reading: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private usedAt = 0;

  constructor(
    private readonly read: () => Promise<string | null>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key to keep and serve pages under now, or null: no cache for this request. */
  async current(): Promise<string | null> {
    this.usedAt = this.now();
    this.follow();
    if (!this.usable()) await this.refresh();
    return this.usable() ? this.key : null;
  }

  /** Whether the key known is recent enough to serve under. */
  usable(): boolean {
    return this.key !== null && this.now() - this.sentAt <= FRESH_MS;
  }

  /** Reads the key; one read at a time, shared by whoever asks meanwhile. */
  refresh(): Promise<void> {
    this.reading ??= (async () => {
      const sent = this.now();
      const key = await this.read().catch(() => null);
      // A read sent earlier never overwrites one sent later (they are one at a time, so it cannot).
      this.key = key;
      this.sentAt = sent;
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private follow(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.now() - this.usedAt > IDLE_MS) return this.stop();
      void this.refresh();
    }, POLL_MS);
    // The polling never keeps the process alive on its own.
    this.timer.unref?.();
  }
}
