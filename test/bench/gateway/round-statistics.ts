/**
 * How sure a handful of rounds can make the overhead bench. On a shared 2-core machine one round's figures move by
 * as much as the targets' margins, so a target is judged on the mean over the rounds and its 95% confidence
 * interval (Student's t, as the rounds are few): met when the whole interval is on the target's side, missed when
 * the whole of it is on the other, and otherwise not resolved by this run, whatever side the mean fell on.
 */

export interface Interval {
  mean: number;
  low: number;
  high: number;
}

export type Verdict = 'met' | 'missed' | 'not resolved';

/** A bound a figure must stay under (`below`) or reach (`atLeast`). */
export type Bound = { below: number } | { atLeast: number };

/** The mean of `values` and the 95% confidence interval around it; from one value alone, no interval but the value. */
export function meanWithInterval(values: readonly number[]): Interval {
  if (values.length === 0) throw new Error('a confidence interval needs at least one value');
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (values.length === 1) return { mean, low: mean, high: mean };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  const half = tQuantile975(values.length - 1) * Math.sqrt(variance / values.length);
  return { mean, low: mean - half, high: mean + half };
}

/**
 * The same for ratios (a gateway figure over its peer's in the same round): taken over their logarithms, so 80%
 * and 125% weigh alike, and given back as ratios (the mean is then the geometric one).
 */
export function ratioWithInterval(ratios: readonly number[]): Interval {
  const { mean, low, high } = meanWithInterval(ratios.map(Math.log));
  return { mean: Math.exp(mean), low: Math.exp(low), high: Math.exp(high) };
}

export function verdict({ low, high }: Interval, bound: Bound): Verdict {
  if ('below' in bound) return high < bound.below ? 'met' : low >= bound.below ? 'missed' : 'not resolved';
  return low >= bound.atLeast ? 'met' : high < bound.atLeast ? 'missed' : 'not resolved';
}

/** Student's t at 97.5% for 1 to 30 degrees of freedom. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Student's t at 97.5% (a two-sided 95% interval) for `degrees` degrees of freedom. */
export function tQuantile975(degrees: number): number {
  const listed = T_975[degrees - 1];
  if (listed !== undefined) return listed;
  // Past the table, the first terms of the Cornish-Fisher expansion are within 0.001 of it.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * degrees) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * degrees ** 2);
}
