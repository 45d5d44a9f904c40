/**
 * The simulator's randomness: a small seeded generator (xoshiro128**, seeded through splitmix32) and the
 * few distributions the hall needs. Ours rather than a package: forty lines, no state outside the object,
 * and the same sequence on every machine for a given seed, which the deterministic runs depend on.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** A cached second normal deviate from the Box–Muller pair. */
  private spare: number | null = null;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() || 1;
  }

  /** Uniform on [0, 1). */
  next(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r / 4294967296;
  }

  /** Uniform on (0, 1): safe under a logarithm. */
  open(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.open()));
    const th = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  exponential(mean: number): number {
    return -Math.log(this.open()) * mean;
  }

  /** A sample from `weights` (not necessarily normalised): its index. */
  pick(weights: readonly number[], total?: number): number {
    const sum = total ?? weights.reduce((x, y) => x + y, 0);
    let u = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A lognormal in minutes: log(X) ~ N(mu, sigma²). */
export interface LogNormal {
  mu: number;
  sigma: number;
}

/**
 * A handling time in minutes: lognormal (what window work looks like: right-skewed, never negative), or
 * exponential (the textbook queue, for checking the simulator against Erlang C).
 */
export type TimeDist = ({ family: 'lognormal' } & LogNormal) | { family: 'exponential'; mean: number };

export function timeMean(d: TimeDist): number {
  return d.family === 'exponential' ? d.mean : lognormalMean(d);
}

export function timeVariance(d: TimeDist): number {
  const m = timeMean(d);
  return d.family === 'exponential' ? m * m : m * m * (Math.exp(d.sigma * d.sigma) - 1);
}

export function sampleTime(rng: Random, d: TimeDist): number {
  return d.family === 'exponential' ? rng.exponential(d.mean) : sampleLognormal(rng, d);
}

/** A time that has already lasted `elapsed` minutes: its total, drawn given that (memoryless for exponential). */
export function sampleTimeBeyond(rng: Random, d: TimeDist, elapsed: number): number {
  return d.family === 'exponential' ? elapsed + rng.exponential(d.mean) : sampleLognormalBeyond(rng, d, elapsed);
}

export function lognormalTime(mean: number, cv: number): TimeDist {
  return { family: 'lognormal', ...lognormalFrom(mean, cv) };
}

export function lognormalMean(d: LogNormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

/** The lognormal with this mean and coefficient of variation. */
export function lognormalFrom(mean: number, cv: number): LogNormal {
  const s2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

export function sampleLognormal(rng: Random, d: LogNormal): number {
  return Math.exp(d.mu + d.sigma * rng.normal());
}

/**
 * A handling time that has already lasted `elapsed`: drawn from the lognormal conditioned on exceeding it
 * (inverse CDF on the upper tail), so a ticket 20 minutes into a 10-minute matter is not assumed to finish
 * at once, nor to start over.
 */
export function sampleLognormalBeyond(rng: Random, d: LogNormal, elapsed: number): number {
  if (elapsed <= 0 || d.sigma <= 0) return Math.max(elapsed, sampleLognormal(rng, d));
  const p0 = normalCdf((Math.log(elapsed) - d.mu) / d.sigma);
  // Far in the tail the residual is about the elapsed time's hazard scale; keep it finite and positive.
  if (p0 > 1 - 1e-9) return elapsed * (1 + 0.1 * rng.open());
  const u = p0 + (1 - p0) * rng.open();
  return Math.max(elapsed, Math.exp(d.mu + d.sigma * normalQuantile(u)));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; absolute error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Standard normal quantile (Acklam's rational approximation; relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
