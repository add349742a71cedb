import { reasonWords } from '../throttle/reason-words';
import type { ThrottleState, ThrottleTransition, TransitionCause } from '../throttle/state';
import type { News } from './news';
import type { Notice } from './notice';
import { paragraph } from './words';

export const throttleKeys = ['running', 'asleep'] as const;
export type ThrottleKey = (typeof throttleKeys)[number];

/** A connection woken by hand is running, whatever the mode says: the user lifted the sleep. */
function keyOf(state: ThrottleState): ThrottleKey {
  return state.mode === 'asleep' && !state.wokenByUser ? 'asleep' : 'running';
}

/**
 * Going to sleep and resuming are news; slowing down is not (pacing is silent by design, the tray shows it).
 * Wake Up and settings changes are the user's own acts: recorded, never announced.
 */
export function throttleNews({ from, to, cause }: ThrottleTransition): News<ThrottleKey> | undefined {
  const key = keyOf(to);
  if (key === keyOf(from)) return undefined;
  const bad = key === 'asleep';
  if (cause === 'wake-up' || cause === 'settings') return { key, bad, byUser: cause };
  return { key, bad, notice: bad ? sleepNotice(to, cause) : resumedNotice(to) };
}

/** Said of a topic whose state changed several times before the user could be told. */
export function throttleFlapping(changes: number, duration: string): string {
  return `It switched between asleep and running ${changes} times in the last ${duration}: usage is hovering near the thresholds.`;
}

/**
 * The controller's reason comes first: it carries the numbers and, after a Wake Up or a 429, the why ("still at
 * or above 90% after 2 min", "retrying after 14:05"). What follows says what that means for the user's calls.
 */
function sleepNotice(to: ThrottleState, cause: TransitionCause): Notice {
  const onHold = to.criticalStopped
    ? 'Every call is on hold, critical ones too, so the tenant does not reach the limit at which Autotask stops every integration.'
    : 'Background and normal calls are on hold; critical calls still go.';
  if (cause === 'wake-expired')
    return {
      kind: 'back-to-sleep',
      title: 'Back to sleep after Wake Up',
      body: paragraph(reasonWords(to.reason), onHold),
    };
  // Wake Up cannot beat Autotask's own pause, nor lift the critical stop.
  const remedy = cause === 'upstream-rejection' || to.criticalStopped ? '' : 'Wake Up resumes them.';
  return {
    kind: 'throttled',
    title: 'Autotask API throttled',
    body: paragraph(reasonWords(to.reason), onHold, remedy),
  };
}

function resumedNotice(to: ThrottleState): Notice {
  return {
    kind: 'resumed',
    title: 'Autotask API calls resumed',
    body: paragraph(
      reasonWords(to.reason),
      to.mode === 'slowed'
        ? 'Calls through Headroom flow again, paced to stay under the limit.'
        : 'Calls through Headroom flow again.',
    ),
  };
}
