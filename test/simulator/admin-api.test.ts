import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorsOf, minute, startTestSimulator, type TestSimulator } from './harness';

let sim: TestSimulator;

beforeEach(async () => {
  sim = await startTestSimulator({ limit: 1000, load: 'steady', latency: false });
});
afterEach(() => sim.close());

async function badRequest(method: string, action: string, body?: unknown): Promise<string> {
  const answer = await sim.admin(method, action, body);
  expect(answer.status).toBe(400);
  return errorsOf(answer).join(' ');
}

describe('the admin API', () => {
  it('reports the settings, the window, counters, load and pending faults', async () => {
    await sim.call('Tickets/70001');
    expect(await sim.stats()).toEqual({
      limit: 1000,
      timeframeMinutes: 60,
      latency: false,
      baseLatencyMs: 0,
      windowCount: expect.any(Number),
      backgroundWindowCount: expect.any(Number),
      byIntegrationCode: { HEADROOMDEMO: 1 },
      totalRequests: 1,
      served429: 0,
      threadRejections: 0,
      load: 'steady',
      faults: [],
    });
    const stats = await sim.stats();
    expect(stats.windowCount).toBe(stats.backgroundWindowCount + 1);
    expect(stats.backgroundWindowCount / 1000).toBeGreaterThan(0.6);
  });

  it('is neither counted nor throttled', async () => {
    await sim.admin('POST', 'usage', { count: 1000 });
    const before = await sim.stats();
    for (let i = 0; i < 5; i++) await sim.stats();
    expect((await sim.stats()).windowCount).toBe(before.windowCount);
  });

  it('switches the load profile', async () => {
    const answer = await sim.admin('POST', 'load', { profile: 'quiet' });
    expect(answer.body).toMatchObject({ load: 'quiet' });
    sim.clock.advance(60 * minute);
    expect((await sim.stats()).backgroundWindowCount).toBe(0);
  });

  it('changes limit, timeframe and latency at run time, as ThresholdInformation then reports', async () => {
    await sim.admin('POST', 'config', { limit: 50_000, timeframeMinutes: 30, baseLatencyMs: 0 });
    expect((await sim.call('ThresholdInformation')).body).toMatchObject({
      externalRequestThreshold: 50_000,
      requestThresholdTimeframe: 30,
    });
  });

  it("records other integrations' usage now, under a code of the caller's choosing", async () => {
    await sim.admin('POST', 'usage', { count: 5 });
    await sim.admin('POST', 'usage', { count: 7, integrationCode: 'BACKUPSYNC' });
    expect((await sim.stats()).byIntegrationCode).toEqual({ 'OTHER-INTEGRATION': 5, BACKUPSYNC: 7 });
    sim.clock.advance(60 * minute);
    expect((await sim.stats()).byIntegrationCode).toEqual({});
  });

  it('lists queued faults and clears them all with DELETE', async () => {
    await sim.admin('POST', 'faults', { kind: 'slow', delayMs: 10, count: 3, path: 'Tickets' });
    await sim.admin('POST', 'faults', { kind: 'rate-limit', retryAfter: '5' });
    expect((await sim.stats()).faults).toEqual([
      { kind: 'slow', delayMs: 10, remaining: 3, path: 'tickets' },
      { kind: 'rate-limit', retryAfter: '5', remaining: 1 },
    ]);
    expect((await sim.admin('DELETE', 'faults')).body).toMatchObject({ faults: [] });
  });

  it('resets window, counters, faults, settings and load to how the simulator started', async () => {
    await sim.call('Tickets/70001');
    await sim.admin('POST', 'usage', { count: 300 });
    await sim.admin('POST', 'config', { limit: 5 });
    await sim.admin('POST', 'load', { profile: 'busy' });
    await sim.call('Tickets/70001');
    await sim.admin('POST', 'faults', { kind: 'server-error' });
    const fresh = await startTestSimulator({ limit: 1000, load: 'steady', latency: false });
    try {
      await sim.admin('POST', 'reset');
      expect(await sim.stats()).toEqual(await fresh.stats());
    } finally {
      await fresh.close();
    }
  });

  it('refuses malformed input with a 400 that says what was wrong', async () => {
    expect(await badRequest('POST', 'load', '{profile:')).toContain('not valid JSON');
    expect(await badRequest('POST', 'load', { profile: 'hurricane' })).toContain('profile');
    expect(await badRequest('POST', 'load', [])).toMatch(/expected object/);
    expect(await badRequest('POST', 'config', { limit: 0 })).toContain('limit');
    expect(await badRequest('POST', 'config', { timeframeMinutes: -5 })).toContain('timeframeMinutes');
    expect(await badRequest('POST', 'config', { latency: 'yes' })).toContain('latency');
    expect(await badRequest('POST', 'config', { limits: 5 })).toContain('unknown limits');
    expect(await badRequest('POST', 'usage', { count: 1.5 })).toContain('count');
    expect(await badRequest('POST', 'usage', {})).toContain('count');
    expect(await badRequest('POST', 'faults', { kind: 'meteor' })).toContain('kind');
    expect(await badRequest('POST', 'faults', { kind: 'slow', status: 503 })).toContain(
      'status: applies only to kind "server-error"',
    );
    expect(await badRequest('POST', 'faults', { kind: 'server-error', status: 200 })).toContain('status');
    expect(await badRequest('POST', 'faults', { kind: 'reset', count: 0 })).toContain('count');
    const unchanged = await sim.stats();
    expect(unchanged).toMatchObject({ limit: 1000, load: 'steady', faults: [] });
  });

  it('answers an unknown admin resource with 404 and a wrong method with 405', async () => {
    const unknown = await sim.admin('GET', 'nope');
    expect(unknown.status).toBe(404);
    expect(errorsOf(unknown)[0]).toContain('/_sim/stats');
    const wrong = await sim.admin('POST', 'stats', {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
