import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../electron/simulator';
import { errorsOf, startTestSimulator, type TestSimulator } from './harness';

const otherUser = { username: 'sync@msp.example', secret: 's3cret:with:colons', integrationCode: 'ACCTSYNC' };
let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ users: [demoUser, otherUser] });
});
afterAll(() => sim.close());

describe('authentication, with Autotask status quirks', () => {
  it('lets a known user with the right secret and integration code in, in any letter case of name and code', async () => {
    const answer = await sim.call('ThresholdInformation', {
      headers: { UserName: 'SYNC@MSP.example', Secret: otherUser.secret, ApiIntegrationCode: 'acctsync' },
    });
    expect(answer.status).toBe(200);
    expect((await sim.stats()).byIntegrationCode).toMatchObject({ ACCTSYNC: 1 });
  });

  it('answers an unknown user name with a 500, as Autotask does', async () => {
    const answer = await sim.call('ThresholdInformation', { headers: { UserName: 'nobody@example.com' } });
    expect(answer.status).toBe(500);
    expect(errorsOf(answer)[0]).toContain('nobody@example.com');
  });

  it('answers a missing user name with a 500 that says so', async () => {
    const answer = await sim.call('ThresholdInformation', { headers: { UserName: '' } });
    expect(answer.status).toBe(500);
    expect(errorsOf(answer)[0]).toContain('UserName');
  });

  it('answers a wrong or missing secret with a 401 that never repeats it', async () => {
    const wrong = await sim.call('ThresholdInformation', { headers: { Secret: 'guess-123' } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('guess-123');
    expect(wrong.text).not.toContain(demoUser.secret);
    expect((await sim.call('ThresholdInformation', { headers: { Secret: '' } })).status).toBe(401);
  });

  it("answers an unknown or another user's integration code with a 500", async () => {
    const unknown = await sim.call('ThresholdInformation', { headers: { ApiIntegrationCode: 'NOSUCHCODE' } });
    expect(unknown.status).toBe(500);
    expect(errorsOf(unknown)[0]).toContain('NOSUCHCODE');
    const borrowed = await sim.call('ThresholdInformation', { headers: { ApiIntegrationCode: 'ACCTSYNC' } });
    expect(borrowed.status).toBe(500);
    expect((await sim.call('ThresholdInformation', { headers: { ApiIntegrationCode: '' } })).status).toBe(500);
  });

  it('accepts a numeric ImpersonationResourceId and refuses anything else', async () => {
    expect((await sim.call('ThresholdInformation', { headers: { ImpersonationResourceId: '29682885' } })).status).toBe(
      200,
    );
    const bad = await sim.call('ThresholdInformation', { headers: { ImpersonationResourceId: 'me' } });
    expect(bad.status).toBe(500);
    expect(errorsOf(bad)[0]).toContain('ImpersonationResourceId');
  });

  it('does not count calls that fail authentication', async () => {
    const before = (await sim.stats()).windowCount;
    await sim.call('Tickets/70001', { headers: { Secret: 'wrong' } });
    await sim.call('Tickets/70001', { headers: { UserName: 'nobody' } });
    expect((await sim.stats()).windowCount).toBe(before);
  });
});

describe('zoneInformation', () => {
  it('tells a known user where its zone is, without auth and without counting the call', async () => {
    const before = (await sim.stats()).windowCount;
    const answer = await sim.call(
      `/atservicesrest/v1.0/zoneInformation?user=${encodeURIComponent(demoUser.username)}`,
      {
        headers: { UserName: '', Secret: '', ApiIntegrationCode: '' },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      zoneName: expect.any(String),
      url: sim.simulator.baseUrl,
      webUrl: `${sim.simulator.origin}/`,
      ci: expect.any(Number),
    });
    expect((await sim.stats()).windowCount).toBe(before);
  });

  it('matches the user name and the parameter name in any letter case', async () => {
    const answer = await sim.call('/ATServicesRest/V1.0/ZONEINFORMATION?User=SYNC%40MSP.EXAMPLE');
    expect(answer.status).toBe(200);
  });

  it("answers an unknown or missing user with Autotask's 500 and its words", async () => {
    for (const path of ['zoneInformation?user=ghost@example.com', 'zoneInformation']) {
      const answer = await sim.call(path);
      expect(answer.status).toBe(500);
      expect(errorsOf(answer)).toEqual(['Zone information could not be determined']);
    }
  });
});

describe('ThresholdInformation', () => {
  it('reports the limit, the timeframe and the requests in the window, this call included', async () => {
    const before = (await sim.stats()).windowCount;
    const answer = await sim.call('ThresholdInformation');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      externalRequestThreshold: 10_000,
      requestThresholdTimeframe: 60,
      currentTimeframeRequestCount: before + 1,
    });
  });
});
