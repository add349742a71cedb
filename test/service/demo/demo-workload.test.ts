import { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import { systemClock } from '../../../electron/core/clock';
import { ThrottleEngine } from '../../../electron/core/throttle/engine';
import type { CallRecord } from '../../../electron/core/usage/history';
import { startDemoTenant, type DemoTenant } from '../../../electron/service/demo/demo-tenant';
import { demoIntegrationCodes } from '../../../electron/service/demo/demo-users';
import { startDemoWorkload, type DemoCall, type DemoCaller } from '../../../electron/service/demo/demo-workload';
import { gatewayCaller } from '../../../electron/service/demo/gateway-caller';
import { startGateway, type Gateway, type GatewayThrottle } from '../../../electron/gateway';

const second = 1000;

/** Resolves once `count` more of the events whose resolvers `queue` hands out one by one have happened. */
function next(count: number, queue: Array<() => void>): Promise<void> {
  const each = Array.from({ length: count }, () => new Promise<void>((resolve) => queue.push(resolve)));
  return Promise.all(each).then(() => undefined);
}

/** A caller that records every call and leaves it open until the test answers it or its signal aborts it. */
class HeldCaller implements DemoCaller {
  readonly calls: Array<{ call: DemoCall; at: number; answer: (status: number) => void }> = [];
  closed = 0;
  private readonly open = new Map<string, number>();
  mostOpen = 0;

  constructor(private readonly clock: VirtualClock) {}

  send(call: DemoCall, signal: AbortSignal): Promise<number> {
    const key = `${call.user.integrationCode} ${call.entity}`;
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
    this.mostOpen = Math.max(this.mostOpen, this.open.get(key) ?? 0);
    const done = () => this.open.set(key, (this.open.get(key) ?? 1) - 1);
    return new Promise<number>((resolve, reject) => {
      this.calls.push({ call, at: this.clock.now(), answer: resolve });
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }).finally(done);
  }

  close(): void {
    this.closed++;
  }
}

describe('the demo workload’s schedule', () => {
  it('sends about 50 calls a minute from three integrations, in all three priorities', async () => {
    const clock = new VirtualClock();
    const caller = new HeldCaller(clock);
    const workload = startDemoWorkload({ clock, caller });
    for (let elapsed = 0; elapsed < 60 * second; elapsed += second) {
      clock.advance(second);
      for (const { answer } of caller.calls) answer(200);
      await Promise.resolve();
    }
    const made = caller.calls.map(({ call }) => call);
    expect(made).toHaveLength(50);
    expect(new Set(made.map((call) => call.user.integrationCode))).toEqual(new Set(demoIntegrationCodes));
    expect(new Set(made.map((call) => call.priority))).toEqual(new Set(['critical', 'normal', 'background']));
    expect(made.filter((call) => call.priority === 'critical')).toHaveLength(10);
    await workload.stop();
    expect(workload.stats()).toMatchObject({ started: 50, ok: 50, inFlight: 0, skipped: 0 });
  });

  it('keeps at most 3 calls in flight per integration and entity, and skips the rest', () => {
    const clock = new VirtualClock();
    const caller = new HeldCaller(clock);
    const workload = startDemoWorkload({ clock, caller });
    clock.advance(60 * second);
    expect(caller.mostOpen).toBe(3);
    // Four streams, each held at its 3 open calls: 12 in flight, the other 38 of the minute skipped.
    expect(workload.stats()).toMatchObject({ started: 12, inFlight: 12, skipped: 38 });
    void workload.stop();
  });

  it('aborts every open call on stop, settles them all, closes the caller once and leaves no timer', async () => {
    const clock = new VirtualClock();
    const caller = new HeldCaller(clock);
    const workload = startDemoWorkload({ clock, caller });
    clock.advance(10 * second);
    await Promise.all([workload.stop(), workload.stop()]);
    expect(workload.stats()).toMatchObject({ started: 10, aborted: 10, inFlight: 0 });
    expect(caller.closed).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('the demo workload through the real gateway to the demo tenant', () => {
  let tenant: DemoTenant;
  let gateway: Gateway;
  afterEach(async () => {
    await gateway.close({ graceMs: 0 });
    await tenant.stop();
  });

  /** The gateway in front of the demo tenant, its throttle fed one reading of `used` calls in the window. */
  async function startStack(used: number) {
    tenant = await startDemoTenant();
    const engine = new ThrottleEngine({ clock: systemClock });
    engine.addSample({ used, limit: 1000, timeframeMinutes: 1, takenAt: systemClock.now() });
    const arrivals: Array<() => void> = [];
    const records: CallRecord[] = [];
    const recorded: Array<() => void> = [];
    const throttle: GatewayThrottle = {
      acquire: (request) => {
        arrivals.shift()?.();
        return engine.acquire(request);
      },
      figures: () => engine.figures(),
      reportUpstreamRejection: (rejection) => engine.reportUpstreamRejection(rejection),
    };
    gateway = await startGateway({
      throttle,
      zoneUrl: async () => tenant.autotaskBaseUrl,
      clock: systemClock,
      onCall: (record) => {
        records.push(record);
        recorded.shift()?.();
      },
    });
    const sockets: Socket[] = [];
    const agent = new Agent({ keepAlive: true });
    const createConnection = agent.createConnection.bind(agent);
    agent.createConnection = (...args: Parameters<Agent['createConnection']>) => {
      const socket = createConnection(...args) as Socket;
      sockets.push(socket);
      return socket;
    };
    const answers: Array<() => void> = [];
    const http = gatewayCaller(gateway.baseUrl, agent);
    const caller: DemoCaller = {
      send: (call, signal) => http.send(call, signal).finally(() => answers.shift()?.()),
      close: () => http.close(),
    };
    const clock = new VirtualClock();
    const workload = startDemoWorkload({ clock, caller });
    return {
      clock,
      workload,
      records,
      sockets,
      reachingGate: (count: number) => next(count, arrivals),
      recordedAtGateway: (count: number) => next(count, recorded),
      settledAtWorkload: (count: number) => next(count, answers),
    };
  }

  it('reaches the gateway and the tenant from every integration, in every priority', async () => {
    const { clock, workload, records, sockets, recordedAtGateway, settledAtWorkload } = await startStack(100);
    const allDone = Promise.all([recordedAtGateway(4), settledAtWorkload(4)]);
    await clock.advanceAsync(2 * second);
    await allDone;
    await workload.stop();

    expect(records.map((record) => `${record.integrationCode} ${record.priority} ${record.outcome}`).sort()).toEqual([
      'BACKUP-REPORTS background forwarded',
      'PSA-SYNC normal forwarded',
      'PSA-SYNC normal forwarded',
      'RMM-ALERTS critical forwarded',
    ]);
    const stats = await (await fetch(`${tenant.simulator.origin}/_sim/stats`)).json();
    expect(stats.byIntegrationCode).toEqual({ 'RMM-ALERTS': 1, 'PSA-SYNC': 2, 'BACKUP-REPORTS': 1 });
    expect(workload.stats()).toMatchObject({ started: 4, ok: 4, inFlight: 0 });
    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
  });

  it('on stop, aborts the calls the gateway holds (asleep) and leaves nothing open', async () => {
    const { clock, workload, records, sockets, reachingGate, recordedAtGateway, settledAtWorkload } =
      await startStack(950);
    const allAtGate = reachingGate(4);
    const criticalDone = Promise.all([recordedAtGateway(1), settledAtWorkload(1)]);
    await clock.advanceAsync(2 * second);
    await Promise.all([allAtGate, criticalDone]);
    const heldRecorded = recordedAtGateway(3);
    await workload.stop();
    await heldRecorded;

    expect(workload.stats()).toMatchObject({ started: 4, ok: 1, aborted: 3, inFlight: 0 });
    expect(records.map(({ priority, outcome }) => `${priority} ${outcome}`).sort()).toEqual([
      'background refused',
      'critical forwarded',
      'normal refused',
      'normal refused',
    ]);
    expect(gateway.stats()).toMatchObject({ inFlight: 0, waiting: 0 });
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
  });
});
