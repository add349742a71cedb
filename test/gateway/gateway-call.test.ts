import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../support/virtual-clock';
import {
  authHeaders,
  engineAt,
  errorsOf,
  send,
  startProbe,
  TestGate,
  ticketQuery,
  useGatewayFixture,
  watched,
  type Answer,
} from './harness';

const { gateway, simStats, fault, onCleanup } = useGatewayFixture();

function retryAfterSecondsOf(answer: Answer): number {
  return Number(answer.headers['retry-after']);
}

describe('a call the throttle holds', () => {
  it('is answered 429 after maxHoldSeconds, with Retry-After, RateLimit headers and why in words', async () => {
    const engine = engineAt(9_200);
    onCleanup(() => engine.close());
    const { api, records } = await gateway({ throttle: engine, maxHoldSeconds: 0.2 });
    const started = Date.now();
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(answer.status).toBe(429);
    const seconds = retryAfterSecondsOf(answer);
    expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
    expect(answer.headers['ratelimit-policy']).toBe('"tenant";q=10000;w=3600');
    expect(answer.headers['ratelimit']).toBe(`"tenant";r=800;t=${seconds}`);
    expect(answer.headers['x-headroom-state']).toBe('asleep');
    expect(answer.headers['x-headroom-usage']).toBe('9200/10000');
    const [message] = errorsOf(answer);
    expect(message).toMatch(/^Held 0 s and not sent: the connection is asleep\. Tenant usage 9,200 \/ 10,000 \(92%\)/);
    expect(message).toContain(`Try again in ${seconds} s. (Headroom: asleep, 9200 of 10000 calls used.)`);
    expect(records.map((record) => record.outcome)).toEqual(['refused']);
    expect((await simStats()).totalRequests).toBe(0);
  });

  it('lets a critical call through while the connection is asleep', async () => {
    const engine = engineAt(9_200);
    onCleanup(() => engine.close());
    const { api } = await gateway({ throttle: engine, maxHoldSeconds: 0.2 });
    const answer = await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'critical' }));
    expect(answer.status).toBe(200);
  });

  it('is answered 429 at once when its priority’s queue is full', async () => {
    const engine = engineAt(9_200, { gateTuning: { queueCapacity: { critical: 10, normal: 1, background: 10 } } });
    onCleanup(() => engine.close());
    const { throttle, until } = watched(engine);
    const { api, gw } = await gateway({ throttle, maxHoldSeconds: 30 });
    const first = send(api('Tickets/query'), ticketQuery());
    await until(1);
    const started = Date.now();
    const second = await send(api('Tickets/query'), ticketQuery());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(second.status).toBe(429);
    expect(errorsOf(second)[0]).toMatch(/^Too many normal calls are already waiting \(1\)\./);
    expect(second.headers['retry-after']).toBeDefined();
    await gw.close();
    expect((await first).status).toBe(429);
  });

  it('waits as long as the setting says at the moment it arrives', async () => {
    let holdSeconds = 5;
    const { api, gate } = await gateway({ maxHoldSeconds: () => holdSeconds });
    await send(api('Tickets/query'), ticketQuery());
    holdSeconds = 12;
    await send(api('Tickets/query'), ticketQuery());
    expect(gate.requests.map((request) => request.maxWaitMs)).toEqual([5_000, 12_000]);
  });

  it('is taken out of the queue when its caller hangs up, and never sent later', async () => {
    const engine = engineAt(9_200);
    onCleanup(() => engine.close());
    const { throttle, until } = watched(engine);
    const { api, gw, records, untilRecords } = await gateway({ throttle, maxHoldSeconds: 30 });
    const hangUp = new AbortController();
    const call = send(api('Tickets/query'), { ...ticketQuery(), signal: hangUp.signal });
    await until(1);
    expect(engine.snapshot().waiting.normal).toBe(1);
    expect(gw.stats().waiting).toBe(1);
    hangUp.abort();
    await expect(call).rejects.toThrow();
    await untilRecords(1);
    expect(records.map((record) => record.outcome)).toEqual(['refused']);
    expect(engine.snapshot().waiting.normal).toBe(0);
    expect(gw.stats()).toMatchObject({ waiting: 0, inFlight: 0, refused: 1 });
    engine.addSample({ used: 100, limit: 10_000, timeframeMinutes: 60, takenAt: Date.now() });
    expect(engine.state.mode).toBe('normal');
    // A call sent now goes at once: had the abandoned one stayed in the queue, it would have gone first.
    expect((await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'critical' }))).status).toBe(200);
    expect((await simStats()).totalRequests).toBe(1);
  });

  it('is taken out of the queue when its caller hangs up in the middle of sending a large body', async () => {
    const { api, gate, gw, records, untilRecords } = await gateway();
    gate.hold('normal');
    const size = 512 * 1024;
    const call = request(api('Tickets'), {
      method: 'POST',
      headers: { ...authHeaders, 'Content-Length': String(size + 1) },
      agent: false,
    });
    call.on('error', () => undefined);
    call.write(Buffer.alloc(size, 'x'));
    await gate.until(1, 1);
    call.destroy();
    await untilRecords(1);
    expect(records[0]?.outcome).toBe('refused');
    expect(gate.waiting).toBe(0);
    expect(gw.stats().waiting).toBe(0);
  });
});

