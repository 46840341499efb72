/** Deterministic randomness: the same seed gives the same archive on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: fast, good enough for test data, and reproducible. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** k distinct items. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < k && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }

  /** Roughly normal, for segment lengths. */
  normal(mean: number, sd: number): number {
    return mean + sd * (this.next() + this.next() + this.next() - 1.5) * 2;
  }
}

/**
 * Draws ranks 0..n-1 with probability ∝ 1/(rank+1)^s: word frequencies in speech follow Zipf's law,
 * which decides how long posting lists get and so how fast search is.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, s = 1.0) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, s);
      this.cumulative[r] = sum;
    }
    for (let r = 0; r < n; r++) this.cumulative[r]! /= sum;
  }

  draw(random: Random): number {
    const u = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
