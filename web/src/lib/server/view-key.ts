/**
 * The API's anonymous cache key as the site knows it (GET /api/view-key): read every POLL_MS while
 * pages are being asked for, and trusted for FRESH_MS after the read that brought it was sent. A
 * request that finds it older (a late timer on a loaded machine) reads it now, sharing one read with
 * every request waiting (never with a read sent more than FRESH_MS before it arrived); when it cannot be read (the API is away, its cache is off, it does not follow
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

  /**
   * The key to keep and serve pages under now, or null: no cache for this request. It was read at
   * most FRESH_MS before this request arrived, or after: when a loaded machine makes reads slower
   * than that, the request waits for a read sent after its arrival rather than go without the cache.
   */
  async current(): Promise<string | null> {
    const arrived = this.now();
    this.usedAt = arrived;
    this.follow();
    // At most two reads: the one under way (it may have been sent too early), then one of its own.
    for (let reads = 0; reads < 2 && !this.usableFor(arrived); reads++) await this.refresh();
    return this.usableFor(arrived) ? this.key : null;
  }

  /** Whether the key known may serve a request that arrived at `arrived`. */
  private usableFor(arrived: number): boolean {
    return this.key !== null && this.sentAt >= arrived - FRESH_MS;
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
