import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesSomething, methodNames, type MethodName, type RequestOf } from '../../electron/contract';
import { defaultThrottleSettings } from '../../electron/core/settings/throttle-settings';
import { fakeSecret } from './fake-headroom';
import { startFixture, testToken, type HostFixture } from './host-fixture';
import { post, send } from './http-client';

/** A request for every method: a Record, so a method added to the contract must be given one here. */
const exampleRequests: { [M in MethodName]: RequestOf<M> } = {
  snapshot: undefined,
  wakeUp: undefined,
  getThresholds: undefined,
  updateThresholds: { ...defaultThrottleSettings, slowAtPercent: 70 },
  checkThresholds: { ...defaultThrottleSettings, slowAtPercent: 95 },
  getConnection: undefined,
  updateConnection: {
    autotaskBaseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
    username: 'ops@example.com',
    integrationCode: 'XYZ789',
  },
  testConnection: undefined,
  usageHistory: { hours: 24 },
  gatewayStats: undefined,
  getNotifications: undefined,
  updateNotifications: { pauseForMinutes: 60 },
};

let fixture: HostFixture;
beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(async () => {
  await fixture.close();
});

const withToken = { 'X-Headroom-Token': testToken };

describe('the contract over HTTP', () => {
  it('reaches every method of the contract as POST /api/<method>, passing its request and answering its response', async () => {
    for (const method of methodNames) {
      fixture.fake.calls.length = 0;
      const answer = await post(fixture.host.port, method, exampleRequests[method], withToken);
      expect(answer.status, `${method}: ${answer.text}`).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(fixture.fake.calls).toEqual([{ method, request: exampleRequests[method] }]);
      const direct = await (fixture.fake[method] as (request: unknown) => Promise<unknown>)(exampleRequests[method]);
      expect(answer.json(), method).toEqual(direct);
    }
  });

  it('reads the snapshot with GET as JSON', async () => {
    const answer = await send(fixture.host.port, '/api/snapshot?fresh=1');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json()).toEqual(fixture.fake.current);
  });

  it('answers 404 in words for a method the contract does not have, inherited names included', async () => {
    for (const name of ['resetEverything', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
      const answer = await post(fixture.host.port, name, undefined, withToken);
      expect(answer.status, name).toBe(404);
      expect(answer.json()).toEqual({
        error: expect.stringMatching(/^Headroom has no method ".*"; it has snapshot, /),
      });
    }
  });

  it('answers 405 in words for a method called with the wrong HTTP method', async () => {
    const answer = await send(fixture.host.port, '/api/wakeUp', { headers: withToken });
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('POST');
    expect(answer.json()).toEqual({ error: 'Call wakeUp with POST.' });
    expect((await send(fixture.host.port, '/api/snapshot', { method: 'DELETE' })).headers['allow']).toBe('GET, POST');
  });

  it('refuses a body that is not JSON with 400, without quoting it back', async () => {
    fixture.fake.calls.length = 0;
    const body = `{"secret": "${fakeSecret}", oops`;
    const answer = await send(fixture.host.port, '/api/updateConnection', {
      method: 'POST',
      headers: withToken,
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({
      error: 'The request body is not valid JSON: send the request as a JSON value.',
    });
    expect(fixture.fake.calls).toEqual([]);
  });

  it('refuses a body past the size limit with 413', async () => {
    const answer = await send(fixture.host.port, '/api/updateThresholds', {
      method: 'POST',
      headers: withToken,
      body: JSON.stringify({ padding: 'x'.repeat(70_000) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({ error: 'The request body is larger than 64 KiB.' });
  });

  it('answers 400 with the handler’s words for a request it cannot take', async () => {
    for (const request of [{ hours: 'all' }, undefined]) {
      const answer = await post(fixture.host.port, 'usageHistory', request);
      expect(answer.status).toBe(400);
      expect(answer.json()).toEqual({ error: 'Hours must be a whole number.' });
    }
  });

  it('answers a handler that throws with 500 in words: no stack, no message from inside, but a line in the log', async () => {
    fixture.fake.failing = 'getThresholds';
    try {
      const answer = await post(fixture.host.port, 'getThresholds', undefined);
      expect(answer.status).toBe(500);
      expect(answer.json()).toEqual({
        error: 'Headroom could not complete getThresholds: something went wrong inside it (its log says what).',
      });
      expect(answer.text).not.toContain(' at ');
      expect(fixture.logged.at(-1)).toMatch(/^getThresholds failed: getThresholds broke/);
    } finally {
      fixture.fake.failing = undefined;
    }
  });
});

describe('the per-launch token', () => {
  const changing = methodNames.filter((method) => changesSomething[method]);

  it('is asked of every method that changes something: 403 in words without it, with no call made', async () => {
    expect(changing.length).toBeGreaterThan(0);
    for (const method of changing) {
      fixture.fake.calls.length = 0;
      const answer = await post(fixture.host.port, method, exampleRequests[method]);
      expect(answer.status, method).toBe(403);
      expect(answer.json()).toEqual({
        error:
          `${method} changes something, so it needs this launch's token in the X-Headroom-Token header. The page ` +
          `Headroom serves carries it; another program reads it from this host's own file, ` +
          `${fixture.host.tokenPath} (one file per port, with a new token each time Headroom starts).`,
      });
      expect(fixture.fake.calls).toEqual([]);
    }
  });

  it('refuses a wrong token with 403 in words, a token of another length too', async () => {
    for (const wrong of [`${testToken.slice(0, -1)}x`, 'short', `${testToken}${testToken}`, '']) {
      for (const method of changing) {
        const answer = await post(fixture.host.port, method, exampleRequests[method], { 'X-Headroom-Token': wrong });
        expect(answer.status, `${method} with "${wrong}"`).toBe(403);
        expect(answer.json()).toEqual({
          error: expect.stringContaining("was sent with a token that is not this launch's"),
        });
      }
    }
  });

  it('is not asked of the methods that only read', async () => {
    for (const method of methodNames.filter((name) => !changesSomething[name])) {
      expect((await post(fixture.host.port, method, exampleRequests[method])).status, method).toBe(200);
    }
  });
});
