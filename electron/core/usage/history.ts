import type { Clock } from '../clock';
import { priorities, type Priority } from '../throttle/priority';
import type { ThrottleMode } from '../throttle/state';
import {
  callOutcomes,
  HOUR_MS,
  throttleModes,
  type CallOutcome,
  type HistorySnapshot,
  type HourRow,
  type OutcomeCounts,
} from './history-snapshot';
import type { UsageSample } from './sample';

/** A week of hours, the current one included. */
export const KEPT_HOURS = 7 * 24;
/** Per hour, integration codes and API users past this many are counted together under OTHERS. */
export const MAX_NAMES_PER_HOUR = 100;
export const OTHERS = '(others)';
/** Longer names are cut: the history stays small whatever a caller sends. */
const MAX_NAME_LENGTH = 100;

export interface CallRecord {
  integrationCode: string;
  apiUser?: string;
  priority: Priority;
  outcome: CallOutcome;
  at: number;
}

export interface HourRange {
  /** Clock time (ms); the hour it falls in is the first row. */
  from: number;
  /** Clock time (ms); the last row is the hour before it ends. */
  to: number;
}

export function hourStartOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * The live hour-by-hour record: peak usage, our own calls, polls and time in each throttle state, for the last
 * 7 days. Records older than that are ignored and old hours are dropped as time moves on, so it stays bounded.
 */
