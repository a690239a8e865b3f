/** About five round ticks (1, 2, 2.5 or 5 × 10ⁿ apart) covering the values with a margin; never below 0 for positive data. */
export function niceTicks(values: number[]): number[] {
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  const rough = (hi - lo + 2 * pad) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  const start = Math.max(lo >= 0 ? 0 : -Infinity, Math.floor((lo - pad) / step) * step);
  const end = Math.ceil((hi + pad) / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step / 1000; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}
