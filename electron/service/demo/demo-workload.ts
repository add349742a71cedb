import type { Clock, TimerId } from '../../core/clock';
import type { Priority } from '../../core/throttle/priority';
import type { ApiUser } from '../../simulator';
import { demoWorkloadUsers, type DemoIntegrationCode } from './demo-users';

/** One Autotask call of the demo workload, as a script would send it through the gateway. */
export interface DemoCall {
  user: ApiUser;
  priority: Priority;
  /** The entity the call is on: the thread limit's key together with the integration code. */
  entity: string;
  method: 'GET' | 'POST';
  /** Under /ATServicesRest/V1.0/. */
  path: string;
  body?: unknown;
}

/** Sends one call and resolves with its HTTP status, or rejects when it fails or `signal` aborts it. */
export interface DemoCaller {
  send(call: DemoCall, signal: AbortSignal): Promise<number>;
  /** Called once stop() has settled every call. */
  close(): void;
}

interface DemoStream {
  integrationCode: DemoIntegrationCode;
  priority: Priority;
  everySeconds: number;
  /** The stream's n-th call (n from 0). */
  call(n: number): Omit<DemoCall, 'user' | 'priority'>;
}

const openTickets = { filter: [{ op: 'eq', field: 'status', value: 1 }], MaxRecords: 25 };
const activeContacts = { filter: [{ op: 'eq', field: 'isActive', value: 1 }], MaxRecords: 50 };

/**
 * About 50 calls a minute, 5% of the demo tenant's limit: enough for every figure of the gateway to move, little
 * enough that the tour, not the workload, decides the state. The monitoring alerts are critical, the sync is normal,
 * the reports are background, so each state treats one of them differently.
 */
const demoStreams: readonly DemoStream[] = [
  {
    integrationCode: 'RMM-ALERTS',
    priority: 'critical',
    everySeconds: 6,
    call: () => ({ entity: 'Tickets', method: 'POST', path: 'Tickets/query', body: openTickets }),
  },
  {
    integrationCode: 'PSA-SYNC',
    priority: 'normal',
    everySeconds: 4,
    call: (n) => ({ entity: 'Companies', method: 'GET', path: `Companies/${1001 + (n % 300)}` }),
  },
  {
    integrationCode: 'PSA-SYNC',
    priority: 'normal',
    everySeconds: 6,
    call: () => ({ entity: 'Contacts', method: 'POST', path: 'Contacts/query', body: activeContacts }),
  },
  {
    integrationCode: 'BACKUP-REPORTS',
    priority: 'background',
    everySeconds: 4,
    call: (n) => ({ entity: 'Tickets', method: 'GET', path: `Tickets/${70001 + ((n * 37) % 5000)}` }),
  },
];

/** Autotask's thread limit, which a well-behaved client keeps to itself rather than leaning on the gateway. */
const MAX_IN_FLIGHT_PER_ENTITY = 3;

export interface DemoWorkloadStats {
  started: number;
  /** Answered 2xx. */
  ok: number;
  /** Answered 429: held too long at the gateway, or Autotask's own refusal. */
  refused: number;
  /** Any other answer, or no answer. */
  failed: number;
  /** Cut off by stop(). */
  aborted: number;
  /** Not started because its integration already had 3 calls in flight on that entity. */
  skipped: number;
  inFlight: number;
}

export interface DemoWorkload {
  stats(): DemoWorkloadStats;
  /** No new calls; every call in flight is aborted; resolves once each has settled and the caller is closed. */
  stop(): Promise<void>;
}

export interface DemoWorkloadOptions {
  clock: Clock;
  /** gatewayCaller(gateway.baseUrl) in the app. */
  caller: DemoCaller;
}

/** Starts every stream, staggered by half a second so they do not all fire on the same tick. */
export function startDemoWorkload({ clock, caller }: DemoWorkloadOptions): DemoWorkload {
  const counts = { started: 0, ok: 0, refused: 0, failed: 0, aborted: 0, skipped: 0 };
  const inFlightByKey = new Map<string, number>();
  /** Each call in flight, by the promise that settles once it is over. */
  const open = new Map<Promise<void>, AbortController>();
  const timers = new Map<DemoStream, TimerId>();
  let stopping: Promise<void> | undefined;

  const fire = (stream: DemoStream, n: number) => {
    const call: DemoCall = {
      ...stream.call(n),
      user: demoWorkloadUsers[stream.integrationCode],
      priority: stream.priority,
    };
    const key = `${stream.integrationCode}\u0000${call.entity}`;
    const inFlight = inFlightByKey.get(key) ?? 0;
    if (inFlight >= MAX_IN_FLIGHT_PER_ENTITY) {
      counts.skipped++;
      return;
    }
    inFlightByKey.set(key, inFlight + 1);
    counts.started++;
    const controller = new AbortController();
    const settled: Promise<void> = caller
      .send(call, controller.signal)
      .then(
        (status) => {
          if (status >= 200 && status < 300) counts.ok++;
          else if (status === 429) counts.refused++;
          else counts.failed++;
        },
        () => {
          if (controller.signal.aborted) counts.aborted++;
          else counts.failed++;
        },
      )
      .finally(() => {
        open.delete(settled);
        inFlightByKey.set(key, (inFlightByKey.get(key) ?? 1) - 1);
      });
    open.set(settled, controller);
  };

  const schedule = (stream: DemoStream, n: number, delayMs: number) => {
    timers.set(
      stream,
      clock.setTimeout(() => {
        fire(stream, n);
        schedule(stream, n + 1, stream.everySeconds * 1000);
      }, delayMs),
    );
  };
  demoStreams.forEach((stream, index) => schedule(stream, 0, (index + 1) * 500));

  return {
    stats: () => ({ ...counts, inFlight: open.size }),
    stop() {
      stopping ??= (async () => {
        for (const timer of timers.values()) clock.clearTimeout(timer);
        timers.clear();
        const settling = [...open.keys()];
        for (const controller of open.values()) controller.abort();
        await Promise.all(settling);
        caller.close();
      })();
      return stopping;
    },
  };
}
