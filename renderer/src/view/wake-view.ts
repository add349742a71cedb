import type { Snapshot, ThrottleReason } from '../../../electron/contract';
import type { Formats } from './format';
import { reasonText } from './reason-view';
import { sentence } from './state-view';

/**
 * What the Wake Up card says. The outcome of a Wake Up stays visible: while woken, until when; put back to sleep,
 * why (the controller's reason: still too high after the grace period, the critical stop, or a 429 from Autotask).
 */
export interface WakeCard {
  kind: 'asleep' | 'woken' | 'back-to-sleep';
  title: string;
  text?: string;
  /** The button does something: asleep and not woken. */
  canWake: boolean;
  /** Rocketship's caution before a click: it may go back to sleep if usage is still high, and when. */
  caution?: string;
}

/**
 * What the popover remembers of a Wake Up: that the connection is woken, or why and when it was put back to sleep.
 * The reason is kept from the moment it went back to sleep: the next reading rewrites the state's reason as the
 * plain asleep one, and the user must still see why the Wake Up did not hold.
 */
export type AfterWake = undefined | 'woken' | { reason: ThrottleReason; at: number };

export function nextAfterWake(previous: AfterWake, snapshot: Snapshot): AfterWake {
  const { state } = snapshot;
  if (state.wokenByUser) return 'woken';
  if (state.mode !== 'asleep') return undefined;
  if (previous === 'woken') return { reason: state.reason, at: state.since };
  return previous;
}

export function wakeCard(
  snapshot: Snapshot,
  afterWake: AfterWake,
  formats: Formats,
  now: number,
): WakeCard | undefined {
  const { state, wake } = snapshot;
  const caution = wake.rule;
  if (state.wokenByUser) {
    const sleepAt = formats.percent(snapshot.thresholds.sleepAtPercent);
    // The caution was read before the click; now the card says how it is turning out.
    if (wake.graceEndsAt !== undefined && wake.graceEndsAt > now) {
      return {
        kind: 'woken',
        title: `Back to sleep at ${formats.clockTimeWithSeconds(wake.graceEndsAt)} if still high (in ${formats.duration(wake.graceEndsAt - now)})`,
        text: `Woken up at ${formats.moment(state.since, now)}. If usage is still at or above ${sleepAt} then, the connection goes back to sleep; below it, it stays awake.`,
        canWake: false,
      };
    }
    return {
      kind: 'woken',
      title: 'Stayed awake',
      text: `Woken up at ${formats.moment(state.since, now)}; usage was below ${sleepAt} when the grace period ended.`,
      canWake: false,
    };
  }
  if (state.mode !== 'asleep') return undefined;
  if (typeof afterWake === 'object') {
    return {
      kind: 'back-to-sleep',
      title: `Put back to sleep at ${formats.moment(afterWake.at, now)}`,
      text: sentence(reasonText(afterWake.reason, formats)),
      canWake: wake.available,
      caution,
    };
  }
  if (state.criticalStopped) {
    const stopAt = formats.percent(snapshot.thresholds.criticalStopAtPercent);
    return {
      kind: 'asleep',
      title: 'Wake Up the connection',
      text: `Not while usage is at or above the ${stopAt} critical stop: woken now, it would go straight back to sleep.`,
      canWake: false,
    };
  }
  return { kind: 'asleep', title: 'Wake Up the connection', canWake: wake.available, caution };
}
