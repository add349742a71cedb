import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authHeaders, errorsOf, startTestSimulator, type TestSimulator } from './harness';

let sim: TestSimulator;

beforeEach(async () => {
  sim = await startTestSimulator();
});
afterEach(() => sim.close());

const addFault = async (fault: Record<string, unknown>) =>
  expect((await sim.admin('POST', 'faults', fault)).status).toBe(200);

describe('fault injection', () => {
  it('answers the next n matching calls with a server error in Autotask shape, uncounted, then recovers', async () => {
    await addFault({ kind: 'server-error', count: 2, status: 503 });
    for (let i = 0; i < 2; i++) {
      const answer = await sim.call('ThresholdInformation');
      expect(answer.status).toBe(503);
      expect(errorsOf(answer)[0]).toMatch(/server error/i);
    }
    expect((await sim.call('ThresholdInformation')).status).toBe(200);
    expect((await sim.stats()).totalRequests).toBe(1);
  });

  it('hits only calls whose path and query contain the given text, in any letter case', async () => {
    await addFault({ kind: 'server-error', path: 'tickets/query' });
    expect((await sim.call('Companies/1001')).status).toBe(200);
    expect((await sim.call('Tickets/70001')).status).toBe(200);
    const hit = await sim.call('/atservicesrest/V1.0/TICKETS/QUERY', {
      body: { filter: [{ op: 'exist', field: 'id' }] },
    });
    expect(hit.status).toBe(500);
    expect(errorsOf(hit)[0]).toMatch(/simulated server error/i);
    expect((await sim.stats()).faults).toEqual([]);
  });

  it('delays a slow call on the injected clock, then answers it normally', async () => {
    await addFault({ kind: 'slow', delayMs: 2000 });
    let answered = false;
    const call = sim.call('Tickets/70001').then((answer) => ((answered = true), answer));
    await sim.clock.timersPending(1);
    await sim.clock.advanceAsync(1999);
    expect(answered).toBe(false);
    await sim.clock.advanceAsync(1);
    expect((await call).body).toMatchObject({ item: { id: 70001 } });
  });

  it('never answers a timed-out call, so the client gives up; the next call is served', async () => {
    await addFault({ kind: 'timeout' });
    const url = `${sim.simulator.baseUrl}V1.0/ThresholdInformation`;
    await expect(fetch(url, { headers: authHeaders(), signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /timeout|abort/i,
    );
    expect((await sim.stats()).faults).toEqual([]);
    expect((await sim.call('ThresholdInformation')).status).toBe(200);
  });

  it('drops the connection of a reset call', async () => {
    await addFault({ kind: 'reset' });
    await expect(sim.call('ThresholdInformation')).rejects.toThrow();
    expect((await sim.call('ThresholdInformation')).status).toBe(200);
  });

  it('sends a 200 whose JSON is cut off for malformed-json', async () => {
    await addFault({ kind: 'malformed-json' });
    const answer = await sim.call('Tickets/query', { body: { filter: [{ op: 'exist', field: 'id' }] } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('answers 401 for unauthorized, even with the right credentials', async () => {
    await addFault({ kind: 'unauthorized' });
    const answer = await sim.call('ThresholdInformation');
    expect(answer.status).toBe(401);
    expect(errorsOf(answer)).toHaveLength(1);
  });

  it('answers 429 for rate-limit with Retry-After exactly as given, or none', async () => {
    await addFault({ kind: 'rate-limit', retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' });
    await addFault({ kind: 'rate-limit' });
    const dated = await sim.call('ThresholdInformation');
    expect(dated.status).toBe(429);
    expect(dated.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(errorsOf(dated)[0]).toContain('threshold');
    const bare = await sim.call('ThresholdInformation');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    expect((await sim.stats()).served429).toBe(0);
  });

  it('applies to zoneInformation too, but never to the admin API', async () => {
    await addFault({ kind: 'server-error' });
    expect((await sim.admin('GET', 'stats')).status).toBe(200);
    expect((await sim.call('zoneInformation?user=demo@headroom.example')).status).toBe(500);
  });
});

describe('closing the simulator', () => {
  it('drops a held (timeout) call instead of waiting for it', async () => {
    await addFault({ kind: 'timeout' });
    const dropped = new Promise<NodeJS.ErrnoException>((resolve) => {
      const held = request(`${sim.simulator.baseUrl}V1.0/ThresholdInformation`, { headers: authHeaders() });
      held.on('error', resolve);
      held.on('response', () => resolve(new Error('answered') as NodeJS.ErrnoException));
      held.end(() => void sim.close());
    });
    expect((await dropped).code).toBe('ECONNRESET');
  });
});
