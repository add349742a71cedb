import type { Clock } from '../core/clock';

/** An Autotask API user: the three values every call carries as headers. */
export interface ApiUser {
  username: string;
  secret: string;
  integrationCode: string;
}

/** The user demo mode and the CLI start with. Public on purpose: it opens nothing but the local simulator. */
export const demoUser: ApiUser = {
  username: 'demo@headroom.example',
  secret: 'demo-secret',
  integrationCode: 'HEADROOMDEMO',
};

export const loadProfiles = ['quiet', 'steady', 'busy', 'spike', 'callout-storm'] as const;

/** Other integrations' traffic on the same tenant, which the simulator generates as time passes. */
export type LoadProfile = (typeof loadProfiles)[number];

export interface SimulatorOptions {
  /** Default 0 (any free port); the host is always 127.0.0.1. */
  port?: number;
  /** externalRequestThreshold; default 10000. */
  limit?: number;
  /** requestThresholdTimeframe; default 60. Fractions are allowed so a real-time test can run a short "hour". */
  timeframeMinutes?: number;
  /** Default 'quiet' (no background load). */
  load?: LoadProfile;
  /** Default [demoUser]. */
  users?: ApiUser[];
  /** Usage-based latency: +500 ms from 50 %, +1000 ms from 75 % of the limit. Default true. */
  latency?: boolean;
  /** Fixed response time added to every counted call. Default 0. */
  baseLatencyMs?: number;
  /** Data and background load are deterministic per seed. Default 1. */
  seed?: number;
  /** Default systemClock; tests pass a VirtualClock. */
  clock?: Clock;
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT' */
  readonly origin: string;
  /** 'http://127.0.0.1:PORT/ATServicesRest/' */
  readonly baseUrl: string;
  readonly port: number;
  /**
   * In process only (the demo tour steers with it): other integrations keep their share of the window on a straight
   * line from where it stands to `share` (0 to 1) of the limit, reached `rampMs` from now, falling no faster than
   * their calls age out. POST /_sim/load or /_sim/reset goes back to a profile.
   */
  setBackgroundLevel(share: number, rampMs?: number): void;
  /** Stops listening and destroys open sockets, held "timeout" requests included. */
  close(): Promise<void>;
}

/** The settings the admin API may change at run time. */
export interface TenantSettings {
  limit: number;
  timeframeMinutes: number;
  latency: boolean;
  baseLatencyMs: number;
}

export const defaultTenantSettings: TenantSettings = {
  limit: 10_000,
  timeframeMinutes: 60,
  latency: true,
  baseLatencyMs: 0,
};
