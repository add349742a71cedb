import { afterEach, describe, expect, it } from 'vitest';
import { errorsOf, minute, startTestSimulator, type TestSimulator } from './harness';

let sim: TestSimulator;
afterEach(() => sim.close());

describe('the rolling window over HTTP', () => {
  it('counts a call until exactly one timeframe later: at t+60min-1ms it is in, at t+60min it is out', async () => {
    sim = await startTestSimulator();
    await sim.call('Tickets/70001');
    const calledAt = sim.clock.now();
    sim.clock.advanceTo(calledAt + 60 * minute - 1);
    expect((await sim.stats()).windowCount).toBe(1);
    sim.clock.advanceTo(calledAt + 60 * minute);
    expect((await sim.stats()).windowCount).toBe(0);
  });

  it('follows a timeframe changed at run time', async () => {
    sim = await startTestSimulator({ timeframeMinutes: 5 });
    await sim.call('ThresholdInformation');
    sim.clock.advance(5 * minute - 1);
    expect((await sim.call('ThresholdInformation')).body).toMatchObject({
      requestThresholdTimeframe: 5,
      currentTimeframeRequestCount: 2,
    });
    sim.clock.advance(1);
    expect((await sim.stats()).windowCount).toBe(1);
  });
});

describe('the hourly threshold', () => {
  it('answers 429 past the limit, with Retry-After until the oldest call ages out, then lets calls in again', async () => {
    sim = await startTestSimulator({ limit: 5, latency: false });
    const start = sim.clock.now();
    await sim.call('Tickets/70001');
    sim.clock.advance(10 * minute);
    for (let i = 0; i < 4; i++) expect((await sim.call('Companies/1001')).status).toBe(200);
    sim.clock.advance(10 * minute);

    const refused = await sim.call('Tickets/70001');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(40 * 60));
    expect(errorsOf(refused)[0]).toContain('threshold');

    sim.clock.advanceTo(start + 60 * minute - 1);
    const stillRefused = await sim.call('Tickets/70001');
    expect(stillRefused.status).toBe(429);
    expect(stillRefused.headers.get('retry-after')).toBe('1');

    sim.clock.advanceTo(start + 60 * minute);
    expect((await sim.call('Tickets/70001')).status).toBe(200);
  });

  it('does not count refused calls, so retrying during a lockout does not extend it', async () => {
    sim = await startTestSimulator({ limit: 3, latency: false });
    for (let i = 0; i < 3; i++) await sim.call('ThresholdInformation');
    for (let i = 0; i < 5; i++) expect((await sim.call('ThresholdInformation')).status).toBe(429);
    const stats = await sim.stats();
    expect(stats).toMatchObject({ windowCount: 3, totalRequests: 3, served429: 5 });
  });

  it("counts other integrations' calls toward the same limit", async () => {
    sim = await startTestSimulator({ limit: 100, latency: false });
    await sim.admin('POST', 'usage', { count: 99, integrationCode: 'RMM' });
    expect((await sim.call('ThresholdInformation')).body).toMatchObject({ currentTimeframeRequestCount: 100 });
    expect((await sim.call('ThresholdInformation')).status).toBe(429);
    expect((await sim.stats()).byIntegrationCode).toEqual({ RMM: 99, HEADROOMDEMO: 1 });
  });
});

describe('latency', () => {
  async function answeredAfter(path: string): Promise<number> {
    const start = sim.clock.now();
    let answered = false;
    const call = sim.call(path).then((answer) => ((answered = true), answer));
    await sim.clock.timersPending(1);
    await sim.clock.advanceAsync(0);
    for (let waited = 0; !answered; waited += 100) await sim.clock.advanceAsync(100);
    expect((await call).status).toBe(200);
    return sim.clock.now() - start;
  }

  it('adds 0.5 s from half the limit and 1 s from three quarters, on the injected clock', async () => {
    sim = await startTestSimulator({ limit: 100 });
    const begin = sim.clock.now();
    expect((await sim.call('Tickets/70001')).status).toBe(200);
    expect(sim.clock.now()).toBe(begin);

    await sim.admin('POST', 'usage', { count: 49 });
    expect(await answeredAfter('Tickets/70001')).toBe(500);
    await sim.admin('POST', 'usage', { count: 24 });
    expect(await answeredAfter('Tickets/70001')).toBe(1000);
  });

  it('adds the base latency to every call, and only that when usage latency is off', async () => {
    sim = await startTestSimulator({ limit: 100, baseLatencyMs: 300, latency: false });
    await sim.admin('POST', 'usage', { count: 80 });
    expect(await answeredAfter('ThresholdInformation')).toBe(300);
    await sim.admin('POST', 'config', { latency: true });
    expect(await answeredAfter('ThresholdInformation')).toBe(1300);
  });
});
