/**
 * The benchmark's scenarios. Our own work is a mix of critical calls, normal calls from many scripts and
 * background jobs, each stream with a fixed number of client threads (a thread sends one call, waits for the
 * answer, takes the next). Rates are calls per hour at `t` ms after the start (negative `t`: the hour of history
 * the tenant starts with).
 *
 * The first four are the long-standing ones: the others' load rises no faster than a policy can make room for it.
 * Then the others' bursts (5, 10, 20 and 40% of the limit within one minute, each with and without a batch of ours
 * waiting at the time) and the others holding the tenant at the cap. Then the others' rate climbing steadily for one
 * to four hours, to a peak where their window alone stays above sleepAt (92, 93%) or stays just below it (88, 86%),
 * each rise slow enough to fit; and the others' sync job bursting on a schedule, each burst too big to fit, to see
 * whether what the first burst taught keeps the later ones from costing 429s. Which of them the others' load fits
 * in, and so which targets apply, is computed from the traffic (fit.ts), not labelled here.
 */
import type { Priority } from '../../../electron/core/throttle/priority';
import { LIMIT, SLEEP_AT } from './simulation';

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
  /** Runs of Headroom alone with other seeds; RESEEDS (throttle.ts) when not given. */
  reseeds?: number;
  /** Ms after the start where the report splits the run's 429s (the others' bursts): one span from each to the next. */
  marks?: readonly number[];
}

/** A smooth step from 0 to 1 over `rampMs` starting at `from`, back to 0 over `rampMs` ending at `to`. */
function plateau(t: number, from: number, to: number, rampMs: number): number {
  if (t <= from || t >= to) return 0;
  return Math.min(1, (t - from) / rampMs, (to - t) / rampMs);
}

const critical = (perHour: number): StreamSpec => ({ priority: 'critical', perHour: () => perHour, threads: 8 });

