import type { HourRow } from '../../../electron/core/usage/history-snapshot';
import type { Formats } from './format';

export interface HourBar {
  hourStart: number;
  /** "Mon 14:00". */
  label: string;
  /** The tenant's highest usage in the hour; absent: never read. */
  tenant?: number;
  /** Headroom's own calls through the gateway. */
  ours: number;
  limit?: number;
  /** Minutes spent slowed or asleep. */
  throttledMinutes: number;
  /** Minutes spent asleep, of those. */
  asleepMinutes: number;
}

export interface HistoryChart {
  bars: HourBar[];
  /** The top of the scale: the highest limit or figure, so the limit line is always on the chart. */
  scaleMax: number;
  /** The limit line's height, when the hours agree on one. */
  limit?: number;
  /** "Throttled 2 h 20 min in the last 24 h". */
  summary: string;
}

const MINUTE_MS = 60_000;

export function historyChart(rows: readonly HourRow[], formats: Formats): HistoryChart {
  const bars = rows.map((row): HourBar => {
    const throttledMs = row.stateMs.slowed + row.stateMs.asleep;
    return {
      hourStart: row.hourStart,
      label: formats.hour(row.hourStart),
      ...(row.peak ? { tenant: row.peak.used, limit: row.peak.limit } : {}),
      ours: row.calls.forwarded + row.calls.held + row.polls,
      throttledMinutes: Math.round(throttledMs / MINUTE_MS),
      asleepMinutes: Math.round(row.stateMs.asleep / MINUTE_MS),
    };
  });
  const limits = bars.flatMap((bar) => (bar.limit === undefined ? [] : [bar.limit]));
  const limit = limits.length > 0 ? Math.max(...limits) : undefined;
  const scaleMax = Math.max(1, limit ?? 0, ...bars.map((bar) => Math.max(bar.tenant ?? 0, bar.ours)));
  const throttledMs = rows.reduce((sum, row) => sum + row.stateMs.slowed + row.stateMs.asleep, 0);
  const summary =
    throttledMs < MINUTE_MS
      ? `Not throttled in the last ${formats.count(rows.length)} h.`
      : `Throttled ${formats.duration(throttledMs)} in the last ${formats.count(rows.length)} h.`;
  return { bars, scaleMax, ...(limit === undefined ? {} : { limit }), summary };
}