describe('what Autotask says about load', () => {
  it('passes a 429 on as it came and puts the throttle to sleep at once, for Retry-After', async () => {
    const engine = engineAt(1_000);
    onCleanup(() => engine.close());
    const { api, records } = await gateway({ throttle: engine, maxHoldSeconds: 0 });
    await fault({ kind: 'rate-limit', retryAfter: '7' });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('7');
    expect(errorsOf(answer)).toEqual(['Simulated rate limit: the API request threshold has been exceeded.']);
    expect(engine.state.mode).toBe('asleep');
    expect(engine.state.backoffUntil).toBeGreaterThan(Date.now() + 5_000);
    expect(answer.headers['x-headroom-state']).toBe('asleep');
    // Autotask did answer: it counts as sent.
    expect(records.map((record) => record.outcome)).toEqual(['forwarded']);
    expect((await send(api('Tickets/query'), ticketQuery())).status).toBe(429);
  });

  it('recognises the thread-limit error whatever its status', async () => {
    const probe = await startProbe((call) =>
      call.answer(
        500,
        '{"errors":["Thread Threshold Exceeded (Itgenatr005): The Autotask API thread threshold of 3 threads has been exceeded."]}',
      ),
    );
    onCleanup(() => probe.close());
    const { api, gate } = await gateway({ zoneUrl: async () => probe.baseUrl });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(500);
    expect(gate.rejections).toEqual([{ kind: 'thread-limit', retryAfterMs: 60_000, sentAt: expect.any(Number) }]);
  });

  it('tells the throttle when the gate released a call Autotask refused with 429, so it can be taken off the count', async () => {
    const probe = await startProbe();
    onCleanup(() => probe.close());
    const clock = new VirtualClock();
    const gate = new TestGate(undefined, clock);
    onCleanup(() => gate.close());
    const { api } = await gateway({ throttle: gate, zoneUrl: async () => probe.baseUrl, clock });
    gate.hold('normal');
    const call = send(api('Tickets/query'), ticketQuery());
    await gate.until(1, 1);
    clock.advance(2_000);
    const releasedAt = clock.now();
    gate.release();
    await probe.until(1);
    // Autotask takes its time to refuse: the call still counts from when it was let go.
    clock.advance(3_000);
    probe.calls[0]?.answer(429, '{"errors":["API request threshold exceeded"]}', { 'Retry-After': '7' });
    expect((await call).status).toBe(429);
    expect(gate.rejections).toEqual([{ kind: 'rate-limited', retryAfterMs: 7_000, sentAt: releasedAt }]);
  });

  it('leaves the throttle alone for other errors', async () => {
    const { api, gate } = await gateway();
    await fault({ kind: 'server-error', status: 503 });
    expect((await send(api('Tickets/query'), ticketQuery())).status).toBe(503);
    expect((await send(api('Tickets/1'), { headers: { ...authHeaders, Secret: 'wrong' } })).status).toBe(401);
    expect(gate.rejections).toEqual([]);
  });
});

describe('accounting', () => {
  it('counts per integration code and API user: sent at once, sent after waiting, waiting and in flight now', async () => {
    const probe = await startProbe();
    onCleanup(() => probe.close());
    const clock = new VirtualClock();
    const { api, gw, gate, records, untilRecords } = await gateway({ zoneUrl: async () => probe.baseUrl, clock });
    gate.hold('normal');
    const as = (code: string, user: string, priority = 'normal') =>
      send(api('Companies/query'), {
        method: 'POST',
        headers: { ApiIntegrationCode: code, UserName: user, Secret: 's', 'X-Headroom-Priority': priority },
        body: '{}',
      });
    const backup = as('BACKUP', 'backup@msp.example');
    const rmm = as('RMM', 'rmm@msp.example');
    await gate.until(2, 2);
    const urgent = as('RMM', 'rmm@msp.example', 'critical');
    await probe.until(1);
    expect(gw.stats()).toMatchObject({
      waiting: 2,
      inFlight: 1,
      byIntegration: {
        BACKUP: { waiting: 1, inFlight: 0 },
        RMM: { waiting: 1, inFlight: 1 },
      },
    });
    gate.release();
    await probe.until(3);
    for (const call of probe.calls) call.answer(200, '{"items":[]}');
    await Promise.all([backup, rmm, urgent]);
    await untilRecords(3);
    const at = clock.now();
    expect(records).toEqual(
      expect.arrayContaining([
        { integrationCode: 'RMM', apiUser: 'rmm@msp.example', priority: 'critical', outcome: 'forwarded', at },
        { integrationCode: 'RMM', apiUser: 'rmm@msp.example', priority: 'normal', outcome: 'held', at },
        { integrationCode: 'BACKUP', apiUser: 'backup@msp.example', priority: 'normal', outcome: 'held', at },
      ]),
    );
    expect(gw.stats()).toMatchObject({
      waiting: 0,
      inFlight: 0,
      forwarded: 1,
      held: 2,
      byIntegration: { RMM: { forwarded: 1, held: 1 }, BACKUP: { held: 1 } },
    });
  });

  it('keeps working when the accounting hook fails, and reports the fault in the log', async () => {
    const faults: string[] = [];
    let twoFaults = () => {};
    const reported = new Promise<void>((resolve) => (twoFaults = resolve));
    const { api } = await gateway({
      onCall: () => {
        throw new Error('history store is full');
      },
      log: (line) => {
        if (!line.startsWith('gateway error')) return;
        faults.push(line);
        if (faults.length === 2) twoFaults();
      },
    });
    expect((await send(api('Tickets/query'), ticketQuery())).status).toBe(200);
    expect((await send(api('Tickets/query'), ticketQuery())).status).toBe(200);
    await reported;
    expect(faults).toEqual(['gateway error: history store is full', 'gateway error: history store is full']);
  });

  it('counts a call whose answer never came back as failed', async () => {
    const { api, records, untilRecords } = await gateway();
    await fault({ kind: 'reset' });
    expect((await send(api('Tickets/query'), ticketQuery())).status).toBe(502);
    await untilRecords(1);
    expect(records[0]?.outcome).toBe('failed');
  });
});
