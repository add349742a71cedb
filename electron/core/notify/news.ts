import type { Notice } from './notice';

/**
 * A change in one topic (the throttle, or the connection) as the user would describe the state: running or
 * asleep, working or offline. Changes within a state (normal <-> slowed, ok <-> degraded) are not news.
 */
export interface News<Key extends string> {
  key: Key;
  /** Bad news (asleep, offline, credentials rejected) is said at once; good news waits out the cooldown. */
  bad: boolean;
  /** What to say; absent for a state that is recorded but not announced (the connection coming back). */
  notice?: Notice;
  /** The user's own act caused it, so the user already knows. */
  byUser?: 'wake-up' | 'settings';
}
