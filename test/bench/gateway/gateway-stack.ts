/**
 * The gateway as `headroom gateway` runs it (startGatewayHost: the Monitor with its Autotask client, poller,
 * throttle engine and history, and the gateway in front of it), in its own process. Settings go through the
 * settings schema, as the command line's do. It reports every throttle transition to the bench and takes a Wake Up
 * from it.
 */
import type { ThrottleState } from '../../../electron/core/throttle/state';
import { defaultSettings } from '../../../electron/core/settings/settings';
import { applySettingsChange, type SettingsPatch } from '../../../electron/core/settings/validate';
import { startGatewayHost } from '../../../electron/headless/gateway-host';
import { systemClock } from '../../../electron/core/clock';
import { serveBench } from './process-link';

export interface GatewayStackConfig {
  /** Connection, throttle and gateway settings over the defaults; the secret comes from HEADROOM_SECRET. */
  settings: SettingsPatch;
}

/** One throttle transition as the bench logs it. */
export interface TransitionEvent {
  at: number;
  from: ThrottleState;
  to: ThrottleState;
  cause: string;
}

await serveBench<GatewayStackConfig>(async ({ settings: patch }, tell) => {
  const checked = applySettingsChange(defaultSettings, patch);
  if (!checked.ok) throw new Error(checked.problems.map((problem) => problem.message).join('\n'));
  const settings = checked.value;
  const { connection } = settings;
  const host = await startGatewayHost({
    settings,
    credentials: {
      username: connection.username,
      secret: process.env['HEADROOM_SECRET'] ?? '',
      integrationCode: connection.integrationCode,
    },
    clock: systemClock,
    // The bench reports the transitions itself, with their times; the host's lines would only repeat them.
    log: () => undefined,
  });
  const { monitor, gateway } = host;
  monitor.onThrottleChange(({ from, to, cause, at }) => tell({ at, from, to, cause } satisfies TransitionEvent));
  // The bench measures a gateway that knows the tenant's usage, as it does a moment after it starts.
  if (!monitor.engine.snapshot().estimate.known) {
    await new Promise<void>((resolve) => monitor.poller.onSample(() => resolve()));
  }
  return {
    baseUrl: gateway.baseUrl,
    commands: {
      'wake-up': () => monitor.wakeUp(),
      stats: () => gateway.stats(),
    },
    close: () => host.stop(),
  };
});
