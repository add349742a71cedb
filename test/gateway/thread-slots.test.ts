import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../support/virtual-clock';
import { ThreadSlots, type Slot } from '../../electron/gateway/thread-slots';
import { authHeaders, errorsOf, send, startProbe, ticketQuery, useGatewayFixture } from './harness';

const { gateway, simulator, admin, simStats, onCleanup } = useGatewayFixture();

describe('ThreadSlots', () => {
  /** Asks for a slot and keeps what became of it: a slot, none (gave up), or nothing yet (still waiting). */
  function take(slots: ThreadSlots, key: string, maxWaitMs: number, signal = new AbortController().signal) {
    const taken: { settled: boolean; slot?: Slot } = { settled: false };
    void slots.take(key, maxWaitMs, signal).then((slot) => {
      taken.settled = true;
      if (slot) taken.slot = slot;
    });
    return taken;
  }

  /** Lets every promise settled so far run its callbacks. */
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('gives 3 slots per key at once, and a fourth only when one is released, first come first served', async () => {
    const slots = new ThreadSlots(new VirtualClock());
    const three = [1, 2, 3].map(() => take(slots, 'k', 1000));
    const other = take(slots, 'other', 1000);
    const fourth = take(slots, 'k', 1000);
    const fifth = take(slots, 'k', 1000);
    await settled();
    expect([...three, other].map((taken) => taken.slot?.waited)).toEqual([false, false, false, false]);
    expect([fourth.settled, fifth.settled]).toEqual([false, false]);
    three[0]?.slot?.release();
    three[0]?.slot?.release();
    await settled();
    expect([fourth.slot?.waited, fifth.settled]).toEqual([true, false]);
    three[1]?.slot?.release();
    await settled();
    expect(fifth.slot?.waited).toBe(true);
    // The slot passed on, it was not freed: a newcomer still waits.
    const newcomer = take(slots, 'k', 1000);
    await settled();
    expect(newcomer.settled).toBe(false);
  });

  it('gives up on a waiting call when its time is up or its caller goes, and passes slots to the next', async () => {
    const clock = new VirtualClock();
    const slots = new ThreadSlots(clock);
    const three = [1, 2, 3].map(() => take(slots, 'k', 1000));
    const timesOut = take(slots, 'k', 500);
    const hangUp = new AbortController();
    const goesAway = take(slots, 'k', 5000, hangUp.signal);
    const waits = take(slots, 'k', 5000);
    clock.advance(500);
    hangUp.abort();
    await settled();
    expect([timesOut, goesAway]).toEqual([{ settled: true }, { settled: true }]);
    three[2]?.slot?.release();
    const behind = take(slots, 'k', 60_000);
    await settled();
    expect(waits.slot?.waited).toBe(true);
    // Past the deadline of the call that got its slot: the one behind it stays in line.
    clock.advance(10_000);
    waits.slot?.release();
    await settled();
    expect(behind.slot?.waited).toBe(true);
    const atOnce = take(slots, 'k', 0);
    const alreadyGone = take(slots, 'k', 1000, AbortSignal.abort());
    await settled();
    expect([atOnce, alreadyGone]).toEqual([{ settled: true }, { settled: true }]);
  });
});

describe('the thread limit through the gateway', () => {
  it('keeps 6 concurrent calls on one entity to 3 at a time: no thread-limit errors', async () => {
    await admin('POST', 'config', { baseLatencyMs: 150 });
    const direct = await Promise.all(
      Array.from({ length: 6 }, () => send(`${simulator().baseUrl}V1.0/Tickets/query`, ticketQuery())),
    );
    // Without the gateway, Autotask refuses the calls past 3.
    expect(direct.filter((answer) => answer.status === 429).length).toBeGreaterThan(0);
    await admin('POST', 'reset');
    await admin('POST', 'config', { baseLatencyMs: 150 });

    const { api, records } = await gateway();
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(api('Tickets/query'), ticketQuery())));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await simStats()).threadRejections).toBe(0);
    expect(records.filter((record) => record.outcome === 'held')).toHaveLength(3);
  });

  it('queues in arrival order, counts Tickets/{id}/Notes as TicketNotes, and lets other entities and codes by', async () => {
    const probe = await startProbe();
    onCleanup(() => probe.close());
    const { api, gw, gate } = await gateway({ zoneUrl: async () => probe.baseUrl });
    const call = (path: string, label: string, code = 'SYNC') =>
      send(api(path), { headers: { ApiIntegrationCode: code, UserName: 'u', Secret: 's', 'X-Label': label } });
    const calls = [call('TicketNotes/1', 'a'), call('tickets/1/notes', 'b'), call('TICKETNOTES/2', 'c')];
    await probe.until(3);
    // Each waits its turn behind the three in flight: arrivals are spaced so their order is known.
    for (const [index, label] of ['d', 'e', 'f'].entries()) {
      calls.push(call('Tickets/7/Notes', label));
      await gate.until(4 + index);
    }
    calls.push(call('Tickets/7', 'other entity'), call('TicketNotes/3', 'other code', 'OTHER'));
    await probe.until(5);
    expect(probe.calls.map((c) => c.headers['x-label'])).toEqual(['a', 'b', 'c', 'other entity', 'other code']);
    expect(gw.stats()).toMatchObject({ inFlight: 5, waiting: 3 });
    for (let answered = 0; answered < 3; answered++) {
      probe.calls[answered]?.answer(200, '{}');
      await probe.until(6 + answered);
    }
    expect(probe.calls.slice(5).map((c) => c.headers['x-label'])).toEqual(['d', 'e', 'f']);
    for (const c of probe.calls.slice(3)) c.answer(200, '{}');
    await Promise.all(calls);
  });

  it('counts the wait for a slot toward maxHoldSeconds: then a 429 that says why', async () => {
    const probe = await startProbe();
    onCleanup(() => probe.close());
    const { api } = await gateway({ zoneUrl: async () => probe.baseUrl, maxHoldSeconds: 0.2 });
    const busy = [1, 2, 3].map(() => send(api('Tickets/query'), ticketQuery()));
    await probe.until(3);
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(errorsOf(answer)[0]).toMatch(
      /^Held 0 s and not sent: 3 calls of integration HEADROOMDEMO to tickets were already under way, the most Autotask allows at once\./,
    );
    for (const c of probe.calls) c.answer(200, '{}');
    await Promise.all(busy);
    expect(probe.calls).toHaveLength(3);
  });

  it('takes a slot only after the gate: a critical call never queues behind throttled background calls', async () => {
    const probe = await startProbe((c) => c.answer(200, '{}'));
    onCleanup(() => probe.close());
    const { api, gate } = await gateway({ zoneUrl: async () => probe.baseUrl });
    gate.hold('background');
    const background = Array.from({ length: 5 }, () =>
      send(api('Tickets/query'), { ...ticketQuery({ 'X-Headroom-Priority': 'background' }) }),
    );
    await gate.until(5, 5);
    const critical = await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'critical' }));
    expect(critical.status).toBe(200);
    gate.release();
    expect((await Promise.all(background)).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(probe.calls.map((c) => c.headers['apiintegrationcode'])).toEqual(
      Array(6).fill(authHeaders.ApiIntegrationCode),
    );
  });
});
