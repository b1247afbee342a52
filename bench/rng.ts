/**
 * A small, fast, seedable PRNG (mulberry32) for the generators of benchmark data: `Math.random` cannot be seeded,
 * and the same seed must give the same bytes on every machine. Generators extend it with their own draws.
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }

  /** A decimal with `digits` fraction digits, in [min, max). */
  dec(min: number, max: number, digits = 2): string {
    return (min + this.next() * (max - min)).toFixed(digits);
  }

  /** A standard normal draw (Box-Muller). */
  gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** One of `items`, drawn with the weights whose running sums (normalised to 1) are `cumulative`. */
  pickRanked<T>(items: readonly T[], cumulative: readonly number[]): T {
    const u = this.next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return items[lo] as T;
  }

  /** `n` characters drawn from `alphabet`. */
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  /** A version-4 UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** A private IPv4 address. */
  ip(): string {
    return `10.${this.int(0, 31)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** A public-looking IPv4 address. */
  publicIp(): string {
    return `${this.int(23, 213)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** A duration such as `23ms` or `1.5s`, mostly short. */
  duration(): string {
    return this.next() < 0.85 ? `${this.int(1, 950)}ms` : `${this.dec(1, 30, 1)}s`;
  }
}

/** A seeded draw in [0, 1), for code that wants a function rather than an Rng. */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** Running sums, normalised to 1, of the Zipf-like weights 1 / (k + 1)^exponent of ranks 0..n-1, for pickRanked. */
export function zipfCumulative(n: number, exponent: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 0; k < n; k++) out.push((sum += 1 / (k + 1) ** exponent));
  return out.map((c) => c / sum);
}
