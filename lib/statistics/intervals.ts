/**
 * Uncertainty of survey figures (issue 18), pure. References:
 *  - Wilson score interval: E. B. Wilson (1927), "Probable inference, the law of succession, and
 *    statistical inference", JASA 22(158); recommended over the Wald interval by Brown, Cai and
 *    DasGupta (2001), "Interval estimation for a binomial proportion", Statistical Science 16(2).
 *  - Mean: Student's t interval, mean ± t(0.975, n−1) · s/√n; an average of several means: the
 *    Welch–Satterthwaite approximation (Welch 1947, "The generalization of Student's problem when
 *    several different population variances are involved", Biometrika 34).
 *  - Net score (% positive − % negative) from a multinomial: variance (p₊ + p₋ − (p₊ − p₋)²)/n.
 *  - Two proportions: the pooled two-sample z test at 95% (|z| > 1.96).
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Wilson 95% interval for `successes` of `n` (22 of 25 → [0.700, 0.958]); null when n is 0. */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  if (!(n > 0) || successes < 0 || successes > n) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t(0.975, df): the table to 30, then the Cornish–Fisher expansion around z (error < 0.001). */
export function t975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  const z = Z95;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

/** 95% t interval for the mean of `values`; null with fewer than two values. */
export function meanInterval(values: readonly number[]): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * s) / Math.sqrt(n);
  return { estimate: mean, lower: mean - half, upper: mean + half };
}

/**
 * 95% t interval for a mean from its count, sum and sum of squares (what SQL aggregates: the twin
 * of meanInterval over the same values); null with fewer than two values.
 */
export function meanIntervalFromSums(n: number, sum: number, sumSquares: number): Interval | null {
  if (!(n >= 2)) return null;
  const mean = sum / n;
  // The sample variance; never below 0 through rounding when every value is the same.
  const variance = Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
  const half = (t975(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { estimate: mean, lower: mean - half, upper: mean + half };
}

/** An estimate with its standard error; `df` for a t quantile (Welch–Satterthwaite), null for z. */
export interface StandardError {
  estimate: number;
  se: number;
  df: number | null;
}

/**
 * 95% interval for the average of k independent estimates (a quarter's "mean of the monthly
 * figures"): mean ± q · √(Σ seᵢ²) / k, with q = z, or t on the Welch–Satterthwaite degrees of freedom
 * (Σ vᵢ)² / Σ (vᵢ² / dfᵢ) when every part has its own df. Null without parts.
 */
export function averageInterval(parts: readonly StandardError[]): Interval | null {
  const k = parts.length;
  if (k === 0) return null;
  const estimate = parts.reduce((a, p) => a + p.estimate, 0) / k;
  const variances = parts.map((p) => p.se * p.se);
  const total = variances.reduce((a, v) => a + v, 0);
  const withDf = parts.every((p) => p.df !== null && p.df > 0);
  const q = withDf && total > 0 ? t975(total ** 2 / variances.reduce((a, v, i) => a + v ** 2 / parts[i]!.df!, 0)) : Z95;
  const half = (q * Math.sqrt(total)) / k;
  return { estimate, lower: estimate - half, upper: estimate + half };
}

/** 95% interval for a net score p₊ − p₋ (CSI) from counts; null when n is 0. Bounded to [−1, 1]. */
export function netScoreInterval(positive: number, negative: number, n: number, z = Z95): Interval | null {
  if (!(n > 0) || positive < 0 || negative < 0 || positive + negative > n) return null;
  const pp = positive / n;
  const pn = negative / n;
  const d = pp - pn;
  const half = z * Math.sqrt(Math.max(0, pp + pn - d * d) / n);
  return { estimate: d, lower: Math.max(-1, d - half), upper: Math.min(1, d + half) };
}

export type ChangeVerdict = "significant" | "within_normal_variation";

/** Whether two proportions differ at 95% (pooled two-proportion z test). Null when either n is 0. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { z: number; verdict: ChangeVerdict } | null {
  if (!(n1 > 0) || !(n2 > 0)) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, verdict: x1 / n1 === x2 / n2 ? "within_normal_variation" : "significant" };
  const z = (x2 / n2 - x1 / n1) / se;
  return { z, verdict: Math.abs(z) > Z95 ? "significant" : "within_normal_variation" };
}
