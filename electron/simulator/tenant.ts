import type { Clock } from '../core/clock';
import { tenantDataFor, type TenantData } from './entity-store';
import { FaultInjector } from './faults';
import type { ApiUser, LoadProfile, TenantSettings } from './options';
import { TenantUsage } from './tenant-usage';
import { ThreadLimiter } from './thread-limiter';

interface TenantStart {
  settings: TenantSettings;
  load: LoadProfile;
  users: readonly ApiUser[];
  seed: number;
  clock: Clock;
}

/** Totals since the start or the last reset, for the admin API. */
interface TenantCounters {
  /** Autotask calls that passed the threshold and thread checks and so were counted (not background load). */
  totalRequests: number;
  /** Calls refused with a 429 because the window was at the limit (injected rate-limit faults not included). */
  served429: number;
  /** Calls refused because their integration code already had 3 calls in flight on that entity. */
  threadRejections: number;
}

/** Everything one simulated Autotask database holds: data, users, usage, threads, faults and counters. */
export class Tenant {
  readonly settings: TenantSettings;
  readonly usage: TenantUsage;
  readonly threads = new ThreadLimiter();
  readonly faults = new FaultInjector();
  readonly data: TenantData;
  readonly users: readonly ApiUser[];
  readonly clock: Clock;
  counters: TenantCounters = { totalRequests: 0, served429: 0, threadRejections: 0 };

  constructor(private readonly start: TenantStart) {
    this.settings = { ...start.settings };
    this.users = start.users;
    this.clock = start.clock;
    this.data = tenantDataFor(start.seed);
    this.usage = new TenantUsage(start.seed, this.settings, start.load, start.clock);
  }

  /** Window, counters, faults, settings and load back to how the simulator started; records stay as they are. */
  reset(): void {
    Object.assign(this.settings, this.start.settings);
    this.usage.reset(this.start.load);
    this.faults.clear();
    this.counters = { totalRequests: 0, served429: 0, threadRejections: 0 };
  }
}