export class UsageHistory {
  readonly #clock: Clock;
  readonly #rows = new Map<number, HourRow>();
  readonly #changeListeners = new Set<() => void>();
  #state: { mode: ThrottleMode; since: number } | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Called after every change, for saving. */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  recordSample(sample: UsageSample): void {
    const row = this.#rowAt(sample.takenAt);
    if (!row) return;
    if (!row.peak || shareOf(sample) > shareOf(row.peak)) row.peak = { used: sample.used, limit: sample.limit };
    this.#changed();
  }

  recordPoll(at: number): void {
    const row = this.#rowAt(at);
    if (!row) return;
    row.polls++;
    this.#changed();
  }

  recordCall(call: CallRecord): void {
    const row = this.#rowAt(call.at);
    if (!row) return;
    row.calls[call.outcome]++;
    row.byPriority[call.priority][call.outcome]++;
    countUnder(row.byIntegration, call.integrationCode || '(none)', call.outcome);
    if (call.apiUser !== undefined) countUnder(row.byApiUser, call.apiUser || '(none)', call.outcome);
    this.#changed();
  }

  /** The throttle entered `mode` at `at` (a ThrottleTransition's to.mode and at); the time since the last one is split by hour. */
  recordState(mode: ThrottleMode, at: number): void {
    this.#accrueStateTime(at);
    this.#state = { mode, since: Math.max(at, this.#state?.since ?? at) };
    this.#changed();
  }

  /** One row per clock hour of the range, oldest first; hours with nothing recorded are rows of zeros and no peak. */
  hours(range: HourRange): HourRow[] {
    this.#accrueStateTime(this.#clock.now());
    this.#dropOldHours();
    const rows: HourRow[] = [];
    for (let hour = hourStartOf(range.from); hour < range.to; hour += HOUR_MS) {
      rows.push(structuredClone(this.#rows.get(hour) ?? emptyRow(hour)));
    }
    return rows;
  }

  /** Every kept hour that holds something, with the current state's time counted up to now. */
  snapshot(): HistorySnapshot {
    this.#accrueStateTime(this.#clock.now());
    this.#dropOldHours();
    const hours = [...this.#rows.values()].sort((a, b) => a.hourStart - b.hourStart);
    return { version: 1, hours: structuredClone(hours) };
  }

  /**
   * Adds the hours of an earlier run (a snapshot from the store) to what has been recorded since this one started,
   * so history recorded before the stored one finished loading is kept, not replaced.
   */
  restore(snapshot: HistorySnapshot): void {
    for (const stored of snapshot.hours) {
      const row = this.#rowAt(stored.hourStart);
      if (row) addRow(row, stored);
    }
    this.#changed();
  }

  #accrueStateTime(until: number): void {
    const state = this.#state;
    if (!state) return;
    // Hours already dropped would only be created to be dropped again.
    let from = Math.max(state.since, this.#oldestKeptHour());
    while (from < until) {
      const end = Math.min(until, hourStartOf(from) + HOUR_MS);
      const row = this.#rowAt(from);
      if (row) row.stateMs[state.mode] += end - from;
      from = end;
    }
    state.since = Math.max(state.since, until);
  }

  /** The row of the hour `at` falls in, made if needed; none for an hour older than the week kept. */
  #rowAt(at: number): HourRow | undefined {
    if (!Number.isFinite(at)) throw new RangeError(`a history record needs a clock time, got ${at}`);
    const hour = hourStartOf(at);
    if (hour < this.#oldestKeptHour()) return undefined;
    let row = this.#rows.get(hour);
    if (!row) {
      row = emptyRow(hour);
      this.#rows.set(hour, row);
      this.#dropOldHours();
    }
    return row;
  }

  #oldestKeptHour(): number {
    return hourStartOf(this.#clock.now()) - (KEPT_HOURS - 1) * HOUR_MS;
  }

  #dropOldHours(): void {
    const oldest = this.#oldestKeptHour();
    for (const hour of this.#rows.keys()) if (hour < oldest) this.#rows.delete(hour);
  }

  #changed(): void {
    for (const listener of this.#changeListeners) listener();
  }
}

function emptyRow(hourStart: number): HourRow {
  return {
    hourStart,
    polls: 0,
    calls: noOutcomes(),
    byPriority: Object.fromEntries(priorities.map((priority) => [priority, noOutcomes()])) as HourRow['byPriority'],
    byIntegration: {},
    byApiUser: {},
    stateMs: Object.fromEntries(throttleModes.map((mode) => [mode, 0])) as HourRow['stateMs'],
  };
}

function noOutcomes(): OutcomeCounts {
  return Object.fromEntries(callOutcomes.map((outcome) => [outcome, 0])) as OutcomeCounts;
}

function shareOf(usage: { used: number; limit: number }): number {
  return usage.used / usage.limit;
}

function countUnder(table: Record<string, OutcomeCounts>, name: string, outcome: CallOutcome): void {
  (table[keyFor(table, name)] ??= noOutcomes())[outcome]++;
}

/** Names every object already has (__proto__, constructor, ...): as keys they would not be ordinary ones. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

function keyFor(table: Record<string, OutcomeCounts>, name: string): string {
  // Looked up in a set: `name in Object.prototype` is a slow miss, and this runs for every call through the gateway.
  const key = PROTOTYPE_NAMES.has(name)
    ? `[${name}]`
    : name.length > MAX_NAME_LENGTH
      ? name.slice(0, MAX_NAME_LENGTH)
      : name;
  return Object.hasOwn(table, key) || Object.keys(table).length < MAX_NAMES_PER_HOUR ? key : OTHERS;
}

function addRow(row: HourRow, other: HourRow): void {
  if (other.peak && (!row.peak || shareOf(other.peak) > shareOf(row.peak))) row.peak = { ...other.peak };
  row.polls += other.polls;
  addCounts(row.calls, other.calls);
  for (const priority of priorities) addCounts(row.byPriority[priority], other.byPriority[priority]);
  for (const [name, counts] of Object.entries(other.byIntegration)) addNamed(row.byIntegration, name, counts);
  for (const [name, counts] of Object.entries(other.byApiUser)) addNamed(row.byApiUser, name, counts);
  for (const mode of throttleModes) row.stateMs[mode] += other.stateMs[mode];
}

function addNamed(table: Record<string, OutcomeCounts>, name: string, counts: OutcomeCounts): void {
  addCounts((table[keyFor(table, name)] ??= noOutcomes()), counts);
}

function addCounts(into: OutcomeCounts, more: OutcomeCounts): void {
  for (const outcome of callOutcomes) into[outcome] += more[outcome];
}
