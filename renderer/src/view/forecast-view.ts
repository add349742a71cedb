import type { Snapshot } from '../../../electron/contract';
import type { Formats } from './format';

const SOON_MS = 120_000;

export interface ForecastLine {
  /** The cap is in sight: said with more weight. */
  warning: boolean;
  text: string;
}

/** When the cap is reached at the tenant's current rate, or that it is not in sight. */
export function forecastLine(snapshot: Snapshot, formats: Formats, now: number): ForecastLine {
  const { forecast, usage } = snapshot;
  if (!usage.known) return { warning: false, text: 'No forecast without a current reading of the counter.' };
  const rate = `${formats.count(Math.max(0, Math.round(forecast.perMinute)))} calls a minute`;
  if (forecast.capReachedAt !== undefined) {
    // Within two minutes a clock time to the minute says too little (sleep and cap can show the same minute).
    const soon = forecast.capReachedAt - now < SOON_MS;
    const when = (at: number) => (soon ? `in ${formats.duration(at - now)}` : `at ${formats.moment(at, now)}`);
    const cap = soon
      ? when(forecast.capReachedAt)
      : `${when(forecast.capReachedAt)} (in ${formats.duration(forecast.capReachedAt - now)})`;
    const sleepFirst =
      forecast.sleepAtReachedAt !== undefined && forecast.sleepAtReachedAt > now && snapshot.state.mode !== 'asleep'
        ? `sleep starts ${when(forecast.sleepAtReachedAt)} and `
        : '';
    return { warning: true, text: `At ${rate}, ${sleepFirst}the cap is reached ${cap}.` };
  }
  if (forecast.perMinute <= 0) return { warning: false, text: 'Usage is steady or falling: the cap is not in sight.' };
  return { warning: false, text: `At ${rate} the cap is not in sight.` };
}
