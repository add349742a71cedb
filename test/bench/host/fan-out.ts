/**
 * What one snapshot event costs the host with 20 browser tabs (or dashboards) on /api/events: how far apart the
 * first and the last client get it, and the host's CPU time per event.
 *
 * The event is caused by a settings change, sleepAt moved between two values through the contract
 * (POST /api/updateThresholds): the service tells a change of settings at once, where the figures a poll or a
 * gateway call moves are told at most once a second, so hundreds of events take seconds rather than minutes, and
 * each is told to the streams before the request is answered. The same changes are made with no client
 * listening; the difference in CPU per event is what the fan-out to 20 clients costs, the rest being the request,
 * the settings and the snapshot itself, which every event pays whoever listens. That difference is a few hundred
 * microseconds between two figures near 2 ms that move by as much from run to run, so the two are measured in
 * turn, round after round, and the difference is given with its 95% confidence interval over the rounds.
 */
import type { Saved } from '../../../electron/contract';
import type { ThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import { meanWithInterval, type Interval } from '../gateway/round-statistics';
import { percentile, round } from '../load';
import { pause } from './pause';
import type { ProbedProcess } from './probed-process';
import { SnapshotListeners } from './snapshot-listeners';

export const CLIENTS = 20;
export const ROUNDS = 10;
export const EVENTS_PER_ROUND = 20;
/** Not measured: the host's code for the request and the streams is compiled by the JIT in the first round's. */
export const WARM_UP_EVENTS = 40;
/** Not measured either: the first events of every later round's halves, after clients came or went. */
export const SETTLING_EVENTS = 3;
/** Between events, so each is over (its bytes written, the clients' reads done) before the next is caused. */
export const GAP_MS = 50;
const EVENT_TIMEOUT_MS = 5_000;

export interface Spread {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FanOutPhase {
  clients: number;
  events: number;
  /** Over all rounds' events together. */
  cpuMicrosPerEvent: number;
  /** Each round's, in the order they ran. */
  roundsCpuMicrosPerEvent: number[];
  /** From the first client receiving the event to the last; none without clients. */
  spread?: Spread;
  /** From sending the change to the last client receiving its event. */
  changeToLast?: Spread;
  /** Polls of the tenant meanwhile: each costs the host some CPU, and with clients, an event the bench did not cause. */
  tenantCalls: number;
  /** Snapshot events each client had that the bench did not cause; none can be seen without clients. */
  unprompted?: number;
}

export interface FanOutResult {
  /** The snapshot as one event on the stream, in bytes. */
  eventBytes: number;
  withoutClients: FanOutPhase;
  withClients: FanOutPhase;
  /** withClients' CPU per event less withoutClients', each round's difference, in µs. */
  fanOutMicrosPerEvent: Interval;
  rssMiBAfter: number;
}

interface Half {
  cpuMicros: number;
  tenantCalls: number;
  /** With clients: each event's first and last receipt and when its change was sent (performance.now()). */
  events: Array<{ first: number; last: number; sentAt: number }>;
  unprompted: number;
}

/** `tenantCalls()` reads the simulator's count of calls so far. */
export async function measureFanOut(
  host: ProbedProcess,
  ui: { url: string; token: string },
  tenantCalls: () => Promise<number>,
): Promise<FanOutResult> {
  const contract = new Contract(ui.url, ui.token);
  const thresholds = await contract.call<ThrottleSettings>('getThresholds');
  const values = [thresholds.sleepAtPercent - 1, thresholds.sleepAtPercent];
  let changes = 0;
  /** Moves sleepAt to its other value and resolves once the host has answered (its event told by then). */
  const change = async () => {
    const sleepAtPercent = values[changes++ % 2] as number;
    const saved = await contract.call<Saved<ThrottleSettings>>('updateThresholds', { ...thresholds, sleepAtPercent });
    if (!saved.ok) throw new Error(`the host refused the thresholds: ${JSON.stringify(saved)}`);
  };
  /** One change heard by every client: when the first and the last had it. */
  const heard = async (listeners: SnapshotListeners) => {
    // The one place the value is in the snapshot's JSON: its thresholds.
    const receipts = listeners.arm(`"sleepAtPercent":${values[changes % 2]}`, EVENT_TIMEOUT_MS);
    const sentAt = performance.now();
    await change();
    const times = await receipts;
    return { first: Math.min(...times), last: Math.max(...times), sentAt };
  };
  const half = async (listeners: SnapshotListeners | undefined, unmeasured: number): Promise<Half> => {
    const one = () => (listeners ? heard(listeners) : change().then(() => undefined));
    for (let i = 0; i < unmeasured; i++) await one().then(() => pause(GAP_MS));
    const snapshotsBefore = listeners?.snapshots ?? 0;
    const callsBefore = await tenantCalls();
    const before = await host.usage();
    const events: Half['events'] = [];
    for (let i = 0; i < EVENTS_PER_ROUND; i++) {
      const event = await one();
      if (event) events.push(event);
      await pause(GAP_MS);
    }
    const after = await host.usage();
    const snapshots = listeners ? (listeners.snapshots - snapshotsBefore) / CLIENTS : 0;
    return {
      cpuMicros: after.cpuMicros - before.cpuMicros,
      tenantCalls: (await tenantCalls()) - callsBefore,
      events,
      unprompted: listeners ? snapshots - EVENTS_PER_ROUND : 0,
    };
  };

  const snapshot = await fetch(new URL('api/snapshot', ui.url)).then((answer) => answer.text());
  const without: Half[] = [];
  const withClients: Half[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const unmeasured = r === 0 ? WARM_UP_EVENTS : SETTLING_EVENTS;
    without.push(await half(undefined, unmeasured));
    const listeners = await SnapshotListeners.open(Number(new URL(ui.url).port), CLIENTS);
    try {
      withClients.push(await half(listeners, unmeasured));
    } finally {
      listeners.close();
    }
  }
  const perEvent = (h: Half) => h.cpuMicros / EVENTS_PER_ROUND;
  const difference = meanWithInterval(withClients.map((h, r) => perEvent(h) - perEvent(without[r] as Half)));
  const events = withClients.flatMap((h) => h.events);
  return {
    eventBytes: Buffer.byteLength(`event: snapshotChanged\ndata: ${snapshot}\n\n`),
    withoutClients: phaseOf(0, without),
    withClients: {
      ...phaseOf(CLIENTS, withClients),
      spread: spreadOf(events.map(({ first, last }) => last - first)),
      changeToLast: spreadOf(events.map(({ last, sentAt }) => last - sentAt)),
      unprompted: withClients.reduce((sum, h) => sum + h.unprompted, 0),
    },
    fanOutMicrosPerEvent: {
      mean: Math.round(difference.mean),
      low: Math.round(difference.low),
      high: Math.round(difference.high),
    },
    rssMiBAfter: round((await host.usage()).rssBytes / 2 ** 20),
  };
}

function phaseOf(clients: number, halves: Half[]): FanOutPhase {
  const events = halves.length * EVENTS_PER_ROUND;
  return {
    clients,
    events,
    cpuMicrosPerEvent: Math.round(halves.reduce((sum, h) => sum + h.cpuMicros, 0) / events),
    roundsCpuMicrosPerEvent: halves.map((h) => Math.round(h.cpuMicros / EVENTS_PER_ROUND)),
    tenantCalls: halves.reduce((sum, h) => sum + h.tenantCalls, 0),
  };
}

function spreadOf(durations: number[]): Spread {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** The contract over HTTP as a program on this computer calls it: POST /api/<method>, the token from its file. */
class Contract {
  constructor(
    private readonly uiUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, request?: object): Promise<T> {
    const answer = await fetch(new URL(`api/${method}`, this.uiUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Headroom-Token': this.token },
      body: request === undefined ? '' : JSON.stringify(request),
    });
    if (!answer.ok) throw new Error(`${method}: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as T;
  }
}
