import type { Snapshot } from '../../../electron/contract';
import type { Formats } from './format';

export interface ThresholdMark {
  label: string;
  percent: number;
}

export type GaugeView =
  | {
      known: true;
      used: string;
      limit: string;
      percent: string;
      /** 0 to 100, for the bar's width. */
      share: number;
      /** "Rolling 60 min". */
      window: string;
      /** "Reading, 3 s old" or "Estimate, last reading 40 s ago". */
      freshness: string;
      /** What a screen reader hears for the meter. */
      valueText: string;
      marks: ThresholdMark[];
    }
  | { known: false; why: string; lastReading: string; marks: ThresholdMark[] };

/**
 * What the gauge shows. The reading's age is worked out for `now`, since the popover keeps showing a snapshot
 * between two of them.
 */
export function gaugeView(snapshot: Snapshot, formats: Formats, now: number): GaugeView {
  const { usage, thresholds } = snapshot;
  const marks: ThresholdMark[] = [
    { label: 'Slow', percent: thresholds.slowAtPercent },
    { label: 'Sleep', percent: thresholds.sleepAtPercent },
    { label: 'Stop', percent: thresholds.criticalStopAtPercent },
  ];
  if (!usage.known) {
    const lastReading =
      usage.readingAt === undefined ? 'No reading yet' : `Last reading at ${formats.moment(usage.readingAt, now)}`;
    return { known: false, why: usage.why, lastReading, marks };
  }
  const age = formats.duration(Math.max(usage.readingAgeMs, usage.readingAgeMs + now - snapshot.at));
  const window = `Rolling ${formats.minutes(usage.timeframeMinutes)} min`;
  const used = formats.count(usage.used);
  const limit = formats.count(usage.limit);
  const percent = formats.percent(usage.percent);
  const freshness = usage.figure === 'reading' ? `Reading, ${age} old` : `Estimate, last reading ${age} ago`;
  return {
    known: true,
    used,
    limit,
    percent,
    share: Math.min(100, (usage.used / usage.limit) * 100),
    window,
    freshness,
    valueText: `${used} of ${limit} calls (${percent}) in the last ${formats.minutes(usage.timeframeMinutes)} min`,
    marks,
  };
}
