import type { Credentials } from '../../autotask';
import type { Clock } from '../../core/clock';
import { demoUser, startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { demoWorkloadUsers } from './demo-users';

/**
 * 1,000 calls per 1-minute window: the whole tour fits in under three minutes, and the poller, whose intervals are
 * shares of the window and the limit, reads it every 3 to 12 s. Usage-based latency is off because its second per
 * call from 75% would leave the workload's few threads waiting through the climb; a little fixed latency stays, so
 * the gateway has calls in flight to show.
 */
export const demoTenantScale = {
  limit: 1000,
  timeframeMinutes: 1,
  latency: false,
  baseLatencyMs: 150,
} as const satisfies SimulatorOptions;

/** The embedded simulator and what the Monitor needs to watch it as if it were Autotask. */
export interface DemoTenant {
  /** Where zone discovery starts: the simulator's /ATServicesRest/ on 127.0.0.1. */
  autotaskBaseUrl: string;
  /** The Monitor's own API user (demoUser); the workload's users are in demo-users.ts. */
  credentials: Credentials;
  simulator: Simulator;
  stop(): Promise<void>;
}

export interface DemoTenantOptions {
  /** Default the system clock. The simulator's latency waits on it, so a virtual one must be moved along. */
  clock?: Clock;
}

/** Starts the simulator on 127.0.0.1, any free port, with no other integrations' load until a tour sets it. */
export async function startDemoTenant(options: DemoTenantOptions = {}): Promise<DemoTenant> {
  const simulator = await startSimulator({
    ...demoTenantScale,
    port: 0,
    load: 'quiet',
    users: [demoUser, ...Object.values(demoWorkloadUsers)],
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { username, secret, integrationCode } = demoUser;
  return {
    autotaskBaseUrl: simulator.baseUrl,
    credentials: { username, secret, integrationCode },
    simulator,
    stop: () => simulator.close(),
  };
}
