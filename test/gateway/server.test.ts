import { describe, expect, it } from 'vitest';
import { AutotaskClient } from '../../electron/autotask';
import { demoUser } from '../../electron/simulator';
import {
  authHeaders,
  engineAt,
  errorsOf,
  send,
  startProbe,
  ticketQuery,
  useGatewayFixture,
  type ProbeCall,
} from './harness';

const { simulator, gateway, simStats, onCleanup } = useGatewayFixture();

describe('a script that changes only its base URL', () => {
  it('discovers the zone through the gateway and queries every page of tickets through it', async () => {
    const { gw, records } = await gateway();
    const client = new AutotaskClient({ credentials: demoUser, baseUrl: gw.baseUrl });
    expect(await client.zoneUrl()).toBe(gw.baseUrl);

    let tickets = 0;
    let pages = 0;
    for await (const page of client.queryPages('Tickets', { filter: [{ op: 'gte', field: 'id', value: 0 }] })) {
      tickets += page.items.length;
      pages++;
    }

    const direct = new AutotaskClient({ credentials: demoUser, baseUrl: simulator().baseUrl });
    const count = (await direct.request('POST', 'Tickets/query/count', {
      body: { filter: [{ op: 'gte', field: 'id', value: 0 }] },
    })) as { queryCount: number };
    expect(pages).toBeGreaterThan(1);
    expect(tickets).toBe(count.queryCount);
    // Every page went through the gateway (the direct count call is the one call it did not see).
    expect(records).toHaveLength(pages);
    expect(records.every((record) => record.outcome === 'forwarded')).toBe(true);
    expect((await simStats()).totalRequests).toBe(pages + 1);
  });
});

describe('zoneInformation', () => {
  it('is answered with the gateway as the zone, the rest as the zone said, in any letter case, uncounted', async () => {
    const { gw, records } = await gateway();
    const answer = await send(
      `${gw.url}/atservicesrest/v1.0/ZONEINFORMATION?user=${encodeURIComponent(demoUser.username)}`,
      {
        headers: { Host: `localhost:${gw.port}` },
      },
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      zoneName: 'Headroom Simulator',
      url: gw.baseUrl,
      webUrl: `${simulator().origin}/`,
      ci: 1,
    });
    expect(answer.headers['x-headroom-state']).toBe('normal');
    expect(records).toEqual([]);
    expect((await simStats()).totalRequests).toBe(0);
  });

  it('passes on Autotask’s answer for a user it does not know', async () => {
    const { gw } = await gateway();
    const answer = await send(`${gw.baseUrl}V1.0/zoneInformation?user=nobody%40else.example`);
    expect(answer.status).toBe(500);
    expect(errorsOf(answer)).toEqual(['Zone information could not be determined']);
  });

  it('leaves a user of another zone pointed at that zone: the gateway throttles one tenant', async () => {
    const otherName = `http://localhost:${simulator().port}/ATServicesRest/`;
    const { gw } = await gateway({ zoneUrl: async () => otherName });
    const answer = await send(`${gw.baseUrl}V1.0/zoneInformation?user=${encodeURIComponent(demoUser.username)}`);
    expect(JSON.parse(answer.text)).toMatchObject({ url: simulator().baseUrl });
  });
});

const answerOk = (call: ProbeCall) => call.answer(200, '{}');

describe('forwarding', () => {
  async function probeGateway(answer: (call: ProbeCall) => void) {
    const probe = await startProbe(answer);
    onCleanup(() => probe.close());
    return { probe, ...(await gateway({ zoneUrl: async () => probe.baseUrl })) };
  }

  it('sends the caller’s method, path, query, headers and body as they came, minus hop-by-hop and Headroom’s own', async () => {
    const { probe, api, gw } = await probeGateway((call) => call.answer(200, '{"itemId":7}'));
    const body = '{"id": 7, "title": "Printer on fire"}';
    const answer = await send(api('tickets?Odd=Case&x=%20y'), {
      method: 'PATCH',
      headers: [
        'Host',
        `127.0.0.1:${gw.port}`,
        ...Object.entries(authHeaders).flat(),
        'X-Custom',
        'kept',
        'Connection',
        'keep-alive, X-Private',
        'X-Private',
        'dropped',
        'X-Headroom-Priority',
        'Background',
        'X-Headroom-Anything',
        'dropped',
        'Content-Type',
        'application/json',
        'Content-Length',
        String(Buffer.byteLength(body)),
      ],
      body,
    });
    expect(answer.status + ' ' + answer.text).toBe('200 {"itemId":7}');
    const [call] = probe.calls;
    expect(call?.method).toBe('PATCH');
    expect(call?.url).toBe('/ATServicesRest/V1.0/tickets?Odd=Case&x=%20y');
    expect(call?.body.toString()).toBe(body);
    expect(call?.rawHeaders).toEqual([
      'Host',
      new URL(probe.origin).host,
      'ApiIntegrationCode',
      demoUser.integrationCode,
      'UserName',
      demoUser.username,
      'Secret',
      demoUser.secret,
      'X-Custom',
      'kept',
      'Content-Type',
      'application/json',
      'Content-Length',
      String(Buffer.byteLength(body)),
      'Connection',
      'keep-alive',
    ]);
  });

  it('follows the zone when zone discovery finds a new one', async () => {
    const [before, after] = await Promise.all([startProbe(answerOk), startProbe(answerOk)]);
    onCleanup(() => Promise.all([before.close(), after.close()]));
    let lookup = Promise.resolve(before.baseUrl);
    const { api } = await gateway({ zoneUrl: () => lookup });
    await send(api('Tickets/1'), { headers: authHeaders });
    await send(api('Tickets/2'), { headers: authHeaders });
    lookup = Promise.resolve(after.baseUrl);
    await send(api('Tickets/3'), { headers: authHeaders });
    expect(before.calls.map((call) => call.url)).toEqual([
      '/ATServicesRest/V1.0/Tickets/1',
      '/ATServicesRest/V1.0/Tickets/2',
    ]);
    expect(after.calls.map((call) => call.url)).toEqual(['/ATServicesRest/V1.0/Tickets/3']);
  });

  it('relays the answer as it came: status, headers and body, with Headroom’s state and usage added', async () => {
    const { api } = await probeGateway((call) =>
      call.answer(201, '{"itemId":42}', { 'X-Autotask-Trace': 'abc', 'Keep-Alive': 'timeout=99' }),
    );
    const answer = await send(api('Tickets'), { method: 'POST', headers: authHeaders, body: '{}' });
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('{"itemId":42}');
    expect(answer.headers).toMatchObject({
      'x-autotask-trace': 'abc',
      'content-type': 'application/json; charset=utf-8',
      'x-headroom-state': 'normal',
      'x-headroom-usage': '1234/10000',
    });
    expect(answer.headers['keep-alive']).not.toBe('timeout=99');
  });

  it('forwards a body that is not JSON as it is, and relays what Autotask says about it', async () => {
    const { api } = await gateway();
    const answer = await send(api('Tickets/query'), { ...ticketQuery(), body: '{"filter": [' });
    expect(answer.status).toBe(500);
    expect(errorsOf(answer)[0]).toMatch(/^The request body is not valid JSON/);
  });

  it('answers 404 in Autotask’s shape for anything outside /ATServicesRest/V1.0/, without forwarding it', async () => {
    const { gw } = await gateway();
    for (const path of [
      '/',
      '/_sim/stats',
      '/ATServicesRest/',
      '/ATServicesRest/V1.0/../../_sim/stats',
      '/ATServicesRest/v1.0/%2E%2E/x',
    ]) {
      const answer = await send(`${gw.url}${path}`, { headers: authHeaders });
      expect(answer.status, path).toBe(404);
      expect(errorsOf(answer)[0], path).toContain('Headroom’s gateway passes on calls under /ATServicesRest/V1.0/');
    }
    expect((await simStats()).totalRequests).toBe(0);
  });
});

