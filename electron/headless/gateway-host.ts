/**
 * The Monitor and the local gateway together, without any UI: what `headroom gateway` runs, and what the headless
 * host builds on. State changes and connection changes are told in one line each.
 */
import type { Credentials } from '../autotask';
import type { Clock } from '../core/clock';
import type { Settings } from '../core/settings/settings';
import { reasonWords } from '../core/throttle/reason-words';
import type { Gateway } from '../gateway';
import { Monitor } from '../service/monitor';
import { startMonitorGateway } from '../service/monitor-gateway';
import { Teardown } from './teardown';

export interface GatewayHostOptions {
  settings: Settings;
  credentials: Credentials;
  /** The command-line option that sets the gateway's port, named when it is taken. */
  portOption?: string;
  clock: Clock;
  log: (line: string) => void;
}

export interface GatewayHost {
  monitor: Monitor;
  gateway: Gateway;
  stop(): Promise<void>;
}

export async function startGatewayHost(options: GatewayHostOptions): Promise<GatewayHost> {
  const { settings, log } = options;
  const monitor = new Monitor({
    credentials: options.credentials,
    settings,
    clock: options.clock,
    showNotice: (notice) => log(`${notice.title}: ${notice.body}`),
  });
  monitor.onThrottleChange(({ to }) =>
    log(`throttle ${to.mode}${to.wokenByUser ? ' (woken)' : ''}: ${reasonWords(to.reason)}`),
  );
  monitor.onConnectionChange(({ to }) => log(`connection ${to.health}${to.lastError ? `: ${to.lastError}` : ''}`));
  // Stopped the other way round, and on a failed start whatever had started: the gateway answers what it holds
  // before the Monitor stops.
  const teardown = new Teardown();
  try {
    teardown.add(() => monitor.stop());
    const gateway = await startMonitorGateway(monitor, {
      port: settings.gateway.port,
      ...(options.portOption ? { portOption: options.portOption } : {}),
      clock: options.clock,
    });
    teardown.add(() => gateway.close());
    await monitor.start();
    return { monitor, gateway, stop: () => teardown.run() };
  } catch (error) {
    await teardown
      .run()
      .catch((stopError: unknown) =>
        log(`stopping after the failed start: ${stopError instanceof Error ? stopError.message : String(stopError)}`),
      );
    throw error;
  }
}
