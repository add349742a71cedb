export const faultKinds = [
  'server-error',
  'slow',
  'timeout',
  'reset',
  'malformed-json',
  'unauthorized',
  'rate-limit',
] as const;

type FaultKind = (typeof faultKinds)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** How many of the next matching requests it hits; default 1. */
  count?: number;
  /** Case-insensitive substring of the request path and query; default: every Autotask request. */
  path?: string;
  /** server-error: the status to answer with; default 500. */
  status?: number;
  /** slow: how long to wait before answering normally; default 1000. */
  delayMs?: number;
  /** rate-limit: sent verbatim as Retry-After (seconds or an HTTP date); no header when absent. */
  retryAfter?: string;
}

export interface PendingFault extends FaultSpec {
  remaining: number;
}

/** Faults queued by the admin API, taken one request at a time, first queued first. */
export class FaultInjector {
  private faults: PendingFault[] = [];

  add(spec: FaultSpec): void {
    const { count = 1, ...rest } = spec;
    this.faults.push({ ...rest, path: rest.path?.toLowerCase(), remaining: count });
  }

  /** The fault that hits this request, if any; taking it uses up one of its count. */
  take(pathAndQuery: string): PendingFault | undefined {
    const target = pathAndQuery.toLowerCase();
    const index = this.faults.findIndex((fault) => fault.path === undefined || target.includes(fault.path));
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }

  list(): PendingFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }
}
