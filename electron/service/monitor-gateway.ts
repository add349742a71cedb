/**
 * The local gateway in front of one Monitor: calls pass its throttle engine on their way to the tenant's zone and
 * are recorded in its hourly history. `headroom gateway` and the Headroom service both start it this way.
 */
import type { Clock } from '../core/clock';
import type { CallRecord } from '../core/usage/history';
import { startGateway, type Gateway } from '../gateway';
import { headerText } from '../gateway/headers';
import type { Monitor } from './monitor';

export interface MonitorGatewayOptions {
  /** On 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The command-line option that sets the port, named when it is taken; the Settings when absent. */
  portOption?: string;
  clock: Clock;
  /** Each call the gateway settled, after the history has it. */
  onCall?: (record: CallRecord) => void;
}

export function startMonitorGateway(monitor: Monitor, options: MonitorGatewayOptions): Promise<Gateway> {
  return startGateway({
    throttle: monitor.engine,
    zoneUrl: () => monitor.client.zoneUrl(),
    port: options.port,
    ...(options.portOption ? { portOption: options.portOption } : {}),
    // Read call by call, so a settings change applies to the next call without restarting the gateway.
    maxHoldSeconds: () => monitor.currentSettings.gateway.maxHoldSeconds,
    clock: options.clock,
    onCall: (record) => {
      monitor.history.recordCall(record);
      options.onCall?.(record);
    },
    // The headers are only read when the poller is waiting on a refusal of its credentials.
    onAutotaskAnswered: (headers) =>
      monitor.autotaskAnswered(() => ({
        username: headerText(headers, 'username') ?? '',
        secret: headerText(headers, 'secret') ?? '',
        integrationCode: headerText(headers, 'apiintegrationcode') ?? '',
      })),
  });
}
