import type { Clock } from '../core/clock';
import type { Priority } from '../core/throttle/priority';
import { callOutcomes, type CallOutcome, type OutcomeCounts } from '../core/usage/history-snapshot';
import { MAX_NAMES_PER_HOUR, OTHERS, type CallRecord } from '../core/usage/history';

export interface CallerCounts extends OutcomeCounts {
  /** Sent to Autotask, answer not yet relayed in full. */
  inFlight: number;
  /** Waiting for the gate or a thread slot. */
  waiting: number;
}

/** For the popover: what is going on now and what has happened since the gateway started. */
export interface GatewayStats extends CallerCounts {
  /** Per integration code (the first 100 seen; later ones together under "(others)"). */
  byIntegration: Record<string, CallerCounts>;
}

export interface Caller {
  integrationCode: string;
  apiUser: string;
  priority: Priority;
}

/**
 * Counts each call that reached the gate once, by what became of it: forwarded (sent at once), held (sent after
 * waiting), refused (answered 429, or given up by its caller while waiting: not sent either way) or failed (sent,
 * but no answer reached the caller).
 */
export class GatewayAccounting {
  private readonly total = noCounts();
  private readonly callers = new Map<string, CallerCounts>();

  constructor(
    private readonly clock: Clock,
    private readonly onCall: ((record: CallRecord) => void) | undefined,
  ) {}

  waiting(caller: Caller, change: 1 | -1): void {
    this.total.waiting += change;
    this.countsOf(caller).waiting += change;
  }

  inFlight(caller: Caller, change: 1 | -1): void {
    this.total.inFlight += change;
    this.countsOf(caller).inFlight += change;
  }

  record(caller: Caller, outcome: CallOutcome): void {
    this.total[outcome]++;
    this.countsOf(caller)[outcome]++;
    this.onCall?.({
      integrationCode: caller.integrationCode,
      apiUser: caller.apiUser,
      priority: caller.priority,
      outcome,
      at: this.clock.now(),
    });
  }

  stats(): GatewayStats {
    const byIntegration: Record<string, CallerCounts> = {};
    for (const [name, counts] of this.callers) Object.defineProperty(byIntegration, name, enumerable({ ...counts }));
    return { ...this.total, byIntegration };
  }

  private countsOf(caller: Caller): CallerCounts {
    const name = caller.integrationCode || '(none)';
    let counts = this.callers.get(name);
    if (!counts) {
      const key = this.callers.size < MAX_NAMES_PER_HOUR ? name : OTHERS;
      counts = this.callers.get(key) ?? noCounts();
      this.callers.set(key, counts);
    }
    return counts;
  }
}

function noCounts(): CallerCounts {
  const counts = { inFlight: 0, waiting: 0 } as CallerCounts;
  for (const outcome of callOutcomes) counts[outcome] = 0;
  return counts;
}

/** A plain own property even for names such as "__proto__". */
function enumerable(value: CallerCounts): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}
