/**
 * Turns a scenario's rates into arrivals, once per scenario, so every policy faces exactly the same traffic: the
 * others' requests per second (a seeded Poisson count, from one hour before the start so the window starts full)
 * and each of our calls with the time it first wants to go.
 */
import type { Priority } from '../../../electron/core/throttle/priority';
import { seededRandom } from '../../../electron/simulator/seeded-random';
import type { Scenario } from './scenarios';

export interface Call {
  index: number;
  priority: Priority;
  stream: number;
  /** Ms after the start. */
  wantedAt: number;
}

export interface Workload {
  durationMs: number;
  windowMs: number;
  /** others[i] = requests of the other integrations in second i - windowSeconds (the first hour is history). */
  othersPerSecond: Int32Array;
  calls: Call[];
}

const SECOND = 1000;

export function workloadFor(scenario: Scenario, windowMs: number): Workload {
  const random = seededRandom(scenario.seed);
  const durationMs = scenario.hours * 3_600_000;
  const historySeconds = windowMs / SECOND;
  const othersPerSecond = new Int32Array(historySeconds + durationMs / SECOND);
  for (let i = 0; i < othersPerSecond.length; i++) {
    const t = (i - historySeconds) * SECOND;
    othersPerSecond[i] = poisson(scenario.othersPerHour(t) / 3600, random);
  }
  const calls: Call[] = [];
  scenario.streams.forEach((stream, streamIndex) => {
    const add = (wantedAt: number) =>
      calls.push({ index: calls.length, priority: stream.priority, stream: streamIndex, wantedAt });
    for (const burst of stream.bursts ?? []) for (let n = 0; n < burst.count; n++) add(burst.atMs);
    for (let second = 0; second < durationMs / SECOND; second++) {
      const count = poisson(stream.perHour(second * SECOND) / 3600, random);
      for (let n = 0; n < count; n++) add(Math.floor((second + random()) * SECOND));
    }
  });
  calls.sort((a, b) => a.wantedAt - b.wantedAt || a.index - b.index);
  calls.forEach((call, index) => (call.index = index));
  return { durationMs, windowMs, othersPerSecond, calls };
}

/** Knuth's method: fine for the few requests per second a tenant sees. */
function poisson(mean: number, random: () => number): number {
  if (mean <= 0) return 0;
  const threshold = Math.exp(-mean);
  let count = 0;
  for (let product = random(); product > threshold; product *= random()) count++;
  return count;
}