describe('state and usage headers', () => {
  it('say asleep once Autotask has answered 429, and unknown (never 0) when usage is unknown', async () => {
    const { api, gate } = await gateway();
    gate.engine.reportUpstreamRejection({ kind: 'rate-limited', retryAfterMs: 60_000 });
    const asleep = await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'critical' }));
    expect(asleep.headers['x-headroom-state']).toBe('asleep');
  });

  it('say unknown usage when Headroom has no reading of the tenant’s counter', async () => {
    const { TestGate } = await import('./harness');
    const blind = new TestGate(null);
    onCleanup(() => blind.close());
    const { api } = await gateway({ throttle: blind });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.headers['x-headroom-usage']).toBe('unknown');
    expect(answer.headers['x-headroom-state']).toBe('unknown');
  });

  it('say unknown, and quote no stale figure as now, on a call refused because the counter cannot be read', async () => {
    const engine = engineAt(1_234);
    onCleanup(() => engine.close());
    engine.reportConnection('offline');
    const { api } = await gateway({ throttle: engine, maxHoldSeconds: 0 });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(429);
    expect(answer.headers['x-headroom-state']).toBe('unknown');
    expect(answer.headers['x-headroom-usage']).toBe('unknown');
    expect(answer.headers['ratelimit']).toBeUndefined();
    const [message = ''] = errorsOf(answer);
    expect(message).toMatch(
      /^Held 0 s and not sent: the tenant’s usage is unknown\. Usage unknown \(Autotask cannot be reached; the last reading is \d+ s old\): non-critical calls wait until Headroom can read the counter\. Try again in \d+ s\. \(Headroom: usage unknown\.\)$/,
    );
    expect(message).not.toMatch(/1,?234/);
  });
});

describe('logs and the Secret', () => {
  it('logs method, path, status, API user and integration code, and never the Secret anywhere', async () => {
    const secret = 'Zq9-distinctive-SECRET-7f3e';
    const { api, gw, lines, records } = await gateway();
    const headers = { ...authHeaders, Secret: secret };
    const bodies = [
      await send(api('Tickets/query'), {
        ...ticketQuery(),
        headers: { ...headers, 'Content-Type': 'application/json' },
      }),
      await send(api('Tickets/1'), { headers: { ...headers, 'X-Headroom-Priority': 'soon' } }),
      await send(`${gw.url}/nowhere`, { headers }),
      await send(api('Tickets/1'), { headers: { ...headers, Origin: 'https://evil.example' } }),
    ].map((answer) => `${JSON.stringify(answer.headers)} ${answer.text}`);
    expect(lines).toEqual([
      `POST /ATServicesRest/V1.0/Tickets/query 401 user=${demoUser.username} integration=${demoUser.integrationCode}`,
      `GET /ATServicesRest/V1.0/Tickets/1 400 user=${demoUser.username} integration=${demoUser.integrationCode}`,
      `GET /nowhere 404 user=${demoUser.username} integration=${demoUser.integrationCode}`,
      `GET /ATServicesRest/V1.0/Tickets/1 403 user=${demoUser.username} integration=${demoUser.integrationCode}`,
    ]);
    const everything = [...lines, ...bodies, JSON.stringify(gw.stats()), JSON.stringify(records)].join('\n');
    expect(everything).not.toContain(secret);
  });
});
