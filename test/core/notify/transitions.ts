import type {
  ThrottleMode,
  ThrottleState,
  ThrottleTransition,
  TransitionCause,
} from '../../../electron/core/throttle/state';
import type { ConnectionHealth, ConnectionStatus, ConnectionTransition } from '../../../electron/core/usage/connection';

/** Builders for the transitions the controller and the poller emit, with only what a test cares about. */
export function throttleState(mode: ThrottleMode, overrides: Partial<ThrottleState> = {}): ThrottleState {
  return {
    mode,
    wokenByUser: false,
    criticalStopped: false,
    reason: { kind: 'normal', usage: { used: mode === 'asleep' ? 9_120 : 6_900, limit: 10_000, timeframeMinutes: 60 } },
    since: 0,
    ...overrides,
  };
}

export function throttleTransition(
  from: ThrottleMode | ThrottleState,
  to: ThrottleMode | ThrottleState,
  cause: TransitionCause,
  at: number,
): ThrottleTransition {
  const state = (value: ThrottleMode | ThrottleState) => (typeof value === 'string' ? throttleState(value) : value);
  return { from: state(from), to: { ...state(to), since: at }, cause, at };
}

export function connectionStatus(
  health: ConnectionHealth,
  overrides: Partial<ConnectionStatus> = {},
): ConnectionStatus {
  return { health, since: 0, ...overrides };
}

export function connectionTransition(
  from: ConnectionHealth | ConnectionStatus,
  to: ConnectionHealth | ConnectionStatus,
  at: number,
): ConnectionTransition {
  const status = (value: ConnectionHealth | ConnectionStatus) =>
    typeof value === 'string' ? connectionStatus(value) : value;
  return { from: status(from), to: { ...status(to), since: at }, at };
}
