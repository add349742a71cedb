import type { ThrottleReason } from '../../../electron/contract';
import { reasonSentence } from '../../../electron/core/throttle/reason-words';
import type { Formats } from './format';

/**
 * The throttle's reason as the popover says it: the main process's sentences (reason-words.ts), with the figures
 * in the user's locale and clock times in their time zone.
 */
export function reasonText(reason: ThrottleReason, formats: Formats): string {
  return reasonSentence(reason, {
    count: formats.count,
    percent: formats.percent,
    minutes: formats.minutes,
    // Seconds only when they matter, as in "retrying after 14:05:30".
    clockTime: (ms) => (ms % 60_000 === 0 ? formats.clockTime(ms) : formats.clockTimeWithSeconds(ms)),
    duration: (seconds) => formats.duration(seconds * 1000),
  });
}
