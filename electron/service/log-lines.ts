/**
 * The service's events as log lines: a throttle or connection transition, which settings changed, the polls a
 * Watch sent. Never a value that could be a secret: a settings change names its keys, not their values.
 */
import { reasonWords } from '../core/throttle/reason-words';
import type { ThrottleTransition } from '../core/throttle/state';
import type { ConnectionTransition } from '../core/usage/connection';
import type { PollerStats } from './poller';

/** E.g. "throttle normal → asleep (upstream-rejection): … ; Retry-After until 2026-12-08T03:01:00.000Z". */
export function throttleLine({ from, to, cause }: ThrottleTransition): string {
  const woken = to.wokenByUser ? ' (woken)' : '';
  const stopped = to.criticalStopped ? ', critical calls held too' : '';
  const retry = to.backoffUntil === undefined ? '' : `; Retry-After until ${new Date(to.backoffUntil).toISOString()}`;
  return `throttle ${from.mode} → ${to.mode}${woken} (${cause}${stopped}): ${reasonWords(to.reason)}${retry}`;
}

export function connectionLine({ from, to }: ConnectionTransition): string {
  return `connection ${from.health} → ${to.health}${to.lastError ? `: ${to.lastError}` : ''}`;
}

/** The polls of one Watch, the throttle's requests for a fresh reading among them. */
export function pollsLine(stats: PollerStats): string {
  return `polls sent ${stats.pollsSent} (fresh readings asked by the throttle ${stats.extraPolls}, failed ${stats.failures})`;
}

/** The dotted paths whose values differ, e.g. ["throttle.slowAt", "notifications.pausedUntil"]. */
export function changedKeys(before: unknown, after: unknown, path = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => changedKeys(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
