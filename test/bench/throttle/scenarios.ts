/**
 * The benchmark's scenarios. In each, the other integrations alone stay under the limit, so every 429 is
 * avoidable; our own work is a mix of critical calls, normal calls from many scripts and background jobs, each
 * stream with a fixed number of client threads (a thread sends one call, waits for the answer, takes the next).
 * Rates are calls per hour at `t` ms after the start (negative `t`: the hour of history the tenant starts with).
 */
import type { Priority } from '../../../electron/core/throttle/priority';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface StreamSpec {
  priority: Priority;
  perHour: (t: number) => number;
  /** Calls that all want to go at once (a job's backlog), at `atMs`. */
  bursts?: ReadonlyArray<{ atMs: number; count: number }>;
  threads: number;
}

export interface Scenario {
  name: string;
  /** One line for the table. */
  summary: string;
  hours: number;
  seed: number;
  othersPerHour: (t: number) => number;
  streams: StreamSpec[];
}

/** A smooth step from 0 to 1 over `rampMs` starting at `from`, back to 0 over `rampMs` ending at `to`. */
function plateau(t: number, from: number, to: number, rampMs: number): number {
  if (t <= from || t >= to) return 0;
  return Math.min(1, (t - from) / rampMs, (to - t) / rampMs);
}

const critical = (perHour: number): StreamSpec => ({ priority: 'critical', perHour: () => perHour, threads: 8 });

export const scenarios: Scenario[] = [
  {
    name: 'steady-70',
    summary: 'Others steady near 70% (68% ± 2%); our demand exceeds the room left below sleepAt',
    hours: 6,
    seed: 11,
    othersPerHour: (t) => 6_800 * (1 + 0.03 * Math.sin((2 * Math.PI * t) / (97 * MINUTE))),
    streams: [
      critical(150),
      { priority: 'normal', perHour: () => 1_200, threads: 8 },
      { priority: 'background', perHour: () => 1_800, bursts: [{ atMs: 0, count: 1_500 }], threads: 4 },
    ],
  },
  {
    name: 'spike',
    summary: 'Others at 40% rise to 80%/h for 40 min (their window peaks near 67%); added to ours, over the limit',
    hours: 6,
    seed: 23,
    othersPerHour: (t) => 4_000 + 4_000 * plateau(t, 90 * MINUTE, 140 * MINUTE, 5 * MINUTE),
    streams: [
      critical(150),
      { priority: 'normal', perHour: () => 2_000, threads: 8 },
      { priority: 'background', perHour: () => 1_200, threads: 4 },
    ],
  },
  {
    name: 'callout-storm',
    summary:
      'Others at 35%; three storms of workflow callouts, each 20 min of one-minute floods at 2.7x the usual rate',
    hours: 6,
    seed: 37,
    othersPerHour: (t) => {
      const inStorm = [70, 170, 270].some((start) => t >= start * MINUTE && t < (start + 20) * MINUTE);
      const floodMinute = Math.floor(t / MINUTE) % 2 === 0;
      return 3_500 + (inStorm && floodMinute ? 6_000 : 0);
    },
    streams: [
      critical(200),
      { priority: 'normal', perHour: () => 3_000, threads: 8 },
      { priority: 'background', perHour: () => 2_400, threads: 4 },
    ],
  },
  {
    name: 'quiet-day-batch',
    summary: 'Others quiet (about 20%); at 1 h a background batch job of 40,000 calls, 100 threads',
    hours: 6,
    seed: 53,
    othersPerHour: (t) => 2_000 * (1 + 0.2 * Math.sin((2 * Math.PI * t) / (6 * HOUR))),
    streams: [
      critical(120),
      { priority: 'normal', perHour: () => 600, threads: 8 },
      { priority: 'background', perHour: () => 0, bursts: [{ atMs: HOUR, count: 40_000 }], threads: 100 },
    ],
  },
];
