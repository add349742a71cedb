/**
 * One connection watched: a Monitor for one set of credentials and the gateway in front of it. A change of
 * connection stops one Watch and starts the next; the hourly history outlives them both.
 */
import type { Clock } from '../core/clock';
import type { Notice } from '../core/notify/notice';
import type { Settings } from '../core/settings/settings';
import type { UsageHistory } from '../core/usage/history';
import { GatewayListenError, GatewayOptionsError, type Gateway } from '../gateway';
import type { ConnectionTarget } from './connection-target';
import { Monitor } from './monitor';
import { startMonitorGateway } from './monitor-gateway';

export interface WatchOptions {
  target: ConnectionTarget;
  settings: Settings;
  /** The gateway's port: the settings' one, or the port the last Watch had, so scripts keep their address. */
  port: number;
  /** The command-line option that sets the port, named when it is taken; the Settings when absent. */
  portOption?: string;
  clock: Clock;
  random?: () => number;
  history: UsageHistory;
  /** The last Watch's, so a reconnect in the same state does not alert again. */
  notificationMemory?: unknown;
  showNotice: (notice: Notice) => void;
  /** A throttle or connection transition. */
  onStateChange: () => void;
  /** A reading came in, or the gateway settled a call. */
  onFiguresMoved: () => void;
  /** In words: the gateway could not listen, the history could not be saved. */
  onProblem: (message: string) => void;
}

export interface Watch {
  readonly target: ConnectionTarget;
  readonly monitor: Monitor;
  /** Absent when its port could not be had: usage is still watched, and the problem was told. */
  readonly gateway: Gateway | undefined;
  /** Answers every call the gateway holds (429, Retry-After), then stops polling. */
  stop(): Promise<void>;
}

export async function startWatch(options: WatchOptions): Promise<Watch> {
  const { target, clock } = options;
  const monitor = new Monitor({
    credentials: target.credentials,
    autotaskBaseUrl: target.autotaskBaseUrl,
    settings: options.settings,
    clock,
    history: options.history,
    showNotice: options.showNotice,
    ...(options.random ? { random: options.random } : {}),
    ...(options.notificationMemory === undefined ? {} : { notificationMemory: options.notificationMemory }),
  });
  // Heard from the first poll on.
  monitor.onThrottleChange(options.onStateChange);
  monitor.onConnectionChange(options.onStateChange);
  monitor.poller.onSample(options.onFiguresMoved);
  const { port, portOption } = options;
  const gateway = await startMonitorGateway(monitor, {
    port,
    ...(portOption ? { portOption } : {}),
    clock,
    onCall: options.onFiguresMoved,
  })
    // Scripts cannot reach the throttle, but the tenant's usage is still worth watching and showing.
    .catch((error: unknown) => {
      if (!(error instanceof GatewayListenError || error instanceof GatewayOptionsError)) throw error;
      options.onProblem(error.userMessage);
      return undefined;
    });
  await monitor.start();
  return {
    target,
    monitor,
    gateway,
    async stop() {
      await gateway?.close();
      await monitor.stop();
    },
  };
}