const longStanding: Scenario[] = [
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

/** The others' usual load in the burst and cap scenarios: 30% of the limit an hour. */
const BASE_PER_HOUR = 3_000;
/** When the others burst, or start holding the tenant at the cap. */
const BURST_AT = 40 * MINUTE;
/** Our usual streams there: critical, normal, and a little background work (about 20% of the limit an hour). */
const usualStreams = (): StreamSpec[] => [
  critical(150),
  { priority: 'normal', perHour: () => 1_200, threads: 8 },
  { priority: 'background', perHour: () => 600, threads: 4 },
];
/**
 * A background batch of ours: 8,000 calls at 10 min, 50 threads; more than the room below sleepAt, so under a throttle
 * it is still waiting when the others burst at 40 min.
 */
const batch: StreamSpec = {
  priority: 'background',
  perHour: () => 0,
  bursts: [{ atMs: 10 * MINUTE, count: 8_000 }],
  threads: 50,
};
const withBatch = (withIt: boolean) => (withIt ? [...usualStreams(), batch] : usualStreams());

/**
 * Others at 30%; at 40 min, `percent` of the limit within one minute (all their requests of that minute), then a
 * trickle (10% an hour) for half an hour, then 30% again.
 */
function burstScenario(percent: number, seed: number, ourBatch: boolean): Scenario {
  const perMinute = (percent / 100) * 10_000;
  return {
    name: `burst-${percent}${ourBatch ? '-batch' : ''}`,
    summary:
      `Others at 30%; at 40 min they send ${percent}% of the limit (${perMinute.toLocaleString('en-US')} requests) ` +
      `within one minute, then a trickle (10%/h) for 30 min, then 30% again; ours about 20%/h` +
      (ourBatch ? ', and at 10 min a background batch of 8,000 calls (50 threads), more than fits below sleepAt' : ''),
    hours: 2,
    seed,
    reseeds: 3,
    othersPerHour: (t) => {
      if (t >= BURST_AT && t < BURST_AT + MINUTE) return perMinute * 60;
      if (t >= BURST_AT + MINUTE && t < BURST_AT + 31 * MINUTE) return 1_000;
      return BASE_PER_HOUR;
    },
    streams: withBatch(ourBatch),
  };
}

/**
 * Others at 30%; at 40 min they fill the window to the cap on their own (7,000 requests within a minute) and keep it
 * full for 10 more minutes (400 a minute, far more than leaves the window), then fall back to 30%.
 */
function capScenario(seed: number, ourBatch: boolean): Scenario {
  return {
    name: `others-at-cap${ourBatch ? '-batch' : ''}`,
    summary:
      'Others at 30%; at 40 min they fill the window to the cap on their own (7,000 requests within a minute) and ' +
      'keep it full for 10 more minutes (400 a minute), then fall back to 30%; ours about 20%/h' +
      (ourBatch ? ', and at 10 min a background batch of 8,000 calls (50 threads), more than fits below sleepAt' : ''),
    hours: 2,
    seed,
    reseeds: 3,
    othersPerHour: (t) => {
      if (t >= BURST_AT && t < BURST_AT + MINUTE) return 7_000 * 60;
      if (t >= BURST_AT + MINUTE && t < BURST_AT + 11 * MINUTE) return 400 * 60;
      return BASE_PER_HOUR;
    },
    streams: withBatch(ourBatch),
  };
}

/**
 * A background batch of ours that never finishes: 60,000 calls at 10 min, 100 threads, more than any run has room
 * for, so a throttle always has non-critical work waiting whenever room opens or closes.
 */
const endlessBatch: StreamSpec = {
  priority: 'background',
  perHour: () => 0,
  bursts: [{ atMs: 10 * MINUTE, count: 60_000 }],
  threads: 100,
};
/**
 * When the others' rate starts to climb: once the calls our batch sent at once from 10 min have left the window and
 * it runs paced, so the climb meets our steady state. (A climb that begins while the window is full of calls sent
 * at once, none of them leaving for an hour, is the unforeseeable burst of the scenarios above, slowed down.)
 */
const CLIMB_AT = 90 * MINUTE;

/**
 * The others' rate (an hour) climbs linearly from `fromPercent` to `peakPercent` of the limit over `climbHours`
 * from 90 min, then holds at the peak for the last 1.5 h of the run (their window reaches the peak an hour after
 * the rate does, and holds it for the last half hour). The peaks above sleepAt stop at 93%: with our critical
 * calls and the reads of the counter, which come every 30 s that near a threshold, a 94% peak's Poisson draws
 * reach criticalStopAt in some seeds, where critical calls wait by design.
 * Ours: the usual streams and the endless batch.
 */
function climbScenario(fromPercent: number, peakPercent: number, climbHours: number, seed: number): Scenario {
  const from = (fromPercent / 100) * LIMIT;
  const peak = (peakPercent / 100) * LIMIT;
  const climbMs = climbHours * HOUR;
  return {
    name: `climb-${peakPercent}-over-${climbHours}h`,
    summary:
      `Others at ${fromPercent}%/h from 90 min climb steadily to ${peakPercent}%/h over ${climbHours} h, then hold ` +
      `there (their window alone ends near ${peakPercent}%, ${peak > SLEEP_AT ? 'above' : 'below'} sleepAt); ` +
      'ours about 20%/h, and at 10 min a background batch of 60,000 calls (100 threads) that never finishes',
    hours: climbHours + 3,
    seed,
    othersPerHour: (t) => from + (peak - from) * Math.min(1, Math.max(0, (t - CLIMB_AT) / climbMs)),
    streams: [...usualStreams(), endlessBatch],
  };
}

/**
 * The others' sync job: 1,500 requests within one minute, more than the 1,000 above sleepAt, every 75 min from
 * 40 min, four times. The first comes when our batch (from 10 min) has filled the window towards sleepAt, as in the
 * single-burst scenarios. The job runs less often than once a window so that the window can drain between bursts:
 * after the first burst, the calls already in the window stay there for up to an hour, so a burst that came
 * within the hour would cost its 429s whatever a policy did, and only what the first taught is tested here.
 */
const SYNC_BURSTS = [0, 1, 2, 3].map((k) => BURST_AT + k * 75 * MINUTE);
const SYNC_BURST = 1_500;

function syncBurstsScenario(seed: number): Scenario {
  return {
    name: 'sync-bursts',
    summary:
      `Others at 30%; every 75 min from 40 min their sync job sends ${SYNC_BURST.toLocaleString('en-US')} requests ` +
      'within one minute (more than the 1,000 above sleepAt), four times; ours about 20%/h, and at 10 min a ' +
      'background batch of 60,000 calls (100 threads) that never finishes',
    hours: 5,
    seed,
    othersPerHour: (t) => BASE_PER_HOUR + (SYNC_BURSTS.some((at) => t >= at && t < at + MINUTE) ? SYNC_BURST * 60 : 0),
    streams: [...usualStreams(), endlessBatch],
    marks: SYNC_BURSTS,
  };
}

export const scenarios: Scenario[] = [
  ...longStanding,
  ...[5, 10, 20, 40].flatMap((percent, i) => [
    burstScenario(percent, 61 + 2 * i, false),
    burstScenario(percent, 62 + 2 * i, true),
  ]),
  capScenario(71, false),
  capScenario(72, true),
  climbScenario(30, 92, 2, 81),
  climbScenario(30, 93, 4, 82),
  climbScenario(30, 88, 1, 83),
  climbScenario(30, 86, 3, 84),
  syncBurstsScenario(91),
];
