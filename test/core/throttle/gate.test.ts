import { describe, expect, it } from 'vitest';
import type { GateDecision } from '../../../electron/core/throttle/gate';
import { InvalidAcquireError } from '../../../electron/core/throttle/gate';
import type { Priority } from '../../../electron/core/throttle/priority';
import { START, throttleFixture } from './fixture';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('ThrottleGate', () => {
  it('lets calls go at once below slowAt', () => {
    const { sample, call } = throttleFixture();
    sample(2_000);
    expect(call('normal').decision).toMatchObject({ go: true, waitedMs: 0 });
    expect(call('background').decision).toMatchObject({ go: true, waitedMs: 0 });
  });

  it('holds non-critical calls until the first reading, but lets critical ones through', () => {
    const { sample, call, clock } = throttleFixture();
    const normal = call('normal');
    expect(call('critical').decision).toMatchObject({ go: true });
    expect(normal.decision).toBeUndefined();
    clock.advance(2 * SECOND);
    sample(1_000);
    expect(normal.decision).toMatchObject({ go: true, waitedMs: 2 * SECOND });
  });

  it('holds non-critical calls while asleep and refuses them at their deadline with a retry time and the reason', () => {
    const { sample, call, clock } = throttleFixture();
    sample(9_200);
    const held = call('normal', 30 * SECOND);
    clock.advance(30 * SECOND - 1);
    expect(held.decision).toBeUndefined();
    clock.advance(1);
    expect(held.decision).toEqual({
      go: false,
      priority: 'normal',
      at: START + 30 * SECOND,
      waitedMs: 30 * SECOND,
      cause: 'held-too-long',
      reason:
        'Held 30 s and not sent: the connection is asleep. Tenant usage 9,200 / 10,000 (92%) in the last 60 min: reached 90%, non-critical calls wait until it falls below 70%.',
      retryAfterMs: 60 * SECOND,
      figures: { mode: 'asleep', used: 9_200, limit: 10_000, timeframeMinutes: 60 },
    });
  });

  it('answers at once when the caller will not wait', () => {
    const { sample, call } = throttleFixture();
    sample(9_200);
    expect(call('background', 0).decision).toMatchObject({ go: false, cause: 'held-too-long', waitedMs: 0 });
  });

  it('asks for a fresh reading while asleep once the estimate falls below resumeBelow, and resumes on it', () => {
    const { sample, call, clock, freshRequests, engine } = throttleFixture();
    const batchAt = clock.now();
    for (let n = 0; n < 3_000; n++) engine.recordOwnCall(batchAt);
    clock.advance(10 * MINUTE);
    sample(9_200);
    const calls = Array.from({ length: 100 }, () => call('background', 2 * 60 * MINUTE));
    expect(engine.state.mode).toBe('asleep');
    // Our batch leaves the window an hour after it went: the estimate falls to the others' 6,200, below 70%.
    clock.advance(50 * MINUTE - SECOND);
    expect(freshRequests).toEqual([]);
    clock.advance(SECOND);
    expect(freshRequests).toEqual([batchAt + 60 * MINUTE]);
    expect(calls.some((held) => held.decision)).toBe(false);
    clock.advance(SECOND);
    sample(6_200);
    expect(engine.state.mode).not.toBe('asleep');
    expect(calls.filter((held) => held.decision?.go).length).toBeGreaterThan(0);
  });

  it('lets critical calls through while asleep, until criticalStopAt; past it they wait too', () => {
    const { sample, call, clock } = throttleFixture();
    sample(9_500);
    expect(call('critical').decision).toMatchObject({ go: true });
    clock.advance(SECOND);
    sample(9_800);
    const held = call('critical', 10 * MINUTE);
    expect(held.decision).toBeUndefined();
    clock.advance(30 * SECOND);
    sample(9_790);
    expect(held.decision).toMatchObject({ go: true, waitedMs: 30 * SECOND });
  });

  it('says a critical call waited for the critical stop when it is refused', () => {
    const { sample, call, clock } = throttleFixture();
    sample(9_900);
    const held = call('critical', 5 * SECOND);
    clock.advance(5 * SECOND);
    expect(held.decision).toMatchObject({ go: false, cause: 'held-too-long' });
    if (held.decision?.go === false) {
      expect(held.decision.reason).toMatch(
        /^Held 5 s and not sent: usage is at the critical stop, so every call waits\./,
      );
    }
  });

  it('releases in order: first in, first out within a priority, and background only once no normal call waits', () => {
    const { sample, engine, clock } = throttleFixture();
    sample(9_200);
    const order: string[] = [];
    const submit = (priority: Priority, name: string) =>
      engine.submit({ priority, maxWaitMs: 10 * MINUTE }, (decision) => decision.go && order.push(name));
    submit('background', 'b1');
    submit('normal', 'n1');
    submit('background', 'b2');
    submit('normal', 'n2');
    clock.advance(MINUTE);
    sample(2_000);
    expect(order).toEqual(['n1', 'n2', 'b1', 'b2']);
  });

  it('refuses at once when the queue of that priority is full', () => {
    const { sample, call } = throttleFixture(
      {},
      { gateTuning: { queueCapacity: { critical: 5, normal: 2, background: 5 } } },
    );
    sample(9_200);
    call('normal');
    call('normal');
    const third = call('normal');
    expect(third.decision).toMatchObject({ go: false, cause: 'queue-full', waitedMs: 0 });
    if (third.decision?.go === false)
      expect(third.decision.reason).toMatch(/^Too many normal calls are already waiting \(2\)\./);
    expect(call('background').decision).toBeUndefined();
  });

  it('removes a call at once when its caller goes away, and it never goes later', () => {
    const { sample, call, engine } = throttleFixture();
    sample(9_200);
    const caller = new AbortController();
    const held = call('normal', 10 * MINUTE, caller.signal);
    expect(engine.snapshot().waiting.normal).toBe(1);
    caller.abort();
    expect(held.decision).toMatchObject({ go: false, cause: 'aborted' });
    expect(engine.snapshot().waiting.normal).toBe(0);
    sample(1_000);
    expect(held.decision).toMatchObject({ go: false, cause: 'aborted' });
    const late = new AbortController();
    late.abort();
    expect(call('normal', MINUTE, late.signal).decision).toMatchObject({ go: false, cause: 'aborted' });
  });

  it('withdraws a waiting call through what submit gave back, once, and leaves a call that went alone', () => {
    const { sample, engine, clock } = throttleFixture();
    sample(1_000);
    const decisions: GateDecision[] = [];
    const withdrawGone = engine.submit({ priority: 'normal', maxWaitMs: MINUTE }, (d) => decisions.push(d));
    expect(decisions).toMatchObject([{ go: true }]);
    withdrawGone();
    expect(decisions).toHaveLength(1);
    clock.advance(MINUTE);
    sample(9_200);
    const withdraw = engine.submit({ priority: 'normal', maxWaitMs: 10 * MINUTE }, (d) => decisions.push(d));
    expect(engine.snapshot().waiting.normal).toBe(1);
    withdraw();
    withdraw();
    expect(decisions.slice(1)).toMatchObject([{ go: false, cause: 'aborted' }]);
    expect(engine.snapshot().waiting.normal).toBe(0);
    clock.advance(MINUTE);
    sample(1_000);
    expect(decisions).toHaveLength(2);
  });

  it('refuses every waiting call on close, and every later one', () => {
    const { sample, call, engine, clock } = throttleFixture();
    sample(9_900);
    const calls = [call('critical'), call('normal'), call('background')];
    engine.close();
    for (const held of calls) expect(held.decision).toMatchObject({ go: false, cause: 'closed' });
    expect(call('critical').decision).toMatchObject({ go: false, cause: 'closed' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('after a 429 for the hourly limit holds every call until a reading taken after it, but for one critical probe at Retry-After', () => {
    const { sample, call, engine, clock, freshRequests } = throttleFixture();
    sample(3_000);
    clock.advance(SECOND);
    engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 20 * SECOND });
    const normal = call('normal', 2 * MINUTE);
    const critical = [call('critical', 2 * MINUTE), call('critical', 2 * MINUTE)];
    clock.advance(20 * SECOND - 1);
    expect([normal.decision, ...critical.map((held) => held.decision)]).toEqual([undefined, undefined, undefined]);
    clock.advance(1);
    // Retry-After is over: one critical call goes to see whether the cap has passed, and a reading is asked for.
    expect(critical.map((held) => held.decision?.go)).toEqual([true, undefined]);
    expect(freshRequests).toEqual([START + 21 * SECOND]);
    clock.advance(10 * SECOND);
    expect(normal.decision).toBeUndefined();
    // The reading taken after the refusal shows room: everything goes.
    sample(5_000);
    expect(normal.decision).toMatchObject({ go: true });
    expect(critical[1]?.decision).toMatchObject({ go: true });
  });

  it('after a thread-limit answer lets critical calls go, and non-critical ones after Retry-After and a fresh reading', () => {
    const { sample, call, engine, clock } = throttleFixture();
    sample(3_000);
    engine.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 5 * SECOND });
    expect(call('critical').decision).toMatchObject({ go: true });
    const normal = call('normal', MINUTE);
    clock.advance(10 * SECOND);
    expect(normal.decision).toBeUndefined();
    sample(3_000);
    expect(normal.decision).toMatchObject({ go: true });
  });

  it('suggests retrying when Retry-After ends', () => {
    const { sample, call, engine } = throttleFixture();
    sample(3_000);
    engine.reportUpstreamRejection({ kind: 'thread-limit', retryAfterMs: 42_500 });
    expect(call('normal', 0).decision).toMatchObject({ go: false, retryAfterMs: 43 * SECOND });
  });

  it('holds non-critical calls while the connection is offline or the credentials are rejected', () => {
    const { sample, call, engine } = throttleFixture();
    sample(1_000);
    for (const health of ['offline', 'auth-failed'] as const) {
      engine.reportConnection(health);
      const held = call('normal', MINUTE);
      expect(held.decision).toBeUndefined();
      expect(call('critical').decision).toMatchObject({ go: true });
      engine.reportConnection('degraded');
      expect(held.decision).toMatchObject({ go: true });
    }
  });

  it('lets a burst far below slowAt go at once, a share of the room at a time: never blind on one reading', () => {
    const { sample, call, clock, freshRequests } = throttleFixture();
    sample(1_000);
    const calls = Array.from({ length: 4_000 }, () => call('background', 10 * MINUTE));
    const gone = () => calls.filter((held) => held.decision?.go).length;
    // The reading showed 6,500 of room below slowAt (7,500): a fresh reading is asked for once a sixth of it has
    // gone, and calls wait for it once a quarter has.
    expect(freshRequests).toHaveLength(1);
    expect(gone()).toBe(1_625);
    // It shows nobody else came: the next quarter of the room left, 4,875, goes at once.
    clock.advance(SECOND);
    sample(1_000 + 1_625);
    expect(freshRequests).toHaveLength(2);
    expect(gone()).toBe(1_625 + 1_219);
    // It shows another integration's 2,000 calls within that second: calls all but stop (one paced call) until a
    // reading shows whether that surge goes on ...
    clock.advance(SECOND);
    sample(1_000 + 2_844 + 2_000);
    expect(gone()).toBeLessThanOrEqual(2_845);
    // ... and go on, paced, once one shows it has not.
    const before = gone();
    clock.advance(2 * SECOND);
    sample(1_000 + before + 2_000);
    clock.advance(MINUTE);
    expect(gone()).toBeGreaterThan(before + 10);
  });

  it('waits at most 5 s for a late reading, then goes on from the room left', () => {
    const { sample, call, clock } = throttleFixture();
    sample(1_000);
    const calls = Array.from({ length: 4_000 }, () => call('background', 10 * MINUTE));
    const gone = () => calls.filter((held) => held.decision?.go).length;
    expect(gone()).toBe(1_625);
    const impatient = call('background', SECOND);
    clock.advance(SECOND);
    expect(impatient.decision).toMatchObject({ go: false, reason: expect.stringContaining('fresh reading') });
    clock.advance(3_999);
    expect(gone()).toBe(1_625);
    clock.advance(1);
    // A quarter of what is left below slowAt (4,875, less the others' noise over 5 s) goes, then calls wait again.
    expect(gone()).toBeGreaterThanOrEqual(1_625 + 1_217);
    expect(gone()).toBeLessThanOrEqual(1_625 + 1_219);
  });

  it('paces a batch far below slowAt while the others’ count climbs fast enough to carry the window past the ceiling', () => {
    const { sample, call, clock } = throttleFixture();
    // Their count rises by 150 every 2 min (4,500 a window), from 4,000: a climb confirmed over six readings.
    for (let reading = 0; reading <= 6; reading++) {
      sample(4_000 + 150 * reading);
      clock.advance(2 * MINUTE);
    }
    sample(4_000 + 150 * 7);
    const calls = Array.from({ length: 2_000 }, () => call('background', 60 * MINUTE));
    const gone = () => calls.filter((held) => held.decision?.go).length;
    // 2,450 of room below slowAt, but a call released now is still in the window when their count has gained
    // 4,500: calls are paced from the start instead of taking that room at once.
    expect(gone()).toBeLessThan(50);
  });

  it('lets calls go at once up to slowAt, then paces the rest', () => {
    const { sample, call, clock } = throttleFixture();
    sample(7_100);
    const calls = Array.from({ length: 800 }, () => call('normal', 30 * MINUTE));
    const gone = () => calls.filter((held) => held.decision?.go).length;
    // 400 of room below slowAt: a reading is asked for after 1% of the limit, calls wait for it after 2%.
    expect(gone()).toBe(200);
    sample(7_300);
    expect(gone()).toBe(400);
    clock.advance(MINUTE);
    const paced = gone() - 400;
    expect(paced).toBeGreaterThan(0);
    expect(paced).toBeLessThan(400);
  });

  it('lets a backlog go on an old reading far below slowAt: our own calls are counted exactly', () => {
    const { sample, call, engine, clock } = throttleFixture();
    sample(1_000);
    engine.reportConnection('offline');
    const calls = Array.from({ length: 300 }, () => call('normal', 10 * MINUTE));
    clock.advance(MINUTE);
    expect(calls.some((held) => held.decision)).toBe(false);
    engine.reportConnection('ok');
    expect(calls.every((held) => held.decision?.go)).toBe(true);
  });

  it('paces non-critical calls while slowed, landing usage just under sleepAt, steered by every reading', () => {
    const { engine, clock, sample, call } = throttleFixture();
    let ours = 0;
    const tenant = () => 7_600 + ours;
    sample(tenant());
    const calls = Array.from({ length: 3_000 }, () => call('background', 2 * 60 * MINUTE));
    const goneNow = () => calls.filter((held) => held.decision?.go).length;
    const track = () => (ours = goneNow());
    track();
    expect(ours).toBeLessThan(20); // paced, not all at once
    let highest = 0;
    for (let step = 0; step < 60; step++) {
      clock.advance(30 * SECOND);
      track();
      highest = Math.max(highest, tenant());
      sample(tenant());
    }
    expect(highest).toBeLessThan(9_000);
    expect(tenant()).toBeGreaterThan(8_600);

    // The others add 300 at once: the next reading lowers the pace, and nothing goes until usage falls back.
    const paceBefore = engine.snapshot().pacedPerMinute;
    clock.advance(SECOND);
    ours = goneNow();
    engine.addSample({ used: tenant() + 300, limit: 10_000, timeframeMinutes: 60, takenAt: clock.now() });
    expect(engine.snapshot().pacedPerMinute).toBeLessThan(paceBefore);
    const before = goneNow();
    clock.advance(5 * MINUTE);
    expect(goneNow()).toBe(before);
  });

  it('after a Wake Up lets non-critical calls go paced, not all at once', () => {
    const { sample, call, engine, clock } = throttleFixture();
    sample(9_300);
    const calls = Array.from({ length: 200 }, () => call('normal', 10 * MINUTE));
    expect(calls.some((held) => held.decision)).toBe(false);
    engine.wakeUp();
    clock.advance(MINUTE);
    const gone = calls.filter((held) => held.decision?.go).length;
    expect(gone).toBeGreaterThan(0);
    expect(gone).toBeLessThan(20);
  });

  it('refuses requests it cannot read, naming what is wrong', () => {
    const { engine } = throttleFixture();
    expect(() => engine.submit({ priority: 'urgent' as Priority, maxWaitMs: 0 }, () => {})).toThrow(
      new InvalidAcquireError('Unknown priority "urgent": use critical, normal or background.'),
    );
    expect(() => engine.submit({ priority: 'normal', maxWaitMs: -1 }, () => {})).toThrow(
      'maxWaitMs must be a number of milliseconds, 0 or more (got -1).',
    );
  });

  it('resolves acquire() with the same decision', async () => {
    const { sample, engine } = throttleFixture();
    sample(1_000);
    await expect(engine.acquire({ priority: 'normal', maxWaitMs: 0 })).resolves.toMatchObject({ go: true });
  });
});
